// Assertions shared by the verify scripts; evaluate(...) returns this map of closures.
import groovy.io.FileType
import groovy.json.JsonSlurper

def slurper = new JsonSlurper()
// The text of a file; a gzip file (the run records) decompressed, up to where it was cut short.
def textOf = { File f ->
    if (!f.name.endsWith('.gz')) {
        return new String(f.bytes, 'ISO-8859-1')
    }
    def out = new ByteArrayOutputStream()
    def buffer = new byte[65536]
    new java.util.zip.GZIPInputStream(new FileInputStream(f)).withCloseable { input ->
        try {
            int n
            while ((n = input.read(buffer)) > 0) {
                out.write(buffer, 0, n)
            }
        } catch (EOFException ignored) {
            // a records file still open (or cut short): what came before is complete lines
        }
    }
    new String(out.toByteArray(), 'UTF-8')
}
// The record lines of one records file, parsed.
def recordLines = { File f ->
    textOf(f).readLines().findAll { it.trim() }.collect { slurper.parseText(it) }
}
// The ended runs of one records file, in format-1 shape (id, name, parent_run_id, metadata, ...):
// format 2 keeps each run's create and update as sent; they are merged here as RunRecords does.
def recordedRuns = { File f ->
    def posts = [:]
    def runs = []
    recordLines(f).each { rec ->
        if (rec.type == 'run') {
            runs << rec
        } else if (rec.type == 'post') {
            posts[rec.id] = rec
            if (rec.end_time) {
                // created when it ended (a test run): an ended run on its own
                def run = [:]
                run.putAll(rec)
                run.type = 'run'
                run.metadata = (run.extra instanceof Map ? run.extra.metadata : null) ?: [:]
                runs << run
            }
        } else if (rec.type == 'patch') {
            def merged = [:]
            merged.putAll(posts.remove(rec.id) ?: [:])
            merged.putAll(rec)
            merged.type = 'run'
            merged.metadata = (merged.extra instanceof Map ? merged.extra.metadata : null) ?: [:]
            runs << merged
        }
    }
    runs
}
// The records files of a module.
def recordFiles = { File dir ->
    def records = new File(dir, 'target/langsmith/records')
    records.isDirectory() ? records.listFiles().findAll { it.name.endsWith('.jsonl') || it.name.endsWith('.jsonl.gz') } : []
}
// The one records file of a module whose tests ran in one JVM: its runs, class runs and test runs.
def recordedTree = { File dir ->
    def files = recordFiles(dir)
    assert files.size() == 1: "one test JVM, one records file: ${files*.name}"
    def runs = recordedRuns(files[0])
    [runs: runs,
     classes: runs.findAll { it.metadata.junit_node == 'class' },
     tests: runs.findAll { it.metadata.junit_node == 'test' }]
}
return [
    textOf: textOf,
    // build.log split into the Maven invocations of a multi-goal IT (invoker.goals.1, .2, ...), in order.
    invocationLogs: { File dir ->
        def log = new File(dir, 'build.log').text
        def starts = []
        for (int i = log.indexOf('Scanning for projects'); i >= 0; i = log.indexOf('Scanning for projects', i + 1)) {
            starts << i
        }
        (0..<starts.size()).collect { k -> log.substring(k == 0 ? 0 : starts[k], k + 1 < starts.size() ? starts[k + 1] : log.length()) }
    },
    recordedTree: recordedTree,
    recordFiles: recordFiles,
    recordedRuns: recordedRuns,
    // The API key must not appear in build.log, the fake server's log, or any file under target/
    // (langsmith.properties, spool, records, report, Surefire reports ...).
    noSecret: { File dir, String secret ->
        def hits = []
        def scan = { File f ->
            if (f.isFile() && textOf(f).contains(secret)) {
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
        recordFiles(dir).collectMany { f -> recordedRuns(f)*.id }
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
