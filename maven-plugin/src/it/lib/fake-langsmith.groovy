// A loopback stand-in for LangSmith, run inside the invoking Maven JVM by a prebuild hook.
// Answers GET /info, accepts POST /runs/multipart with 202 when x-api-key is the expected key
// (401 otherwise), answers the evaluation endpoints (datasets, examples, sessions, tags) with
// minimal state, and appends one line per request, in arrival order, to a log file: never the
// key itself.
import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpHandler
import com.sun.net.httpserver.HttpServer
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import java.util.regex.Pattern
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

return { File log, String expectedKey ->
    def postPart = Pattern.compile('name="post\\.([0-9a-f-]{36})"')
    def referencePattern = Pattern.compile('"reference_example_id":"([0-9a-f-]{36})"')
    def sessionPattern = Pattern.compile('"session_name":"([^"]*)"')
    def lock = new Object()
    def slurper = new JsonSlurper()
    def datasets = [:]   // name -> [id, name]
    def examples = [:]   // id -> example
    def sessions = [:]   // name -> session
    def query = { HttpExchange ex ->
        def q = [:]
        (ex.requestURI.rawQuery ?: '').split('&').findAll { it.contains('=') }.each {
            def (k, v) = it.split('=', 2)
            q[k] = URLDecoder.decode(v, 'UTF-8')
        }
        q
    }
    // The evaluation endpoints: returns [code, answer, log line] or null when the path is not one of them.
    def evaluation = { HttpExchange ex, byte[] body ->
        String method = ex.requestMethod
        String path = ex.requestURI.path
        def json = { body.length == 0 ? null : slurper.parseText(new String(body, 'UTF-8')) }
        synchronized (lock) {
            if (method == 'GET' && path == '/datasets') {
                def found = datasets[query(ex).name]
                return [200, JsonOutput.toJson(found ? [found] : []), "rest GET /datasets"]
            }
            if (method == 'POST' && path == '/datasets') {
                def name = json().name
                if (datasets[name]) {
                    return [409, '{"detail":"exists"}', "rest POST /datasets name=${name} conflict"]
                }
                datasets[name] = [id: UUID.randomUUID().toString(), name: name]
                return [200, JsonOutput.toJson(datasets[name]), "rest POST /datasets name=${name} id=${datasets[name].id}"]
            }
            if (method == 'GET' && path == '/examples') {
                def q = query(ex)
                def page = q.offset == '0' ? examples.values().findAll { it.dataset_id == q.dataset } : []
                return [200, JsonOutput.toJson(page), "rest GET /examples"]
            }
            if (path == '/examples/bulk' && (method == 'POST' || method == 'PATCH')) {
                def list = json()
                if (method == 'POST' && list.any { examples[it.id] }) {
                    return [409, '{"detail":"exists"}', "rest POST /examples/bulk conflict"]
                }
                list.each { examples[it.id] = it }
                return [200, method == 'POST' ? JsonOutput.toJson(list) : '{}',
                        "rest ${method} /examples/bulk ids=${list*.id.join(',')}"]
            }
            if (method == 'POST' && path == '/sessions') {
                def session = json()
                session.id = session.id ?: UUID.nameUUIDFromBytes(('session:' + session.name).getBytes('UTF-8')).toString()
                if (sessions[session.name]) {
                    return [409, '{"detail":"exists"}', "rest POST /sessions name=${session.name} conflict"]
                }
                sessions[session.name] = session
                return [200, JsonOutput.toJson(session),
                        "rest POST /sessions name=${session.name} ref=${session.reference_dataset_id}"]
            }
            if (method == 'GET' && path == '/sessions') {
                def found = sessions[query(ex).name]
                return [200, JsonOutput.toJson(found ? [found] : []), "rest GET /sessions name=${query(ex).name}"]
            }
            if (method == 'PATCH' && path.startsWith('/sessions/')) {
                return [200, '{}', "rest PATCH /sessions end_time=${json().end_time}"]
            }
            if (method == 'PUT' && path.startsWith('/datasets/') && path.endsWith('/tags')) {
                return [200, '{}', "rest PUT /datasets/tags tag=${json().tag}"]
            }
        }
        null
    }
    def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
    server.createContext('/', { HttpExchange ex ->
        try {
            String path = ex.requestURI.path
            byte[] body = ex.requestBody.readAllBytes()
            boolean keyOk = expectedKey == ex.requestHeaders.getFirst('x-api-key')
            int code = 404
            String answer = '{}'
            String line
            if (path.endsWith('/info')) {
                code = 200
                answer = '{"version":"fake","batch_ingest_config":{"use_multipart_endpoint":true,' +
                        '"size_limit":100,"size_limit_bytes":20971520},"instance_flags":{}}'
                line = "info"
            } else if (path.endsWith('/runs/multipart')) {
                code = keyOk ? 202 : 401
                String text = new String(body, 'UTF-8')
                def found = { Pattern p ->
                    def m = p.matcher(text)
                    def all = []
                    while (m.find()) {
                        all << m.group(1)
                    }
                    all
                }
                line = "multipart key=${keyOk ? 'ok' : 'wrong'} refs=${found(referencePattern).join(',')} " +
                        "sessions=${found(sessionPattern).unique().join('|')} posts=${found(postPart).join(',')}"
            } else if (!keyOk) {
                code = 401
                line = "other ${ex.requestMethod} ${path} key=wrong"
            } else {
                def answered = evaluation(ex, body)
                if (answered != null) {
                    (code, answer, line) = answered
                    line += ' key=ok'
                } else {
                    line = "other ${ex.requestMethod} ${path}"
                }
            }
            synchronized (lock) {
                log << line + '\n'
            }
            byte[] bytes = answer.getBytes('UTF-8')
            ex.responseHeaders.add('Content-Type', 'application/json')
            ex.sendResponseHeaders(code, bytes.length)
            ex.responseBody.write(bytes)
        } finally {
            ex.close()
        }
    } as HttpHandler)
    server.executor = Executors.newFixedThreadPool(4, { Runnable r ->
        def t = new Thread(r, 'fake-langsmith')
        t.daemon = true
        t
    } as ThreadFactory)
    server.start()
    return server
}
