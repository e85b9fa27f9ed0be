package org.jdvc.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process umask, needed for DVC's "writable" workspace mode {@code 0666 & ~umask}. Read once from
 * {@code /proc/self/status}: calling umask(2) would have to set it to learn it, racing every thread that creates
 * files meanwhile. Falls back to the common 022 where /proc is absent.
 */
final class Umask {
    private static final int VALUE = read();

    private Umask() {
    }

    static int get() {
        return VALUE;
    }

    /** {@code 0666 & ~umask}, the mode of a plain writable file. */
    static int writableFileMode() {
        return 0666 & ~VALUE;
    }

    private static int read() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the default
        }
        return 022;
    }
}
