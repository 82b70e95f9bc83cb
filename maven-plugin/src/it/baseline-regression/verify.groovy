def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def (firstLog, secondLog) = checks.invocationLogs(basedir)

// the first build has nothing to compare with: the regression check is skipped, the gate passes
assert firstLog.contains('maxScoreDrop is set but there is no baseline build to compare with')
assert firstLog.contains('LangSmith gate passed: no baseline build to compare with')

// the second is compared with the first
def firstBuild = (firstLog =~ /build id (\S+)\)/)[0][1]
assert secondLog.contains("LangSmith report: compared with build ${firstBuild}: 1 new failure(s), 0 fixed, correctness -0.50, pass -0.333")
assert secondLog.contains("LangSmith gate failed: feedback 'correctness' mean dropped by 0.50 (1.00 -> 0.50 over the 3 test(s) scored in both builds) since build ${firstBuild}, more than the allowed 0.10")
assert secondLog.contains("feedback 'pass' mean dropped by 0.333 (1.00 -> 0.667 over the 3 test(s) scored in both builds)")

// the report shows the changes above the tests
def html = new File(basedir, 'target/langsmith/report.html').getText('UTF-8')
assert html.contains("<h2>Compared with build <code>${firstBuild}</code></h2>")
assert html.contains('<h4>New failures (1)</h4><ul><li>QaTest \u203A capital</li></ul>')

// the GitHub Actions job summary of the second build lists the changes
def summary = new File(basedir, 'step-summary.md').getText('UTF-8')
assert summary.contains("Compared with build `${firstBuild}`: 1 new failure(s), 0 fixed, pass rate 100.0% \u2192 66.7%")
assert summary.contains('| `correctness` |1.00|0.50|-0.50|')
assert summary.contains('**New failures:** QaTest \u203A capital')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
