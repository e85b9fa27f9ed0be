package org.jdvc.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.Md5Digest;

/**
 * Incremental digest of an object's bytes under one of the cache's hash names (spec §1.1, §1.2): plain {@code md5},
 * or legacy {@code md5-dos2unix} (DVC 3's per-1-MiB-chunk variant: each chunk whose first 512 bytes look like text
 * has its CRLFs turned into LFs; a CRLF split across chunks stays). Callers may feed bytes in any slicing; chunk
 * boundaries are tracked here. Not thread-safe; one instance per object.
 *
 * <p>Kept package-private on purpose: org.jdvc.hash owns file hashing for the rest of jdvc; the cache needs a
 * streaming digest to verify while it copies, which a whole-file hasher does not offer.
 */
final class ObjectDigest {
    private static final int CHUNK = 1 << 20;
    private static final int SNIFF = 512;
    private static final boolean[] TEXT_BYTE = new boolean[256];

    static {
        for (int b = 0x20; b <= 0x7e; b++) {
            TEXT_BYTE[b] = true;
        }
        for (int b : new int[] {'\n', '\r', '\t', '\f', '\b'}) {
            TEXT_BYTE[b] = true;
        }
    }

    private final Md5Digest md5;
    private final byte[] chunk; // null for plain md5
    private int filled;

    private ObjectDigest(boolean dos2unix) {
        md5 = new Md5Digest();
        chunk = dos2unix ? new byte[CHUNK] : null;
    }

    /** A digest for {@link HashInfo#name()}; unknown names are rejected. */
    static ObjectDigest forHashName(String hashName) {
        return switch (hashName) {
            case HashInfo.MD5 -> new ObjectDigest(false);
            case HashInfo.MD5_DOS2UNIX -> new ObjectDigest(true);
            default -> throw new IllegalArgumentException("unsupported hash name: " + hashName);
        };
    }

    static String hexOf(String hashName, byte[] content) {
        ObjectDigest d = forHashName(hashName);
        d.update(content, 0, content.length);
        return d.hex();
    }

    static String hexOf(String hashName, Path file) throws IOException {
        ObjectDigest d = forHashName(hashName);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return d.hex();
    }

    void update(byte[] b, int off, int len) {
        if (chunk == null) {
            md5.update(b, off, len);
            return;
        }
        while (len > 0) {
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK) {
                flushChunk();
            }
        }
    }

    /** The lowercase hex digest; the instance is spent afterwards. */
    String hex() {
        if (chunk != null && filled > 0) {
            flushChunk();
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private void flushChunk() {
        if (isText(chunk, filled)) {
            int w = 0;
            for (int r = 0; r < filled; r++) {
                byte c = chunk[r];
                if (c == '\r' && r + 1 < filled && chunk[r + 1] == '\n') {
                    continue; // drop the CR of a CRLF
                }
                chunk[w++] = c;
            }
            md5.update(chunk, 0, w);
        } else {
            md5.update(chunk, 0, filled);
        }
        filled = 0;
    }

    private static boolean isText(byte[] block, int length) {
        int n = Math.min(length, SNIFF);
        if (n == 0) {
            return true;
        }
        int nonText = 0;
        for (int i = 0; i < n; i++) {
            int c = block[i] & 0xff;
            if (c == 0) {
                return false;
            }
            if (!TEXT_BYTE[c]) {
                nonText++;
            }
        }
        return (double) nonText / n <= 0.30;
    }
}
