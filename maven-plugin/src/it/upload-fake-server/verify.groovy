def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
checks.stopFakeServer(basedir)

def posted = checks.fakeServerPosts(basedir)
def recorded = checks.recordedRunIds(basedir)
assert recorded.size() == 12: "5 tests x 2 runs + 2 evaluated tests x 1 run expected in the records, got ${recorded.size()}"
assert posted.size() == posted.toSet().size(): "a run was sent twice: ${posted}"
assert posted.toSet() == recorded.toSet(): "sent ${posted.size()} runs, recorded ${recorded.size()}"
assert checks.spoolFiles(basedir).isEmpty(): 'the spool should be empty after the upload'

// Evaluation mode, recorded offline: the dataset, its examples and the experiment reach the
// server before any run that refers to them, and the runs refer to exactly those.
def lines = new File(basedir, 'fake-langsmith.log').readLines('UTF-8')
def rest = lines.findAll { it.startsWith('rest ') }
assert rest.every { it.endsWith(' key=ok') }: "an evaluation request had a wrong key: ${rest}"
def firstMultipart = lines.findIndexOf { it.startsWith('multipart ') }
// Feedback's session ids are looked up while the runs are sent (a project created without a
// dataset, or a read by name): not evaluation data.
def lookup = { String l -> l.startsWith('rest GET /sessions') || (l.startsWith('rest POST /sessions') && l.contains('ref=null')) }
def lastRest = lines.findLastIndexOf { it.startsWith('rest ') && !lookup(it) }
assert firstMultipart >= 0 && lastRest >= 0: "expected evaluation requests and runs: ${lines}"
assert lastRest < firstMultipart: "evaluation data must be uploaded before the runs: ${lines}"
def datasetLine = rest.find { it.startsWith('rest POST /datasets name=it-capitals id=') }
assert datasetLine: "the dataset was not created: ${rest}"
def datasetId = (datasetLine =~ /id=([0-9a-f-]{36})/)[0][1]
def exampleIds = rest.findAll { it.startsWith('rest POST /examples/bulk ids=') }
        .collectMany { (it =~ /ids=([^ ]*)/)[0][1].split(',') as List }
assert exampleIds.size() == 2: "2 examples expected: ${rest}"
def sessionLine = rest.find { it.startsWith('rest POST /sessions name=') }
assert sessionLine?.contains("ref=${datasetId}"): "the experiment must reference the dataset: ${rest}"
def experiment = (sessionLine =~ /name=(it-capitals-[0-9a-f]{8}) /)[0][1]
assert rest.any { it.startsWith('rest PATCH /sessions end_time=') }: "the experiment was not ended: ${rest}"
def multipart = lines.findAll { it.startsWith('multipart ') }
def refs = multipart.collectMany { l -> def r = (l =~ /refs=([^ ]*)/)[0][1]; r ? r.split(',') as List : [] }
assert refs.toSet() == exampleIds.toSet(): "runs refer to ${refs}, examples created ${exampleIds}"
assert multipart.any { l -> ((l =~ /sessions=([^ ]*)/)[0][1].split('\\|') as List).contains(experiment) }:
        "no run names the experiment ${experiment} as its session: ${multipart}"
def examplesDir = new File(basedir, 'target/langsmith/examples')
assert !examplesDir.exists() || examplesDir.listFiles().findAll { it.name.endsWith('.jsonl') }.isEmpty():
        'the examples file should be gone after the upload'

def log = new File(basedir, 'build.log').text
assert log.contains("LangSmith upload: API key from settings.xml server 'langsmith-it'")
assert log.contains('LangSmith upload: evaluation data: 1 dataset(s), examples 2 created, 0 updated, 0 unchanged, 1 experiment(s) (1 ended); 1 of 1 examples file(s) done')
assert log.indexOf('LangSmith upload: evaluation data:') < log.indexOf(' operations from ')
assert log =~ /LangSmith upload: \d+ operations sent in \d+ batch\(es\) in [\d.]+ s; \d+ spool file\(s\) done; the spool is empty/
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
