package dev.evalunit.langsmith.internal.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that says which SDK and which JVM are running: the {@code extra.runtime} block
 * sent with every run ({@link #asMap()}), the HTTP {@code User-Agent} ({@link #userAgent()}) and
 * the versions recorded in experiment metadata ({@link #jvmVersion()}, {@link #jvmVendor()},
 * {@link #platform()}, {@link #version()}).
 *
 * <p>Stateless; thread-safe.
 */
public final class RuntimeInfo {
    /** The SDK name reported to LangSmith. */
    public static final String SDK = "langsmith-jvm";

    private RuntimeInfo() {
    }

    /** This SDK's version from the jar manifest, or {@code dev} when run from classes. */
    public static String version() {
        Package pkg = RuntimeInfo.class.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }

    /** {@code langsmith-jvm/<version>}. */
    public static String userAgent() {
        return SDK + "/" + version();
    }

    /** The running JVM's {@code java.version}. */
    public static String jvmVersion() {
        return System.getProperty("java.version", "unknown");
    }

    /** The running JVM's {@code java.vendor}. */
    public static String jvmVendor() {
        return System.getProperty("java.vendor", "unknown");
    }

    /** Operating system name and architecture, e.g. {@code Linux amd64}. */
    public static String platform() {
        return System.getProperty("os.name", "unknown") + " " + System.getProperty("os.arch", "");
    }

    /** The {@code extra.runtime} block: sdk, sdk_version, library, runtime, runtime_version, platform. */
    public static Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sdk", SDK);
        m.put("sdk_version", version());
        m.put("library", SDK);
        m.put("runtime", "java");
        m.put("runtime_version", jvmVersion());
        m.put("platform", platform());
        return Collections.unmodifiableMap(m);
    }
}
