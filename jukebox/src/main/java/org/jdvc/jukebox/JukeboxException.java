package org.jdvc.jukebox;

/**
 * A failure the user can act on: a missing or malformed file, a refused registration, an unknown version, a port in
 * use. The message is one line that names the file, version or port and the problem; the command line prints it
 * without a stack trace (unless {@code -v}) and exits non-zero.
 */
public class JukeboxException extends RuntimeException {
    public JukeboxException(String message) {
        super(message);
    }

    public JukeboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
