// traceAllTests: the unannotated AnswerEvalTest is traced, the excluded ParsingUnitTest is not,
// and the project's own argLine still reached the test JVM (AnswerEvalTest.answers passed).
def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))

def (runs, classes, tests) = checks.recordedTree(basedir).with { [it.runs, it.classes, it.tests] }
assert classes*.name == ['AnswerEvalTest']: "class runs: ${classes*.name}"
assert tests*.name.sort() == ['answers', 'greets']: "test runs: ${tests*.name}"
assert tests.every { it.parent_run_id == classes[0].id && it.metadata.outcome == 'passed' }
assert !runs.any { it.metadata.class == 'it.ParsingUnitTest' }

def log = new File(basedir, 'build.log').text
assert log.contains('LangSmith: every test of this module is traced')
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains('[LangSmith] 2 tests traced: 2 passed, 0 failed, 0 skipped')
def properties = new File(basedir, 'target/test-classes/langsmith.properties').getText('UTF-8')
assert properties.contains('langsmith.junit.excludeClasses=*UnitTest')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
