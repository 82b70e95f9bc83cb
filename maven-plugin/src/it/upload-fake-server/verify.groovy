def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
checks.stopFakeServer(basedir)

def posted = checks.fakeServerPosts(basedir)
def recorded = checks.recordedRunIds(basedir)
assert recorded.size() == 10: "5 tests x 2 runs expected in the records, got ${recorded.size()}"
assert posted.size() == posted.toSet().size(): "a run was sent twice: ${posted}"
assert posted.toSet() == recorded.toSet(): "sent ${posted.size()} runs, recorded ${recorded.size()}"
assert checks.spoolFiles(basedir).isEmpty(): 'the spool should be empty after the upload'

def log = new File(basedir, 'build.log').text
assert log.contains("LangSmith upload: API key from settings.xml server 'langsmith-it'")
assert log =~ /LangSmith upload: \d+ operations sent in \d+ batch\(es\) in [\d.]+ s; \d+ spool file\(s\) done; the spool is empty/
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
