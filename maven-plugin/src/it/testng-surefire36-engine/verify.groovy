// Surefire 3.6: TestNG through the TestNG engine, whose discovery is a TestNG dry run in the same
// JVM. Nothing of the dry run is recorded or sent: each test exactly once, with its real outcome.
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
checks.stopFakeServer(basedir)
def tracedTest = new GroovyShell().evaluate(new File(itLib, 'testng.groovy'))
def runs = tracedTest(basedir, checks)
def log = new File(basedir, 'build.log').text
assert log.contains('testng-engine'): 'Surefire 3.6 added the TestNG engine'
// online: every recorded run was created on the (fake) server exactly once, nothing left in the spool
def posted = checks.fakeServerPosts(basedir)
assert posted.size() == posted.toSet().size(): 'a run was created twice'
assert posted.toSet() == runs*.id.toSet()
assert checks.spoolFiles(basedir).isEmpty()
assert log.contains('[LangSmith] operations: ') && !log.contains(' spooled, 0 dropped (flush timed out')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
