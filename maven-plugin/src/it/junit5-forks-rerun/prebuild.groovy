def start = new GroovyShell().evaluate(new File(basedir, 'capturing-fake-langsmith.groovy'))
def server = start(new File(basedir, 'fake-langsmith-parts.jsonl'), 'lsv2_fake_SECRET_123')
// stopped by the shared checks.stopFakeServer in verify.groovy
System.properties.put('langsmith.it.fake.' + basedir.absolutePath, server)
context.get('userProperties').put('langsmith.endpoint', 'http://127.0.0.1:' + server.address.port)
true
