def log = new File(basedir, 'build.log').text
// the first build: the red build's gate fails
assert log.contains('LangSmith gate failed: pass rate 0.75 < 0.90')
// the second build judges itself: nothing recorded for its build id, no tests ran in it
int second = log.lastIndexOf('Scanning for projects')
def secondLog = log.substring(second)
assert secondLog.contains('Tests are skipped.')
assert secondLog.contains('LangSmith report: no run records under')
assert secondLog.contains('LangSmith gate: no recorded tests under')
assert !secondLog.contains('LangSmith gate failed')
assert !secondLog.contains('but none was recorded')
true
