def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def (firstLog, secondLog) = checks.invocationLogs(basedir)

// written by the first build (the second failed before writing)
def props = checks.preparedProperties(basedir)
assert props.getProperty('langsmith.flushTimeout') == '7s'
assert props.getProperty('langsmith.maxFieldBytes') == '2MiB'
assert props.getProperty('langsmith.experiment') == 'from-the-parameter'
assert props.getProperty('langsmith.project') == 'it-properties-map'
assert firstLog.contains('LangSmith report: 1 test(s): 1 passed')

// the key-like value is refused by name, and appears nowhere
assert secondLog.contains('langsmith.testSuite')
assert secondLog.contains('BUILD FAILURE')
checks.noSecret(basedir, 'lsv2_pt_0123456789abcdef0123456789abcdef_0123456789')
true
