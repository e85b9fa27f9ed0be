package org.jdvc.model;

import org.jdvc.JdvcException;

/**
 * A DVC file ({@code .dvc}, {@code dvc.yaml}, {@code dvc.lock}, params) that cannot be read: invalid YAML or a
 * schema violation. The message is one line naming the file as the caller displayed it and, where known, the
 * 1-based line and column, e.g. {@code 'foo.dvc' is invalid: did not find expected ',' or ']', in line 3, column 7}
 * or {@code 'foo.dvc' validation failed: extra keys not allowed, in outs -> 0 -> colour, line 2, column 3}.
 * The exit code is {@link JdvcException#FAILED}, as in DVC.
 */
public final class DvcFileException extends JdvcException {
    public DvcFileException(String message) {
        super(message, FAILED);
    }

    public DvcFileException(String message, Throwable cause) {
        super(message, FAILED, cause);
    }
}
