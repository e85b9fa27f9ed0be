package org.jdvc.repo;

import org.jdvc.JdvcException;

/** The working directory is not inside a DVC repository (DVC's exit code 253). */
public final class NotARepositoryException extends JdvcException {
    public NotARepositoryException() {
        super("you are not inside of a DVC repository (checked up to mount point '/')", NOT_A_REPO);
    }
}
