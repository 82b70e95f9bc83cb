package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.internal.wire.MultipartEncoder;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Chooses and applies the request-body compression for {@code POST /runs/multipart}, as the
 * Python SDK does: zstd (level 1) when the server announces
 * {@code instance_flags.zstd_compression_enabled} and {@code com.github.luben:zstd-jni} is on the
 * class path (an optional dependency, found by reflection so the core works without it); else
 * gzip when it announces {@code gzip_body_enabled}; else none. Nothing when compression is
 * switched off ({@code langsmith.compression=false}).
 *
 * <p>Immutable after construction; thread-safe. If the zstd native library cannot be loaded the
 * first time it is used, zstd is given up for the rest of the process (logged once).
 */
final class BodyCompression {
    private static final System.Logger LOG = System.getLogger(BodyCompression.class.getName());
    static final String ZSTD_CLASS = "com.github.luben.zstd.Zstd";
    static final int ZSTD_LEVEL = 1;

    /** A body ready to send; {@code contentEncoding} is null when it is not compressed. */
    record Compressed(byte[] bytes, String contentEncoding) {
    }

    private final boolean enabled;
    private volatile Method zstdCompress;

    /**
     * @param enabled         {@link dev.evalunit.langsmith.LangSmithConfig#compression()}
     * @param zstdClassLoader where to look for zstd-jni, or null to never use zstd
     */
    BodyCompression(boolean enabled, ClassLoader zstdClassLoader) {
        this.enabled = enabled;
        this.zstdCompress = enabled && zstdClassLoader != null ? findZstd(zstdClassLoader) : null;
    }

    /** Compression as configured, with zstd when zstd-jni is on this class's class path. */
    static BodyCompression of(boolean enabled) {
        return new BodyCompression(enabled, BodyCompression.class.getClassLoader());
    }

    /** True when zstd-jni was found (it may still fail to load its native library on first use). */
    boolean zstdAvailable() {
        return zstdCompress != null;
    }

    Compressed compress(byte[] body, ServerInfo info) {
        Objects.requireNonNull(body, "body");
        if (!enabled) {
            return new Compressed(body, null);
        }
        Method zstd = zstdCompress;
        if (zstd != null && info.zstdCompressionEnabled()) {
            try {
                return new Compressed((byte[]) zstd.invoke(null, body, ZSTD_LEVEL), "zstd");
            } catch (IllegalAccessException | InvocationTargetException | LinkageError | ClassCastException e) {
                zstdCompress = null;
                Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
                LOG.log(Level.INFO, "zstd compression is unavailable (" + cause.getClass().getSimpleName()
                        + "); using " + (info.gzipBodyEnabled() ? "gzip" : "no compression") + " instead");
            }
        }
        if (info.gzipBodyEnabled()) {
            return new Compressed(MultipartEncoder.gzip(body), "gzip");
        }
        return new Compressed(body, null);
    }

    private static Method findZstd(ClassLoader loader) {
        try {
            return Class.forName(ZSTD_CLASS, false, loader).getMethod("compress", byte[].class, int.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return null;
        }
    }
}
