def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def props = checks.preparedProperties(basedir)
assert props.getProperty('langsmith.project') == 'from-the-project-file': "after the incremental build: ${props}"
assert props.getProperty('langsmith.flushTimeout') == '15s'
assert props.getProperty('langsmith.experiment') == 'from-the-pom'
def log = new File(basedir, 'build.log').text
assert (log =~ /LangSmith: kept the project's own langsmith.flushTimeout, langsmith.project/).count == 2: 'both builds'
true
