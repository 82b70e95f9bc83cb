package dev.evalunit.langsmith.internal.wire;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer, like {@link java.io.ByteArrayOutputStream} without locking, with
 * helpers for the ASCII framing the wire encoders write.
 *
 * <p>Not thread-safe: one encoding call owns an instance.
 */
final class ByteBuf extends OutputStream {
    private byte[] buf;
    private int size;

    ByteBuf(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new OutOfMemoryError("encoded body exceeds 2 GiB");
        }
        if (needed > buf.length) {
            int grown = buf.length << 1;
            if (grown < needed || grown < 0) {
                grown = needed;
            }
            buf = Arrays.copyOf(buf, grown);
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    @Override
    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    /** Appends the first {@code other.size()} bytes of {@code other}. */
    void write(ByteBuf other) {
        write(other.buf, 0, other.size);
    }

    /** Appends a string known to be ASCII (names, UUIDs, header text), one byte per char. */
    void writeAscii(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** Appends the decimal digits of a non-negative int. */
    void writeDecimal(int value) {
        writeAscii(Integer.toString(value));
    }

    int size() {
        return size;
    }

    /** The byte at {@code index} (which must be below {@link #size()}). */
    byte byteAt(int index) {
        return buf[index];
    }

    void reset() {
        size = 0;
    }

    /** Drops the last {@code n} bytes. */
    void truncate(int n) {
        size -= n;
    }

    /** A right-sized copy of the content. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    @Override
    public String toString() {
        return new String(buf, 0, size, StandardCharsets.UTF_8);
    }
}
