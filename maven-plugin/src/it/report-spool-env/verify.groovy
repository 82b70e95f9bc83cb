// The tests recorded into LANGSMITH_SPOOL_DIR and report read the records from there.
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def records = new File(basedir, 'target/custom-spool/records')
assert records.isDirectory() && records.listFiles().any { it.name.endsWith('.jsonl.gz') }: "no records in ${records}"
assert !new File(basedir, 'target/langsmith/records').exists(): 'records went to the default directory'
def log = new File(basedir, 'build.log').text
assert log.contains('LangSmith report: 4 test(s): 3 passed, 0 failed, 1 skipped')
assert new File(basedir, 'target/custom-spool/report.html').isFile() || new File(basedir, 'target/langsmith/report.html').isFile()
true
