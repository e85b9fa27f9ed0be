package org.jdvc.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.config.RemoteConfig;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.IoErrors;
import org.jdvc.objects.ObjectStore;
import org.jdvc.objects.Transfer;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;

/**
 * {@code dvc push}: uploads the cache objects of the workspace's outputs (or of {@code targets}) that their remote
 * lacks; files before their directory's {@code .dir} (spec §3.2). Outputs with {@code push: false} stay local;
 * outputs with {@code remote: x} go to x. Objects missing locally and remotely are reported, not fatal.
 */
public final class PushCommand extends TransferCommand<PushCommand> {
    private static final String FAILURE = "failed to push data to the cloud - ";

    PushCommand(Repository repo, Path cwd) {
        super(repo, cwd);
    }

    /** @param pushed objects uploaded; {@code missing} objects in neither the cache nor the remote */
    public record PushResult(int pushed, List<HashInfo> missing) {
    }

    /** @throws TransferFailedException when some objects failed to upload (after retries) */
    public PushResult call() {
        TransferScope scope = new TransferScope(repo, cwd, FAILURE);
        try (RepoLock lock = repo.lock()) {
            List<TrackedOutput> outs = scope.select(OutputIndex.collect(repo), targets, recursive);
            Map<String, List<TrackedOutput>> groups = scope.byRemote(outs, remote, true);
            Map<String, List<UsedObjects.Use>> revGroups = scope.revisionUses(revisions, targets, remote, true);
            // NOTE: pipeline stage outputs (the workspace's dvc.lock files) travel like .dvc outputs.
            revGroups = PipelineUses.merge(revGroups, scope.group(PipelineUses.workspace(repo, cwd, targets, true),
                    UsedObjects.Use::output, remote, true));
            java.util.Set<String> names = new java.util.LinkedHashSet<>(groups.keySet());
            names.addAll(revGroups.keySet());
            if (names.isEmpty() && remote == null) {
                scope.defaultRemote();
            }
            int pushed = 0;
            List<HashInfo> missing = new ArrayList<>();
            List<Transfer.Failure> failed = new ArrayList<>();
            for (String name : names) {
                RemoteConfig rc = scope.remoteConfig(name);
                try (ObjectStore store = scope.open(rc)) {
                    repo.sweepStaleTemps(store, false);
                    Transfer t = new Transfer(repo.cache(), store, TransferScope.jobs(rc, jobs), listener);
                    Transfer.Result r = t.push(TransferScope.roots(groups.getOrDefault(name, List.of()),
                            revGroups.getOrDefault(name, List.of())));
                    pushed += r.transferred();
                    missing.addAll(r.missing());
                    failed.addAll(r.failed());
                }
            }
            if (remote != null && names.isEmpty()) {
                scope.remoteConfig(remote);
            }
            if (!failed.isEmpty()) {
                throw new TransferFailedException(FAILURE + failed.size() + " files failed to upload", missing, failed);
            }
            return new PushResult(pushed, missing);
        } catch (JdvcException e) {
            throw e instanceof TransferFailedException ? e : scope.wrap(e);
        } catch (IOException e) {
            throw new JdvcException(FAILURE + IoErrors.describe(e), JdvcException.FAILED, e);
        }
    }
}
