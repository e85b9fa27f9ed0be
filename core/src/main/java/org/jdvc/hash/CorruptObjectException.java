package org.jdvc.hash;

import org.jdvc.JdvcException;

/**
 * A stored object (e.g. a {@code .dir} manifest) whose content cannot be trusted: not parseable, wrong shape, or
 * hostile (paths escaping the directory). The message names the origin and the problem on one line; exit code
 * {@link JdvcException#FAILED}.
 */
public class CorruptObjectException extends JdvcException {
    public CorruptObjectException(String message) {
        super(message, FAILED);
    }
}
