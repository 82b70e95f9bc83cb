def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def files = checks.recordFiles(basedir)
assert files.size() == 2: "one records file per fork: ${files*.name}"
def log = new File(basedir, 'build.log').text
assert log.contains('LangSmith report: 3 test(s): 3 passed, 0 failed, 0 skipped')
assert log.contains('LangSmith gate passed: pass rate 1.00 >= 0.90 (3 of 3 tests passed)')
true
