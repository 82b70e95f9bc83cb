// traceAllTests traces the TestNG class that names no listener too, each test once.
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def (runs, classes, tests) = checks.recordedTree(basedir).with { [it.runs, it.classes, it.tests] }
assert classes*.name.sort() == ['TracedTest', 'UntracedTest']: "class runs: ${classes*.name}"
assert tests.findAll { it.metadata.class == 'it.UntracedTest' }*.name == ['plain']
def keys = tests.collect { it.metadata.unique_id + '#' + it.metadata.attempt }
assert keys.toSet().size() == keys.size() && tests.size() == 6: "test runs: ${tests*.name}"
assert checks.preparedProperties(basedir).getProperty('langsmith.testng.traceAll') == 'true'
def log = new File(basedir, 'build.log').text
assert log.contains('[LangSmith] 5 tests traced: 4 passed, 0 failed, 1 skipped (1 flaky (passed on a rerun))')
true
