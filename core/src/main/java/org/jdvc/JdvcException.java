package org.jdvc;

/**
 * Base of every error jdvc reports to a user. The message is one line that names the file (and line, where there is
 * one) and the problem; the command-line layer prints it as {@code ERROR: <message>} and maps {@link #exitCode()}.
 * Exit codes follow DVC 3: 1 for failed operations, 251 for configuration errors, 253 outside a repository,
 * 254 for argument errors, 255 for refusals and unexpected errors.
 */
public class JdvcException extends RuntimeException {
    public static final int FAILED = 1;
    public static final int CONFIG = 251;
    public static final int NOT_A_REPO = 253;
    public static final int BAD_ARGUMENTS = 254;
    public static final int REFUSED = 255;

    private final int exitCode;

    public JdvcException(String message) {
        this(message, FAILED, null);
    }

    public JdvcException(String message, int exitCode) {
        this(message, exitCode, null);
    }

    public JdvcException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code DVC uses for this kind of error. */
    public int exitCode() {
        return exitCode;
    }
}
