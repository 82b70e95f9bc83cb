// The report goal as a site report: both sites have the self-contained page, their menus link to
// it, and only the build goal (not the sites) wrote report.html and the job summary.
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))

def tests = checks.recordedTree(basedir).tests
assert tests*.name.sort() == ['english', 'french', 'german']: "test runs: ${tests*.name}"
assert new File(basedir, 'target/langsmith/report.html').isFile()

// Doxia 2 (site 3.21, reportSet) and Doxia 1 (site 3.12.1, detected report goals)
['target/site', 'target/site-doxia1'].each { dir ->
    def site = new File(basedir, dir)
    def page = new File(site, 'langsmith-report.html')
    assert page.isFile(): "no LangSmith page in ${dir}"
    def html = page.getText('UTF-8')
    // the report's own page, not one decorated by the site's skin
    assert html.startsWith('<!DOCTYPE html>') && html.contains('<title>LangSmith test report \u2014 it-site-report</title>')
    assert html.contains('<div class="big">66.7%</div>')
    assert html.contains('GreetingEvalTest') && ['english', 'french', 'german'].every { html.contains(it) }
    assert html.contains('Guten Tag') && html.contains('<code>exact_match</code>')
    assert !html.contains('<script src') && !html.contains('<link ')
    // the menu of every decorated page leads to it: index -> Project Reports -> the page
    assert new File(site, 'index.html').getText('UTF-8').contains('href="project-reports.html"')
    def reports = new File(site, 'project-reports.html').getText('UTF-8')
    assert reports.contains('<a href="langsmith-report.html"') && reports.contains('LangSmith test report</a>')
    assert reports.contains('Pass rate, feedback scores and the traced runs of the tests recorded with LangSmith.')
}

def log = new File(basedir, 'build.log').text
// the build goal, then each site: the same records
def lines = log.readLines().findAll { it.contains('LangSmith report: 3 test(s): 2 passed, 1 failed, 0 skipped, pass rate 66.7% -> file:') }
assert lines.size() == 3 && lines[0].endsWith('/target/langsmith/report.html')
assert lines[1].endsWith('/target/site/langsmith-report.html') && lines[2].endsWith('/target/site-doxia1/langsmith-report.html')
assert log.contains('Configured 1 report for langsmith-maven-plugin')
assert log.contains('1 report detected for langsmith-maven-plugin')
// only the build goal's block: the sites appended nothing
def summary = new File(basedir, 'step-summary.md').getText('UTF-8')
assert (summary =~ /### LangSmith: site-report/).count == 1
assert summary.contains('|3|2|1|0|66.7%|')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
