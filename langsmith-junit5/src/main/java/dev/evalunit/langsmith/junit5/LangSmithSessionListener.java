package dev.evalunit.langsmith.junit5;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Closes the tracer of the traced tests when the JUnit launcher session closes (for Surefire: once
 * per forked JVM), waiting at most {@code langsmith.flushTimeout} for delivery (the rest stays in
 * the spool), and prints the end-of-run summary on {@code System.out}, where the links of the
 * evaluations' experiments went while they ran.
 *
 * <p>Service-loaded by the JUnit Platform. Inert when no traced test ran: it then creates nothing
 * and prints nothing. Thread-safe.
 */
public final class LangSmithSessionListener implements LauncherSessionListener {

    /** Created by the JUnit Platform's service loader. */
    public LangSmithSessionListener() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LangSmithJUnit.launcherSessionOpened();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            LangSmithJUnit.launcherSessionClosed(LangSmithJUnit.console());
        } catch (RuntimeException e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: closing the tracer failed: " + e);
        }
    }
}
