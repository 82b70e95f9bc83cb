// Shared prebuild hook body: starts the fake LangSmith and passes its URL to the build as -Dlangsmith.endpoint.
return { File basedir, String itLib, Properties userProperties, String expectedKey ->
    def start = new GroovyShell().evaluate(new File(itLib, 'fake-langsmith.groovy'))
    def log = new File(basedir, 'fake-langsmith.log')
    log.delete()
    def server = start(log, expectedKey)
    System.properties.put('langsmith.it.fake.' + basedir.absolutePath, server)
    userProperties.put('langsmith.endpoint', 'http://127.0.0.1:' + server.address.port)
    true
}
