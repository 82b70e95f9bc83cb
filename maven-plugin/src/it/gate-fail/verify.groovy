def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 4, Failures: 1')
assert log.contains("LangSmith gate failed: pass rate 0.75 < 0.90 (short by 0.15; 3 of 4 tests passed); feedback 'correctness' mean 0.75 < 0.80 (short by 0.05; n=4)")
// report runs before the gate, so the failed build still has its report
def html = new File(basedir, 'target/langsmith/report.html').getText('UTF-8')
assert html.contains('data-outcome="failed"') && html.contains('expected: &lt;Berlin&gt; but was: &lt;Bonn&gt;')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
