package dev.evalunit.examples.assistant;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Locale;
import java.util.Map;

/**
 * The assistant's one tool: today's weather in a city (a fixed table standing in for a weather
 * service).
 *
 * <p>Stateless and thread-safe.
 */
public final class WeatherTool {
    private static final Map<String, String> TODAY = Map.of(
            "paris", "sunny, 21°C",
            "rome", "cloudy, 18°C",
            "oslo", "snow, -3°C");

    /** Today's weather in {@code city}; an exception for a city the service does not know. */
    @Tool("Today's weather in a city")
    public String weather(@P("the city name, e.g. Paris") String city) {
        String weather = TODAY.get(city.trim().toLowerCase(Locale.ROOT));
        if (weather == null) {
            throw new IllegalArgumentException("no weather station in " + city);
        }
        return weather;
    }
}
