package org.jdvc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.objects.Transfer;
import org.jdvc.repo.Repository;

/**
 * The options push, fetch and pull share ({@code targets}, {@code -r}, {@code -j}, {@code -R}, {@code -a/-T/-A/--rev},
 * progress), set once here for all three; {@code T} is the concrete command, so the setters chain.
 */
public abstract sealed class TransferCommand<T extends TransferCommand<T>>
        permits PushCommand, FetchCommand, PullCommand {
    final Repository repo;
    final Path cwd;
    final List<String> targets = new ArrayList<>();
    String remote;
    Integer jobs;
    boolean recursive;
    RevisionScope revisions = RevisionScope.WORKSPACE;
    Transfer.Listener listener = Transfer.Listener.NONE;

    TransferCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    /** Limits the command to these outputs, {@code .dvc} files or stage names (relative to the working directory). */
    public T targets(List<String> paths) {
        targets.addAll(paths);
        return self();
    }

    /** {@code -r}: this remote instead of each output's own or the default one (outputs pinned elsewhere are left). */
    public T remote(String name) {
        this.remote = name;
        return self();
    }

    /** {@code -j}: parallel transfers; default the remote's {@code jobs}, else 4 × CPUs. */
    public T jobs(Integer n) {
        this.jobs = n;
        return self();
    }

    /** {@code -R}: a target directory selects every output below it. */
    public T recursive(boolean value) {
        this.recursive = value;
        return self();
    }

    /** {@code -a/-T/-A/--rev}: also the data these git revisions record. */
    public T revisions(RevisionScope scope) {
        this.revisions = scope;
        return self();
    }

    /** Progress callbacks (from transfer threads). */
    public T progress(Transfer.Listener l) {
        this.listener = l;
        return self();
    }

    /** Copies every shared option to {@code other} (pull hands its options to the fetch it runs). */
    <U extends TransferCommand<U>> U copyTo(U other) {
        return other.targets(targets).remote(remote).jobs(jobs).recursive(recursive).revisions(revisions)
                .progress(listener);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }
}
