package org.jdvc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.objects.Transfer;
import org.jdvc.repo.Repository;

/**
 * {@code dvc pull}: {@link FetchCommand} then {@link CheckoutCommand} for the same targets. A failed download stops
 * before the workspace is touched; a checkout that lacks objects fails after checking out the others.
 */
public final class PullCommand extends TransferCommand<PullCommand> {
    private static final String FAILURE = "failed to pull data from the cloud - ";
    private boolean force;
    private boolean allowMissing;

    PullCommand(Repository repo, Path cwd) {
        super(repo, cwd);
    }

    public PullCommand force(boolean value) {
        this.force = value;
        return this;
    }

    public PullCommand allowMissing(boolean value) {
        this.allowMissing = value;
        return this;
    }

    /** What the fetch downloaded and missed, and what the checkout changed. */
    public record PullResult(int fetched, List<HashInfo> missing, CheckoutCommand.CheckoutResult checkout) {
    }

    /** The checkout lacked objects for some outputs; the result says what was done anyway. */
    public static final class PullFailedException extends JdvcException {
        private final transient PullResult result;

        PullFailedException(String message, PullResult result) {
            super(message, FAILED);
            this.result = result;
        }

        public PullResult result() {
            return result;
        }
    }

    public PullResult call() {
        FetchCommand.FetchResult fetched = copyTo(new FetchCommand(repo, cwd, FAILURE)).call();
        CheckoutCommand checkout = new CheckoutCommand(repo, cwd).targets(targets).recursive(recursive).force(force)
                .allowMissing(allowMissing);
        try {
            return new PullResult(fetched.fetched(), fetched.missing(), checkout.call());
        } catch (CheckoutCommand.CheckoutFailedException e) {
            throw new PullFailedException(FAILURE + e.getMessage(),
                    new PullResult(fetched.fetched(), fetched.missing(), e.result()));
        }
    }
}
