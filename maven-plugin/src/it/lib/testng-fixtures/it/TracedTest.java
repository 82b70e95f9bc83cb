package it;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.testng.LangSmithListener;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.testng.Assert;
import org.testng.IRetryAnalyzer;
import org.testng.ITestResult;
import org.testng.SkipException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Listeners;
import org.testng.annotations.Test;

@Listeners(LangSmithListener.class)
public class TracedTest {
    private static final AtomicInteger CALLS = new AtomicInteger();

    public static class RetryOnce implements IRetryAnalyzer {
        private int retries;

        @Override
        public boolean retry(ITestResult result) {
            return retries++ < 1;
        }
    }

    @DataProvider
    public Object[][] rows() {
        return new Object[][] {{"first", 1}, {"second", 2}};
    }

    @Test(dataProvider = "rows", groups = "rows")
    public void row(String name, int number) {
        String echoed = LangSmith.trace("echo", RunType.TOOL, Map.of("name", name), () -> name);
        Assert.assertEquals(echoed, name);
        Assert.assertTrue(number > 0);
    }

    @Test
    public void skips() {
        throw new SkipException("not today");
    }

    @Test(retryAnalyzer = RetryOnce.class)
    public void flaky() {
        if (CALLS.incrementAndGet() == 1) {
            throw new AssertionError("first time unlucky");
        }
    }
}
