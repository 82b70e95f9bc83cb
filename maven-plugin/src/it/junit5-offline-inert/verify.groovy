// Offline: the traced module's fork spools and records its traced tests and prints the summary;
// nothing else (untraced class, the plain module's fork, the Maven JVM) creates or prints anything.
import groovy.json.JsonSlurper

def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def slurper = new JsonSlurper()
def traced = new File(basedir, 'traced')
def plain = new File(basedir, 'plain')

// Traced module: spooled (offline destination) and recorded.
assert !checks.spoolFiles(traced).isEmpty(): 'offline runs should be in the spool'
def recordFiles = checks.recordFiles(traced)
assert recordFiles.size() == 1: "one fork JVM, one records file: ${recordFiles*.name}"
def runs = checks.recordedRuns(recordFiles[0])
def tests = runs.findAll { it.metadata.junit_node == 'test' }
def classes = runs.findAll { it.metadata.junit_node == 'class' }
assert classes*.name == ['TracedTest']
assert tests.size() == 3 && runs.size() == 4: "runs: ${runs*.name}"
assert tests.every { it.parent_run_id == classes[0].id && it.metadata.outcome == 'passed' && it.metadata.attempt == 1 }
assert tests.collect { it.metadata.method }.sort() == ['capital', 'capital', 'greets']
assert !runs.any { it.metadata.class == 'it.UntracedTest' }
assert checks.recordedRunIds(traced).size() == 4
assert checks.recordedRunIds(traced).toSet() == runs*.id.toSet()

// Report goal rendered them.
def html = new File(traced, 'target/langsmith/report.html').getText('UTF-8')
assert html.contains('TracedTest') && html.contains('greets') && html.contains('capital')
assert !html.contains('untracedWork')

// Plain module: the extension was on the fork's class path, no traced test ran: nothing created.
assert !new File(plain, 'target/langsmith/records').exists(): 'a JVM without traced tests must not record'
assert checks.spoolFiles(plain).isEmpty()
assert new File(plain, 'target/surefire-reports/TEST-it.PlainTest.xml').isFile()

def log = new File(basedir, 'build.log').text
// The two module sections of the log, split at Maven's project headers.
def plainStart = log.indexOf('< it.langsmith:plain >')
def tracedStart = log.indexOf('< it.langsmith:traced >')
assert 0 < plainStart && plainStart < tracedStart
def plainLog = log.substring(plainStart, tracedStart)
def tracedLog = log.substring(tracedStart)
assert !plainLog.contains('[LangSmith]'): 'the plain module printed LangSmith output'
assert plainLog.contains('LangSmith report: no run records under')

// Exactly one summary in the whole build: the traced fork's. The Maven JVM (discovery) and the
// plain module's fork stay silent. It is printed while the traced module's tests run.
def summaries = (log =~ /\[LangSmith\] (\d+) tests? traced: (\d+) passed, (\d+) failed, (\d+) skipped/).collect { it }
assert summaries*.getAt(0) == ['[LangSmith] 3 tests traced: 3 passed, 0 failed, 0 skipped']
assert (log =~ /\[LangSmith\] operations: /).count == 1
assert (log =~ /\[LangSmith\] offline \(no LANGSMITH_API_KEY\)/).count == 1
int summaryAt = tracedLog.indexOf('[LangSmith] 3 tests traced')
assert tracedLog.indexOf('Running it.TracedTest') < summaryAt
assert summaryAt < tracedLog.indexOf('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0')
assert !log.contains('[LangSmith] problem:')

assert tracedLog.contains('LangSmith report: 3 test(s): 3 passed, 0 failed, 0 skipped, pass rate 100.0%')
assert log.contains('LangSmith: no LANGSMITH_API_KEY in the environment')
checks.noSecret(traced, 'lsv2_fake_SECRET_123')
true
