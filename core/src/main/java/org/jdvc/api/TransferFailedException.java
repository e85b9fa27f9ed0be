package org.jdvc.api;

import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.objects.Transfer;

/**
 * Some objects could not be transferred (the others were): one line such as {@code failed to push data to the cloud
 * - 2 files failed to upload}, with the per-object reasons and the objects missing everywhere for the caller to show.
 */
public final class TransferFailedException extends JdvcException {
    private final transient List<HashInfo> missing;
    private final transient List<Transfer.Failure> failures;

    TransferFailedException(String message, List<HashInfo> missing, List<Transfer.Failure> failures) {
        super(message, FAILED);
        this.missing = List.copyOf(missing);
        this.failures = List.copyOf(failures);
    }

    public List<HashInfo> missing() {
        return missing;
    }

    public List<Transfer.Failure> failures() {
        return failures;
    }
}
