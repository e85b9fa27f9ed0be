package org.jdvc.internal;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * DVC's temp-file name, {@code .<22 url-safe base64 chars>.tmp} (spec §2.2): 16 random bytes. Every temp file jdvc
 * writes has it (cache objects, workspace files, repository files, config, local and SSH remotes), so that one rule
 * recognises jdvc's and DVC's leftovers. Temp files live in the destination directory so that the final rename stays
 * on one file system; the leading dot and the shape let listings skip them.
 */
public final class TempName {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TempName() {
    }

    /** Whether {@code name} has the shape {@link #next} makes (DVC's temp files have it too). */
    public static boolean matches(String name) {
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

    /**
     * Deletes the files of this shape directly in {@code dir} last modified before {@code cutoffMillis} (what a
     * process killed while writing left); an absent or unreadable folder has none. Returns how many were deleted.
     */
    public static int removeStale(java.nio.file.Path dir, long cutoffMillis) {
        int removed = 0;
        try (var temps = java.nio.file.Files.newDirectoryStream(dir, p -> matches(p.getFileName().toString()))) {
            for (java.nio.file.Path tmp : temps) {
                if (java.nio.file.Files.getLastModifiedTime(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        .toMillis() < cutoffMillis && java.nio.file.Files.deleteIfExists(tmp)) {
                    removed++;
                }
            }
        } catch (java.io.IOException e) {
            // NOTE: an absent folder, or one another process is changing: nothing (more) to sweep there
        }
        return removed;
    }

    /**
     * Removes a temp file after a failure without hiding the failure: an unlink that fails too is added to
     * {@code failure}'s suppressed exceptions (when given), and the file, which has this shape, is left to the next
     * sweep ({@link #removeStale}).
     */
    public static void discard(java.nio.file.Path tmp, Throwable failure) {
        try {
            java.nio.file.Files.deleteIfExists(tmp);
        } catch (java.io.IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    public static String next() {
        byte[] token = new byte[16];
        // NOTE: uniqueness, not secrecy, is needed (files are created with CREATE_NEW), so no SecureRandom lock.
        ThreadLocalRandom.current().nextBytes(token);
        return "." + ENCODER.encodeToString(token) + ".tmp";
    }
}
