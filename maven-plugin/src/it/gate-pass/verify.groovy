def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 4, Failures: 1')
assert log.contains("LangSmith gate passed: pass rate 0.75 >= 0.70 (3 of 4 tests passed); feedback 'correctness' mean 0.75 >= 0.70 (n=4)")
assert new File(basedir, 'target/langsmith/report.html').isFile()
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
