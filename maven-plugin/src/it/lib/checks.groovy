// Assertions shared by the verify scripts; evaluate(...) returns this map of closures.
import groovy.io.FileType
import groovy.json.JsonSlurper

def slurper = new JsonSlurper()
return [
    // The API key must not appear in build.log, the fake server's log, or any file under target/
    // (langsmith.properties, spool, records, report, Surefire reports ...).
    noSecret: { File dir, String secret ->
        def hits = []
        def scan = { File f ->
            if (f.isFile() && new String(f.bytes, 'ISO-8859-1').contains(secret)) {
                hits << f
            }
        }
        scan(new File(dir, 'build.log'))
        scan(new File(dir, 'fake-langsmith.log'))
        def target = new File(dir, 'target')
        assert target.isDirectory()
        int scanned = 0
        target.eachFileRecurse(FileType.FILES) { scan(it); scanned++ }
        assert scanned > 0
        assert hits.isEmpty(): "the API key was found in ${hits}"
    },
    // The ids of every run in the local records.
    recordedRunIds: { File dir ->
        def ids = []
        new File(dir, 'target/langsmith/records').eachFileMatch(~/.*\.jsonl/) { f ->
            f.eachLine('UTF-8') { line ->
                def rec = slurper.parseText(line)
                if (rec.type == 'run') {
                    ids << rec.id
                }
            }
        }
        ids
    },
    // Complete spool files still waiting to be sent.
    spoolFiles: { File dir ->
        def spool = new File(dir, 'target/langsmith/spool')
        spool.isDirectory() ? spool.listFiles().findAll { it.name.endsWith('.jsonl') } : []
    },
    // The langsmith.properties the prepare goal wrote, as a Properties object.
    preparedProperties: { File dir ->
        def file = new File(dir, 'target/test-classes/langsmith.properties')
        assert file.isFile(): "prepare did not write ${file}"
        def p = new Properties()
        file.withReader('UTF-8') { p.load(it) }
        p
    },
    // Post ids received by the fake server, in order, and whether every request had the right key.
    fakeServerPosts: { File dir ->
        def log = new File(dir, 'fake-langsmith.log')
        assert log.isFile(): 'the fake LangSmith received no request'
        def lines = log.readLines('UTF-8')
        def multipart = lines.findAll { it.startsWith('multipart ') }
        assert multipart.every { it.contains('key=ok') }: "a request had a wrong or missing API key: ${multipart}"
        multipart.collectMany { l ->
            def list = l.substring(l.indexOf('posts=') + 6)
            list ? list.split(',') as List : []
        }
    },
    stopFakeServer: { File dir ->
        def server = System.properties.remove('langsmith.it.fake.' + dir.absolutePath)
        if (server != null) {
            server.stop(0)
        }
    },
]
