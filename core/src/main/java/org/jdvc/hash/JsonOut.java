package org.jdvc.hash;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Growable ASCII byte sink writing JSON the way Python's {@code json.dumps} does with its defaults
 * ({@code ensure_ascii=True}). Not thread-safe; one instance per serialization.
 */
final class JsonOut {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    JsonOut(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void ascii(String s) {
        int n = s.length();
        ensure(n);
        // NOTE: callers pass only ASCII here (keys, separators, numbers), so chars map 1:1 to bytes.
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void ascii(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    /** Writes {@code s} as a quoted JSON string with Python's escaping (lowercase {@code \\uXXXX}, '/' unescaped). */
    void string(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        // NOTE: fast path for the common plain-ASCII string: getBytes is an intrinsic copy here and a byte[] scan costs
        // the cold (interpreted/C1) JVM far less than charAt; non-ASCII chars show up as negative bytes.
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        if (raw.length == n && isPlain(raw)) {
            System.arraycopy(raw, 0, buf, len, n);
            len += n;
            buf[len++] = '"';
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
                continue;
            }
            ensure(6 + (n - i));
            switch (c) {
                case '"' -> escape('"');
                case '\\' -> escape('\\');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\t' -> escape('t');
                case '\b' -> escape('b');
                case '\f' -> escape('f');
                default -> {
                    // Astral chars are already a surrogate pair in UTF-16: escaping each unit gives Python's output.
                    buf[len++] = '\\';
                    buf[len++] = 'u';
                    buf[len++] = HEX[(c >> 12) & 0xf];
                    buf[len++] = HEX[(c >> 8) & 0xf];
                    buf[len++] = HEX[(c >> 4) & 0xf];
                    buf[len++] = HEX[c & 0xf];
                }
            }
        }
        ensure(1);
        buf[len++] = '"';
    }

    private static boolean isPlain(byte[] b) {
        for (byte c : b) {
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) { // negative = non-ASCII
                return false;
            }
        }
        return true;
    }

    /** Appends pre-encoded ASCII bytes. */
    void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void escape(char c) {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    byte[] toBytes() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
    }
}
