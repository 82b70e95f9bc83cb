def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def props = checks.preparedProperties(basedir)
assert props.getProperty('langsmith.project') == 'from-the-command-line'
assert props.getProperty('langsmith.testTracking') == 'true'
assert !checks.spoolFiles(basedir).isEmpty()
assert checks.recordedRunIds(basedir).size() == 6

def log = new File(basedir, 'build.log').text
assert log.contains('LangSmith: no LANGSMITH_API_KEY in the environment: test JVMs record offline')
assert log.contains('LangSmith gate passed: pass rate 1.00 >= 0.90 (3 of 3 tests passed)')
assert log.contains('LangSmith gate: no recorded tests under')
assert log.contains('Skipping the gate (set failIfNoRecords to fail instead)')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
