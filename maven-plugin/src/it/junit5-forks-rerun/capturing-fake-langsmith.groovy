// A loopback stand-in for LangSmith that keeps what it is sent: GET /info answers the batch
// limits; POST /runs/multipart answers 202 when x-api-key is the expected key (401 otherwise) and
// appends one JSON line per request, {"key_ok": bool, "parts": [{"name": ..., "body": ...}]},
// to the given file. Never writes the key itself.
import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpHandler
import com.sun.net.httpserver.HttpServer
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import java.util.regex.Pattern

FAKE_PROJECT_ID = '0192a000-0000-7000-8000-00000000f00d'
return { File log, String expectedKey ->
    log.delete()
    def partName = Pattern.compile('(?i)content-disposition:[^\\r\\n]*name="([^"]+)"')
    def lock = new Object()
    def slurper = new JsonSlurper()
    def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
    server.createContext('/', { HttpExchange ex ->
        try {
            String path = ex.requestURI.path
            byte[] body = ex.requestBody.readAllBytes()
            boolean keyOk = expectedKey == ex.requestHeaders.getFirst('x-api-key')
            int code = 404
            String answer = '{}'
            def entry = [path: path, method: ex.requestMethod]
            if (path.endsWith('/info')) {
                code = 200
                answer = '{"version":"fake","batch_ingest_config":{"use_multipart_endpoint":true,' +
                        '"size_limit":100,"size_limit_bytes":20971520},"instance_flags":{}}'
            } else if (path.endsWith('/sessions') && ex.requestMethod == 'POST') {
                // the tracing project, created for the session_id of feedback
                code = keyOk ? 200 : 401
                entry.key_ok = keyOk
                entry.body = slurper.parseText(new String(body, 'UTF-8'))
                answer = JsonOutput.toJson([id: FAKE_PROJECT_ID, name: entry.body.name])
            } else if (path.endsWith('/runs/multipart')) {
                code = keyOk ? 202 : 401
                String type = ex.requestHeaders.getFirst('Content-Type')
                String boundary = (type =~ /boundary=("?)([^";]+)\1/)[0][2]
                // ISO-8859-1 keeps one char per byte, so the split is byte-exact; parts are UTF-8.
                String raw = new String(body, 'ISO-8859-1')
                def parts = []
                raw.split(Pattern.quote('--' + boundary)).each { String chunk ->
                    int headerEnd = chunk.indexOf('\r\n\r\n')
                    if (headerEnd < 0) {
                        return
                    }
                    def m = partName.matcher(chunk.substring(0, headerEnd))
                    if (!m.find()) {
                        return
                    }
                    String content = chunk.substring(headerEnd + 4)
                    if (content.endsWith('\r\n')) {
                        content = content.substring(0, content.length() - 2)
                    }
                    String text = new String(content.getBytes('ISO-8859-1'), 'UTF-8')
                    parts << [name: m.group(1), body: slurper.parseText(text)]
                }
                entry.key_ok = keyOk
                entry.parts = parts
            }
            synchronized (lock) {
                log << JsonOutput.toJson(entry) + '\n'
            }
            byte[] bytes = answer.getBytes('UTF-8')
            ex.responseHeaders.add('Content-Type', 'application/json')
            ex.sendResponseHeaders(code, bytes.length)
            ex.responseBody.write(bytes)
        } catch (Throwable t) {
            synchronized (lock) {
                log << JsonOutput.toJson([path: ex.requestURI.path, server_error: t.toString()]) + '\n'
            }
            ex.sendResponseHeaders(500, -1)
        } finally {
            ex.close()
        }
    } as HttpHandler)
    server.executor = Executors.newFixedThreadPool(4, { Runnable r ->
        def t = new Thread(r, 'capturing-fake-langsmith')
        t.daemon = true
        t
    } as ThreadFactory)
    server.start()
    return server
}
