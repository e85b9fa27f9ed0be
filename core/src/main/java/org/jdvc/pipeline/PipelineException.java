package org.jdvc.pipeline;

import org.jdvc.JdvcException;

/**
 * A pipeline that cannot be built or reproduced: a cycle, an output claimed twice, a failing command, a missing
 * dependency. DVC exits with 255 for these.
 */
public final class PipelineException extends JdvcException {
    public PipelineException(String message) {
        super(message, REFUSED);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, REFUSED, cause);
    }
}
