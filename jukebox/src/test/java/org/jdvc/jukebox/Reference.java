package org.jdvc.jukebox;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The course's reference files (test data only, never shipped): {@code -Djukebox.reference=DIR}, else
 * {@code shared/jukebox-reference} in the working directory or any parent (the repo's {@code ../shared}).
 * Tests that need them are skipped, with a message, when they are absent.
 */
public final class Reference {
    private Reference() {
    }

    /** The reference file {@code name}; skips the calling test when it cannot be found. */
    public static Path file(String name) {
        Path dir = dir();
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve(name)),
                "jukebox reference file " + name + " not found (set -Djukebox.reference=DIR or put "
                        + "shared/jukebox-reference beside the repo): skipping");
        return dir.resolve(name);
    }

    static Path dir() {
        String prop = System.getProperty("jukebox.reference");
        if (prop != null) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("jukebox-reference");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
