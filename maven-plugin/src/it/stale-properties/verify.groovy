import java.util.zip.ZipFile

def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def slurper = new groovy.json.JsonSlurper()

// the file the first build's prepare wrote (later builds did not rewrite it)
def props = checks.preparedProperties(basedir)
def firstBuild = props.getProperty('langsmith.buildId')
assert firstBuild ==~ /.*\d{8}T\d{6}Z-[0-9a-f]{8}/
assert props.getProperty('langsmith.generatedBy') ==~ /\d+@\d*/

// one records file per test JVM, each with the build id it recorded under
def files = checks.recordFiles(basedir).sort { it.lastModified() }
assert files.size() == 3: "three test runs, three records files: ${files*.name}"
def buildIds = files.collect { f ->
    def header = checks.textOf(f).readLines().find { it.contains('"type":"header"') }
    slurper.parseText(header).build_id
}
assert buildIds[0] == firstBuild: "the first build's tests joined its build: ${buildIds}"
assert buildIds[1] != firstBuild: "mvn surefire:test reused the first build's id: ${buildIds}"
assert buildIds[2] != firstBuild: "-Dlangsmith.skip reused the first build's id: ${buildIds}"
assert buildIds.toSet().size() == 3: "each test run is a build of its own: ${buildIds}"

// every test run recorded its tests, into the module's spool directory
files.each { f -> assert checks.recordedRuns(f).size() == 6: "3 tests x (trace + nested call) in ${f.name}" }

// the test-jar holds the generated file without an absolute path
def jar = new File(basedir, 'target/stale-properties-1.0-tests.jar')
assert jar.isFile()
def packaged = new ZipFile(jar).withCloseable { zip ->
    def entry = zip.getEntry('langsmith.properties')
    assert entry != null
    zip.getInputStream(entry).getText('UTF-8')
}
assert packaged.contains('langsmith.spoolDir=../langsmith')
assert !packaged.contains(basedir.absolutePath) && !packaged.contains(basedir.canonicalPath)

checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
