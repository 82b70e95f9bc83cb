// Surefire 3.5's own TestNG provider, offline: TracedTest recorded exactly once, the report reads it.
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def tracedTest = new GroovyShell().evaluate(new File(itLib, 'testng.groovy'))
tracedTest(basedir, checks)
def log = new File(basedir, 'build.log').text
assert log.contains('org.apache.maven.surefire.testng.TestNGProvider') || log.contains('surefire-testng')
assert log.contains('LangSmith report: 4 test(s): 3 passed, 0 failed, 1 skipped')
assert !checks.spoolFiles(basedir).isEmpty(): 'offline runs are in the spool'
true
