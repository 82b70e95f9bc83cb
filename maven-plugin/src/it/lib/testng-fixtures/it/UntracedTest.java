package it;

import org.testng.annotations.Test;

/** Names no listener: TestNG's service loader loads ours anyway, which must leave this class alone. */
public class UntracedTest {
    @Test
    public void plain() {
    }
}
