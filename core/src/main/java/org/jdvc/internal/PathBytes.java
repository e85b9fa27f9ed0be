package org.jdvc.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The charset of file names for the native calls: names are bytes to the kernel, and the JDK converts paths with
 * {@code sun.jnu.encoding}, so the FFM classes here must convert the same way or they would name other files.
 */
final class PathBytes {
    static final Charset CHARSET = lookup();

    private PathBytes() {
    }

    private static Charset lookup() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
