// JUnit 5 and TestNG tests in one JVM on the JUnit Platform: the Jupiter tests by the JUnit 5
// module, the TestNG tests by the listener, each once; one record, one summary counting both.
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def (runs, classes, tests) = checks.recordedTree(basedir).with { [it.runs, it.classes, it.tests] }
assert classes*.name.sort() == ['JupiterTest', 'RowsTestNgTest']: "class runs: ${classes*.name}"
assert tests*.name.sort() == ['adds', 'multiplies', 'nonEmpty [1]', 'nonEmpty [2]', 'nonEmpty [3]']: "test runs: ${tests*.name}"
assert !tests.any { it.metadata.unique_id.contains('[engine:testng]') }: 'the JUnit 5 module recorded a TestNG engine test'
assert tests.every { it.metadata.outcome == 'passed' }
assert tests.collect { it.metadata.unique_id }.toSet().size() == 5
def log = new File(basedir, 'build.log').text
def summaries = (log =~ /\[LangSmith\] (\d+) tests? traced: [^\n]*/).collect { it[0] }
assert summaries == ['[LangSmith] 5 tests traced: 5 passed, 0 failed, 0 skipped']: "summaries: ${summaries}"
assert log.contains('Tests run: 5, Failures: 0, Errors: 0, Skipped: 0')
assert !log.contains('[LangSmith] problem:')
true
