// What the fake LangSmith received, rebuilt per run from its multipart parts, must be exactly the
// runs the forks recorded: every test run once per attempt, parented by its class run.
import groovy.json.JsonSlurper

def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
checks.stopFakeServer(basedir)
def slurper = new JsonSlurper()

def requests = new File(basedir, 'fake-langsmith-parts.jsonl').readLines('UTF-8').collect { slurper.parseText(it) }
assert requests.every { !it.server_error }: "the fake server could not read a request: ${requests.findAll { it.server_error }}"
def multipart = requests.findAll { it.parts != null }
assert !multipart.isEmpty(): 'no run reached the fake LangSmith'
assert multipart.every { it.key_ok }: 'a request had a wrong or missing API key'
assert requests.every { it.parts != null || it.path.endsWith('/info') || it.path.endsWith('/sessions') }:
        "unexpected requests: ${requests*.path}"

// Feedback carries the tracing project's id, created once per fork JVM, and its run's start time.
def sessionRequests = requests.findAll { it.path.endsWith('/sessions') }
def feedbackParts = multipart.collectMany { req -> req.parts.findAll { it.name.startsWith('feedback.') } }
assert !feedbackParts.isEmpty(): 'no feedback reached the fake LangSmith'
assert sessionRequests.every { it.method == 'POST' && it.key_ok && it.body == [name: 'it-junit5-forks'] }: sessionRequests
assert sessionRequests.size() in 1..2: "the project is created once per fork JVM: ${sessionRequests}"
assert feedbackParts.every { it.body.session_id == '0192a000-0000-7000-8000-00000000f00d' && it.body.start_time }:
        "feedback without the project's id or start time: ${feedbackParts.findAll { !it.body.session_id }}"
assert feedbackParts.every { !it.body.containsKey('session_name') }

// Rebuild each run: post (+ optional later patch), with its separate field parts.
def posts = [:].withDefault { 0 }
def patches = [:].withDefault { 0 }
def runs = [:].withDefault { [:] }
multipart.each { req ->
    req.parts.each { part ->
        def segments = part.name.split('\\.', 3)
        if (segments[0] != 'post' && segments[0] != 'patch') {
            return
        }
        String id = segments[1]
        if (segments.length == 2) {
            (segments[0] == 'post' ? posts : patches)[id]++
            runs[id].putAll(part.body)
        } else {
            runs[id][segments[2]] = part.body
        }
    }
}
assert posts.values().every { it == 1 }: "runs posted more than once: ${posts.findAll { it.value > 1 }}"
assert patches.values().every { it == 1 }: "runs patched more than once: ${patches.findAll { it.value > 1 }}"
assert posts.keySet().containsAll(patches.keySet()): 'a patch without its post'

// The server got exactly what the forks recorded, and nothing is left to upload.
def recorded = checks.recordedRunIds(basedir)
assert recorded.size() == recorded.toSet().size()
assert posts.keySet() == recorded.toSet()
assert checks.spoolFiles(basedir).isEmpty(): "left in the spool: ${checks.spoolFiles(basedir)}"

def meta = { run -> run.extra?.metadata ?: [:] }
def tests = runs.values().findAll { meta(it).junit_node == 'test' }
def classes = runs.values().findAll { meta(it).junit_node == 'class' }
def byId = runs

// 2 + 3 + 3 + (2 + the rerun of flaky) test runs.
assert tests.size() == 11: "test runs: ${tests.collect { it.name }}"
def attempts = tests.collect { meta(it).unique_id + '#' + meta(it).attempt }
assert attempts.size() == attempts.toSet().size(): "a test attempt arrived twice: ${attempts}"
assert tests.findAll { meta(it).class == 'it.BravoTest' }.size() == 3
assert tests.findAll { meta(it).class == 'it.CharlieTest' }.size() == 3

