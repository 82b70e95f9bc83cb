package dev.evalunit.langsmith.internal.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code extra.runtime} block sent with every run: which SDK, which JVM, which platform.
 *
 * <p>Stateless; thread-safe.
 */
public final class RuntimeInfo {
    /** The SDK name reported to LangSmith. */
    public static final String SDK = "langsmith-jvm";

    private RuntimeInfo() {
    }

    public static String version() {
        String v = RuntimeInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sdk", SDK);
        m.put("sdk_version", version());
        m.put("library", SDK);
        m.put("runtime", "java");
        m.put("runtime_version", System.getProperty("java.version", "unknown"));
        m.put("platform", System.getProperty("os.name", "unknown") + " " + System.getProperty("os.arch", ""));
        return Collections.unmodifiableMap(m);
    }
}
