def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 4, Failures: 1')
assert log.contains("LangSmith gate passed: pass rate 0.75 >= 0.70 (3 of 4 tests passed); feedback 'correctness' mean 0.75 >= 0.70 (n=4)")
assert new File(basedir, 'target/langsmith/report.html').isFile()
// the GitHub Actions job summary: report's results, then the gate's verdict
def summary = new File(basedir, 'step-summary.md').getText('UTF-8')
assert summary.contains('### LangSmith: gate-pass') && summary.contains('|4|3|1|0|75.0%|')
assert summary.contains("| `correctness` |0.75|4|")
assert summary.contains('**LangSmith gate passed** (gate-pass): pass rate 0.75 >= 0.70')
assert summary.indexOf('### LangSmith') < summary.indexOf('**LangSmith gate passed**')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
