def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
checks.stopFakeServer(basedir)

def posted = checks.fakeServerPosts(basedir)
def recorded = checks.recordedRunIds(basedir)
assert recorded.size() == 16: "4 classes x 2 tests x 2 runs expected, got ${recorded.size()}"
assert posted.size() == posted.toSet().size(): "a run was sent twice: ${posted}"
assert posted.toSet() == recorded.toSet()
assert checks.spoolFiles(basedir).isEmpty()

def records = checks.recordFiles(basedir)
assert records.size() >= 1 && records.size() <= 2: "one records file per fork JVM expected, got ${records*.name}"

def log = new File(basedir, 'build.log').text
assert log.contains('LangSmith: test JVMs will send runs to LangSmith (API key from the environment)')
assert log.contains('LangSmith upload: nothing to upload')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
