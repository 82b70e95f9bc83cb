// A loopback stand-in for LangSmith, run inside the invoking Maven JVM by a prebuild hook.
// Answers GET /info, accepts POST /runs/multipart with 202 when x-api-key is the expected key
// (401 otherwise), and appends one line per request to a log file: never the key itself.
import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpHandler
import com.sun.net.httpserver.HttpServer
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import java.util.regex.Pattern

return { File log, String expectedKey ->
    def postPart = Pattern.compile('name="post\\.([0-9a-f-]{36})"')
    def lock = new Object()
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
                def m = postPart.matcher(new String(body, 'UTF-8'))
                def ids = []
                while (m.find()) {
                    ids << m.group(1)
                }
                line = "multipart key=${keyOk ? 'ok' : 'wrong'} posts=${ids.join(',')}"
            } else {
                line = "other ${ex.requestMethod} ${path}"
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
