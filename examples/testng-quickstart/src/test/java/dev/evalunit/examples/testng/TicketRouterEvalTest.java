package dev.evalunit.examples.testng;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.testng.LangSmithListener;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Listeners;
import org.testng.annotations.Test;

/**
 * An evaluation suite: every row becomes a LangSmith run with the ticket as input, the queue as
 * output, the expected queue as reference output, and a correctness score. Without LANGSMITH_API_KEY
 * the runs are written to the local spool (target/langsmith) instead of being sent.
 */
@Listeners(LangSmithListener.class)
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
        LangSmith.logReferenceOutputs(Map.of("queue", expected));
        LangSmith.logFeedback("correctness", queue.equals(expected) ? 1.0 : 0.0);
        Assert.assertEquals(queue, expected);
    }
}
