package dev.evalunit.examples.testng;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.LangSmithSuite;
import dev.evalunit.langsmith.testng.LangSmithListener;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Listeners;
import org.testng.annotations.Test;

/**
 * An evaluation suite: every row is an example of the dataset "ticket-routing" (the ticket as input,
 * the expected queue as reference output) and every build an experiment on it, with the queue as
 * output and a correctness score. Without LANGSMITH_API_KEY the runs and examples are written under
 * target/langsmith instead of being sent.
 */
@Listeners(LangSmithListener.class)
@LangSmithSuite(dataset = "ticket-routing", referenceOutputs = "expected")
public class TicketRouterEvalTest {
    private final TicketRouter router = new TicketRouter();

    @DataProvider
    public Object[][] tickets() {
        return new Object[][] {
            {"I was charged twice, please refund", "billing"},
            {"The app shows an error at login", "technical"},
            {"What is the price of the team plan?", "sales"},
            {"My parcel never arrived", "human"},
        };
    }

    @Test(dataProvider = "tickets", groups = "routing", description = "routes a ticket to the right queue")
    public void routes_tickets(String ticket, String expected) {
        String queue = router.route(ticket);

        LangSmith.logOutputs(Map.of("queue", queue));
        LangSmith.logFeedback("correctness", queue.equals(expected) ? 1.0 : 0.0);
        Assert.assertEquals(queue, expected);
    }
}
