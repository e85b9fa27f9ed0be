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

    static String next() {
        byte[] token = new byte[16];
        // NOTE: uniqueness, not secrecy, is needed (files are created with CREATE_NEW), so no SecureRandom lock.
        ThreadLocalRandom.current().nextBytes(token);
        return "." + ENCODER.encodeToString(token) + ".tmp";
    }
}