def flaky = tests.findAll { meta(it).method == 'flaky' }.sort { meta(it).attempt }
assert flaky.size() == 2
assert flaky.collect { meta(it).attempt } == [1, 2]
assert flaky.collect { meta(it).outcome } == ['failed', 'passed']
assert flaky[0].error?.contains('fails once, then passes'): "first attempt error: ${flaky[0].error}"
assert !flaky[1].error
assert flaky[0].id != flaky[1].id
def others = tests - flaky
assert others.every { meta(it).attempt == 1 && meta(it).outcome == 'passed' && !it.error }:
        others.collect { [it.name, meta(it).attempt, meta(it).outcome] }

// Every test run is a child (and in the trace) of a class run of its own class.
tests.each { t ->
    def parent = byId[t.parent_run_id]
    assert parent != null && meta(parent).junit_node == 'class': "${t.name}: parent ${t.parent_run_id} is no class run"
    assert meta(parent).class == meta(t).class
    assert t.trace_id == parent.id && parent.trace_id == parent.id && !parent.parent_run_id
}
// The rerun executes a new test plan, so its attempt has a class run of its own.
assert classes.collect { meta(it).class }.sort() ==
        ['it.AlphaTest', 'it.BravoTest', 'it.CharlieTest', 'it.FlakyTest', 'it.FlakyTest']
assert byId[flaky[0].parent_run_id].id != byId[flaky[1].parent_run_id].id
// AlphaTest's nested model calls hang below their test runs.
def models = runs.values().findAll { it.name == 'model' }
assert models.size() == 2
assert models.every { m -> meta(byId[m.parent_run_id]).method in ['france', 'italy'] }
assert runs.size() == tests.size() + classes.size() + models.size()

// One records file and one summary per fork JVM that ran traced tests (one or two JVMs).
def recordFiles = checks.recordFiles(basedir)
def pids = recordFiles.collect { (it.name =~ /^\d{8}T\d{6}Z-(\d+)-/)[0][1] }.toSet()
assert pids.size() == recordFiles.size() && pids.size() in 1..2: "records files: ${recordFiles*.name}"

def log = new File(basedir, 'build.log').text
def summaries = (log =~ /\[LangSmith\] (\d+) tests? traced: (\d+) passed, (\d+) failed, (\d+) skipped/).collect { it }
assert summaries.size() == pids.size(): "expected ${pids.size()} summaries (one per fork JVM), got ${summaries*.getAt(0)}"
// Each JVM counts a test once, by its last attempt, as Surefire does: the flaky test is passed.
assert summaries.sum { it[1] as int } == 10
assert summaries.sum { it[3] as int } == 0
assert log.contains('1 flaky (passed on a rerun)')
def operations = (log =~ /\[LangSmith\] operations: (\d+) sent, (\d+) spooled, (\d+) dropped(.*)/).collect { it }
assert operations.size() == pids.size()
assert operations.every { it[2] == '0' && it[3] == '0' && it[4].trim().isEmpty() }: operations*.getAt(0)
assert (log =~ /\[LangSmith\] project 'it-junit5-forks' at http:\/\/127\.0\.0\.1:\d+/).count == pids.size()
assert !log.contains('[LangSmith] problem:')
assert log.contains('LangSmith: test JVMs will send runs to LangSmith (API key from the environment)')
// Surefire counts tests, not attempts.
assert log.contains('Tests run: 10, Failures: 0, Errors: 0, Skipped: 0, Flakes: 1'): 'Surefire should report one flake'

// Report and gate see both forks (one build id) and judge the flaky test by its last attempt.
assert log.contains('LangSmith report: 10 test(s): 10 passed, 0 failed, 0 skipped, pass rate 100.0% (1 flaky: passed on a rerun; 1 earlier attempt(s) of rerun tests not counted)')
assert log.contains('LangSmith gate passed: pass rate 1.00 >= 1.00')

checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
assert !new File(basedir, 'fake-langsmith-parts.jsonl').getText('UTF-8').contains('lsv2_fake_SECRET_123'): 'the key was in a request body'
true
