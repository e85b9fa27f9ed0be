package org.jdvc.cache;

import java.nio.file.Path;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;

/**
 * Bytes did not hash to the object id they were meant to have: either a source changed while it was being added to
 * the cache (nothing was stored), or a cache object is corrupt and could not be removed.
 */
public class HashMismatchException extends JdvcException {
    private final transient HashInfo expected;
    private final String actual;
    private final transient Path path;

    public HashMismatchException(HashInfo expected, String actual, Path path) {
        super("'" + path + "' hashes to " + actual + ", expected " + expected.digest() + " (" + expected.name() + ")");
        this.expected = expected;
        this.actual = actual;
        this.path = path;
    }

    public HashInfo expected() {
        return expected;
    }

    /** The digest the bytes actually have (without {@code .dir}). */
    public String actual() {
        return actual;
    }

    public Path path() {
        return path;
    }
}
