package dev.evalunit.langsmith.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * For the plugin's tests: runs test classes in this JVM the way a Surefire fork with
 * {@code rerunFailingTestsCount} does (one launcher session, the classes, then the failed tests again
 * by unique id), with the JUnit 5 module's service-loaded listeners and extension doing the tracing
 * offline, and returns what the fork prints at its end (suite tables and summary). Lives in the JUnit 5
 * module's package for its test seams (no API key from the environment, printing to a captured stream).
 *
 * <p>Not thread-safe: one run at a time per JVM.
 */
public final class InProcessTestJvm {
    private InProcessTestJvm() {
    }

    /** Runs {@code classes} with {@code parameters}, reruns failed tests up to {@code reruns} times; the printed end. */
    public static String run(Map<String, String> parameters, int reruns, Class<?>... classes) {
        LangSmithJUnit.installTracerForTesting(null);
        LangSmithJUnit.environmentForTesting(Map.of());
        int outer = LangSmithJUnit.openLauncherSessionsForTesting(1); // as inside Surefire's own session
        try (LauncherSession session = LauncherFactory.openSession()) {
            Launcher launcher = session.getLauncher();
            List<DiscoverySelector> selectors = new ArrayList<>();
            for (Class<?> c : classes) {
                selectors.add(selectClass(c));
            }
            for (int attempt = 0; attempt <= reruns && !selectors.isEmpty(); attempt++) {
                Set<String> failed = ConcurrentHashMap.newKeySet();
                launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                        .configurationParameters(parameters).build(), new TestExecutionListener() {
                            @Override
                            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                                if (id.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                                    failed.add(id.getUniqueId());
                                }
                            }
                        });
                selectors = new ArrayList<>();
                for (String uniqueId : failed) {
                    selectors.add(selectUniqueId(uniqueId));
                }
            }
        } finally {
            LangSmithJUnit.openLauncherSessionsForTesting(outer);
            LangSmithJUnit.environmentForTesting(null);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LangSmithJUnit.testPlanFinished(out, false);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
