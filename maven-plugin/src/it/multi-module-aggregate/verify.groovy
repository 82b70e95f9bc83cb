def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def (firstLog, secondLog) = checks.invocationLogs(basedir)

// each module judged alone
assert firstLog.contains('LangSmith gate passed: pass rate 1.00 >= 0.50 (2 of 2 tests passed)')
assert firstLog.contains('LangSmith gate passed: pass rate 0.50 >= 0.50 (1 of 2 tests passed)')
assert new File(basedir, 'alpha/target/langsmith/report.html').isFile()
assert new File(basedir, 'beta/target/langsmith/report.html').isFile()

// the whole build at once: four tests (alpha's and beta's france() are two), after both modules ran
assert firstLog.contains('LangSmith report: 4 test(s): 3 passed, 1 failed, 0 skipped, pass rate 75.0%')
assert firstLog.contains('LangSmith gate passed: pass rate 0.75 >= 0.50 (3 of 4 tests passed)')
def aggregate = new File(basedir, 'target/langsmith/report-aggregate.html')
assert aggregate.isFile()
def html = aggregate.getText('UTF-8')
assert html.contains('france') && html.contains('italy') && html.contains('germany')

// the job summary: a block per module, then one for all modules with its verdict
def summary = new File(basedir, 'step-summary.md').getText('UTF-8')
assert summary.contains('### LangSmith: alpha') && summary.contains('### LangSmith: beta')
assert summary.contains('### LangSmith: all modules (2)') && summary.contains('|4|3|1|0|75.0%|')
assert summary.contains('**LangSmith gate passed** (all modules (2)): pass rate 0.75 >= 0.50')

// the aggregate gate alone, stricter, judges the last build of both modules
assert secondLog.contains('LangSmith gate failed: pass rate 0.75 < 0.80 (short by 0.05; 3 of 4 tests passed)')
assert summary.contains('**LangSmith gate failed** (all modules (2)): pass rate 0.75 < 0.80')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
