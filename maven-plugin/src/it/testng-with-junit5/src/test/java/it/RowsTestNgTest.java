package it;

import dev.evalunit.langsmith.testng.LangSmithListener;
import org.testng.Assert;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Listeners;
import org.testng.annotations.Test;

/** Traced by the TestNG listener, run by the TestNG engine beside Jupiter tests. */
@Listeners(LangSmithListener.class)
public class RowsTestNgTest {
    @DataProvider
    public Object[][] words() {
        return new Object[][] {{"alpha"}, {"beta"}, {"gamma"}};
    }

    @Test(dataProvider = "words")
    public void nonEmpty(String word) {
        Assert.assertFalse(word.isEmpty());
    }
}
