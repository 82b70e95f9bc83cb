// Assertions on the record of lib/testng-fixtures' TracedTest and UntracedTest, shared by the testng-*
// ITs; evaluate(...) returns a closure taking the IT's directory and returning its runs.
return { File dir, Map checks ->
    def (runs, classes, tests) = checks.recordedTree(dir).with { [it.runs, it.classes, it.tests] }
    assert classes*.name == ['TracedTest']: "class runs: ${classes*.name} (UntracedTest names no listener)"
    // each test exactly once per attempt: the rows, the skip, and both attempts of the retried test
    assert tests*.name.sort() == ['flaky', 'flaky', 'row [1]', 'row [2]', 'skips']: "test runs: ${tests*.name}"
    assert tests.every { it.parent_run_id == classes[0].id }
    def keys = tests.collect { it.metadata.unique_id + '#' + it.metadata.attempt }
    assert keys.toSet().size() == keys.size(): "a test attempt recorded twice: ${keys}"
    def rows = tests.findAll { it.name.startsWith('row') }.sort { it.name }
    assert rows*.inputs == [[name: 'first', number: 1], [name: 'second', number: 2]]
    assert rows.every { it.metadata.outcome == 'passed' && it.tags == ['rows'] }
    def echoes = runs.findAll { it.name == 'echo' }
    assert echoes*.parent_run_id.toSet() == rows*.id.toSet(): 'nested calls under their row'
    def skip = tests.find { it.name == 'skips' }
    assert skip.metadata.outcome == 'skipped' && skip.metadata.skip_reason == 'not today'
    def flaky = tests.findAll { it.name == 'flaky' }.sort { it.metadata.attempt }
    assert flaky*.metadata.attempt == [1, 2]
    assert flaky[0].metadata.outcome == 'failed' && flaky[0].metadata.retried == true
    assert flaky[1].metadata.outcome == 'passed'
    assert !runs.any { it.metadata.class == 'it.UntracedTest' }
    def log = new File(dir, 'build.log').text
    assert (log =~ /\[LangSmith\] operations: /).count == 1: 'one summary'
    assert log.contains('[LangSmith] 4 tests traced: 3 passed, 0 failed, 1 skipped (1 flaky (passed on a rerun))')
    assert !log.contains('[LangSmith] problem:')
    runs
}
