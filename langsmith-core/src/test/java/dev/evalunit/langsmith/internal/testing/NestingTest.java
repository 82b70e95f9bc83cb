package dev.evalunit.langsmith.internal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NestingTest {
    @Test
    void only_the_end_of_the_outermost_run_is_the_end() {
        Nesting nesting = new Nesting();
        nesting.opened();
        nesting.opened();  // a test starts a run of its own

        assertThat(nesting.closedOutermost()).as("the inner run ends").isFalse();
        assertThat(nesting.any()).isTrue();
        assertThat(nesting.closedOutermost()).as("the outer run ends").isTrue();
        assertThat(nesting.any()).isFalse();
    }

    @Test
    void an_end_without_a_start_is_the_end_and_never_goes_below_zero() {
        Nesting nesting = new Nesting();

        assertThat(nesting.closedOutermost()).isTrue();
        nesting.opened();
        assertThat(nesting.closedOutermost()).isTrue();
        assertThat(nesting.set(3)).isZero();
    }
}
