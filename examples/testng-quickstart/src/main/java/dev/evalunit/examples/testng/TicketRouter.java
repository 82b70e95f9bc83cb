package dev.evalunit.examples.testng;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A toy support-ticket router: a "model" that scores each queue by keywords and picks the best.
 * No network; every step is traced with {@link LangSmith#trace}, so inside a traced test the steps
 * appear under the test's run.
 *
 * <p>Stateless and thread-safe.
 */
public final class TicketRouter {
    private static final Map<String, List<String>> QUEUES = Map.of(
            "billing", List.of("invoice", "refund", "charged", "payment"),
            "technical", List.of("error", "crash", "login", "password"),
            "sales", List.of("price", "quote", "upgrade", "plan"));

    /** The queue {@code ticket} goes to, or {@code "human"} when no queue fits. */
    public String route(String ticket) {
        return LangSmith.trace("route", RunType.CHAIN, Map.of("ticket", ticket), () -> {
            Map<String, Integer> scores = score(ticket);
            return scores.entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse("human");
        });
    }

    Map<String, Integer> score(String ticket) {
        return LangSmith.trace("score", RunType.LLM, Map.of("ticket", ticket), () -> {
            String text = ticket.toLowerCase(Locale.ROOT);
            Map<String, Integer> scores = new LinkedHashMap<>();
            QUEUES.forEach((queue, words) -> scores.put(queue,
                    (int) words.stream().filter(text::contains).count()));
            return scores;
        });
    }
}
