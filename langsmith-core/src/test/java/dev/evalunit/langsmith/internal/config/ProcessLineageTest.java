package dev.evalunit.langsmith.internal.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessLineageTest {
    /** A process as the Maven plugin names it. */
    static String describe(ProcessHandle process) {
        return process.pid() + "@" + process.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("");
    }

    @Test
    void thisJvmIsStartedByItselfAndByItsParent() {
        assertThat(ProcessLineage.startedBy(ProcessLineage.describeCurrent())).isTrue();
        ProcessHandle.current().parent().ifPresent(parent ->
                assertThat(ProcessLineage.startedBy(describe(parent))).isTrue());
    }

    @Test
    void aPidWithoutAStartTimeComparesThePidAlone() {
        assertThat(ProcessLineage.startedBy(Long.toString(ProcessHandle.current().pid()))).isTrue();
        assertThat(ProcessLineage.startedBy(ProcessHandle.current().pid() + "@")).isTrue();
    }

    @Test
    void anotherProcessIsNot() {
        assertThat(ProcessLineage.startedBy("999999999@1")).isFalse();
        assertThat(ProcessLineage.startedBy(ProcessHandle.current().pid() + "@1")).isFalse();
    }

    @Test
    void unreadableTextIsNot() {
        assertThat(ProcessLineage.startedBy("")).isFalse();
        assertThat(ProcessLineage.startedBy("maven")).isFalse();
        assertThat(ProcessLineage.startedBy("12@soon")).isFalse();
    }
}
