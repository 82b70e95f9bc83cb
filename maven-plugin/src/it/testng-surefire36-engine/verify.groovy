// Surefire 3.6: TestNG through the TestNG engine, whose discovery is a TestNG dry run in the same
// JVM. Nothing of the dry run is recorded: each test exactly once, with its real outcome.
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def tracedTest = new GroovyShell().evaluate(new File(itLib, 'testng.groovy'))
tracedTest(basedir, checks)
def log = new File(basedir, 'build.log').text
assert log.contains('junit-platform') || log.contains('JUnitPlatformProvider')
true
