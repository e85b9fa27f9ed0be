package org.jdvc.repo;

import org.jdvc.JdvcException;

/** The repository lock is held by another process (DVC or jdvc) and was not released within the retry window. */
public class LockException extends JdvcException {
    public LockException(String message) {
        // NOTE: DVC has no dedicated exit code for LockError; like every other DvcException it exits with 255.
        super(message, REFUSED);
    }
}
