package org.jdvc.cache;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * DVC's temp-file name, {@code .<22 url-safe base64 chars>.tmp} (spec §2.2): 16 random bytes. Temp files live in the
 * destination directory so that the final rename stays on one file system; the leading dot and the shape let
 * listings skip them and DVC's tools recognise them as leftovers.
 */
final class TempName {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TempName() {
    }

    /** Whether {@code name} has the shape {@link #next} makes (DVC's temp files have it too). */
    static boolean matches(String name) {
        if (name.length() != 27 || name.charAt(0) != '.' || !name.endsWith(".tmp")) {
            return false;
        }
        for (int i = 1; i < 23; i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String next() {
        byte[] token = new byte[16];
        // NOTE: uniqueness, not secrecy, is needed (files are created with CREATE_NEW), so no SecureRandom lock.
        ThreadLocalRandom.current().nextBytes(token);
        return "." + ENCODER.encodeToString(token) + ".tmp";
    }
}
