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
public final class PullCommand {
    private static final String FAILURE = "failed to pull data from the cloud - ";
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private String remote;
    private Integer jobs;
    private boolean recursive;
    private RevisionScope revisions = RevisionScope.WORKSPACE;
    private boolean force;
    private boolean allowMissing;
    private Transfer.Listener listener = Transfer.Listener.NONE;

    PullCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public PullCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public PullCommand remote(String name) {
        this.remote = name;
        return this;
    }

    public PullCommand jobs(Integer n) {
        this.jobs = n;
        return this;
    }

    public PullCommand recursive(boolean value) {
        this.recursive = value;
        return this;
    }

    public PullCommand force(boolean value) {
        this.force = value;
        return this;
    }

    public PullCommand allowMissing(boolean value) {
        this.allowMissing = value;
        return this;
    }

    /** {@code -a/-T/-A/--rev}: also fetch the data these git revisions record (only the workspace is checked out). */
    public PullCommand revisions(RevisionScope scope) {
        this.revisions = scope;
        return this;
    }

    public PullCommand progress(Transfer.Listener l) {
        this.listener = l;
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
        FetchCommand.FetchResult fetched = new FetchCommand(repo, cwd, FAILURE).targets(targets).remote(remote)
                .jobs(jobs).recursive(recursive).revisions(revisions).progress(listener).call();
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
