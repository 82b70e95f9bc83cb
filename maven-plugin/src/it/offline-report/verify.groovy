def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))

def props = checks.preparedProperties(basedir)
assert props.getProperty('langsmith.project') == 'it-offline-report'
assert props.getProperty('langsmith.experiment') == 'offline ünïcode # experiment'
assert props.getProperty('langsmith.flushTimeout') == '15s'
assert props.getProperty('langsmith.buildId') ==~ /.*\d{8}T\d{6}Z-[0-9a-f]{8}/
// relative to the file (target/test-classes), so the file holds no absolute path
assert props.getProperty('langsmith.spoolDir') == '../langsmith'
assert props.getProperty('langsmith.generatedBy') ==~ /\d+@\d*/
assert !props.stringPropertyNames().any { it.toLowerCase().contains('apikey') || it.toLowerCase().contains('api_key') }

assert !checks.spoolFiles(basedir).isEmpty(): 'offline runs should be in the spool'
def ids = checks.recordedRunIds(basedir)
assert ids.size() == 6: "3 tests x (trace + nested model call) expected, got ${ids.size()}"

def report = new File(basedir, 'target/langsmith/report.html')
assert report.isFile()
def html = report.getText('UTF-8')
assert html.contains('CapitalsTest capital of France')
assert html.contains('<div class="big">100.0%</div>')
assert html.contains('<code>correctness</code>')
assert !html.contains('<script src') && !html.contains('<link ')

def log = new File(basedir, 'build.log').text
assert log.contains('LangSmith: no LANGSMITH_API_KEY in the environment')
assert log.contains('LangSmith report: 3 test(s): 3 passed, 0 failed, 0 skipped, pass rate 100.0%')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
