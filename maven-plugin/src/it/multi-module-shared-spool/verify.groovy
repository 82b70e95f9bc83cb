def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def log = new File(basedir, 'build.log').text
def shared = new File(basedir, 'shared-spool/records')
assert shared.isDirectory() && shared.listFiles().size() == 2: "one records file per module in the shared directory"
assert !new File(basedir, 'alpha/target/langsmith/records').exists()

// each module judged alone, on its own records
assert log.contains('LangSmith report: 2 test(s): 2 passed, 0 failed, 0 skipped, pass rate 100.0%')
assert log.contains('LangSmith report: 2 test(s): 1 passed, 1 failed, 0 skipped, pass rate 50.0%')
assert log.contains('LangSmith gate passed: pass rate 1.00 >= 0.50 (2 of 2 tests passed)')
assert log.contains('LangSmith gate passed: pass rate 0.50 >= 0.50 (1 of 2 tests passed)')

// the whole build: four tests, the two france() apart
assert log.contains('LangSmith report: 4 test(s): 3 passed, 1 failed, 0 skipped, pass rate 75.0% in all modules (2)')
assert log.contains('LangSmith gate passed: pass rate 0.75 >= 0.50 (3 of 4 tests passed)')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
