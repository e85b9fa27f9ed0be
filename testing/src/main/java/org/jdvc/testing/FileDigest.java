package org.jdvc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests the tests compute themselves (the JDK's, never jdvc's hashing code): hex of a stream or a file. */
public final class FileDigest {
    private FileDigest() {
    }

    /** The hex digest of what {@code in} holds under {@code algorithm} ({@code MD5}, {@code SHA-256}). */
    public static String of(String algorithm, InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of("MD5", in);
        }
    }
}
