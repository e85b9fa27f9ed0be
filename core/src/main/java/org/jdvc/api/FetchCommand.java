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
 * {@code dvc fetch}: downloads into the cache the objects of the workspace's outputs (or of {@code targets}) that
 * the cache lacks, each verified against its name while it is written; a corrupt remote object is not stored and is
 * reported. Objects missing from the remote too are reported, not fatal.
 */
public final class FetchCommand extends TransferCommand<FetchCommand> {
    private final String failure;

    FetchCommand(Repository repo, Path cwd) {
        this(repo, cwd, "failed to fetch data from the cloud - ");
    }

    FetchCommand(Repository repo, Path cwd, String failure) {
        super(repo, cwd);
        this.failure = failure;
    }

    /** @param fetched objects downloaded; {@code missing} objects in neither the cache nor the remote */
    public record FetchResult(int fetched, List<HashInfo> missing) {
    }

    /** @throws TransferFailedException when some objects failed to download or were corrupt */
    public FetchResult call() {
        TransferScope scope = new TransferScope(repo, cwd, failure);
        try (RepoLock lock = repo.lock()) {
            repo.sweepStaleTemps(false);
            OutputIndex index = OutputIndex.collect(repo);
            List<TrackedOutput> outs = scope.select(index, targets, recursive);
            // NOTE: repo imports come from their source repository, never from this repository's remotes
            int imported = ImportSources.fetch(repo, ImportSources.select(index, targets, cwd));
            Map<String, List<TrackedOutput>> groups = outs.isEmpty() ? Map.of() : scope.byRemote(outs, remote, false);
            Map<String, List<UsedObjects.Use>> revGroups = scope.revisionUses(revisions, targets, remote, false);
            // NOTE: pipeline stage outputs (the workspace's dvc.lock files) travel like .dvc outputs.
            revGroups = PipelineUses.merge(revGroups, scope.group(PipelineUses.workspace(repo, cwd, targets, false),
                    UsedObjects.Use::output, remote, false));
            java.util.Set<String> names = new java.util.LinkedHashSet<>(groups.keySet());
            names.addAll(revGroups.keySet());
            if (remote != null) {
                scope.remoteConfig(remote);
            }
            int fetched = imported;
            List<HashInfo> missing = new ArrayList<>();
            List<Transfer.Failure> failed = new ArrayList<>();
            for (String name : names) {
                RemoteConfig rc = scope.remoteConfig(name);
                try (ObjectStore store = scope.open(rc)) {
                    Transfer t = new Transfer(repo.cache(), store, TransferScope.jobs(rc, jobs), listener);
                    Transfer.Result r = t.fetch(TransferScope.roots(groups.getOrDefault(name, List.of()),
                            revGroups.getOrDefault(name, List.of())));
                    fetched += r.transferred();
                    missing.addAll(r.missing());
                    failed.addAll(r.failed());
                }
            }
            if (!failed.isEmpty()) {
                throw new TransferFailedException(failure + failed.size() + " files failed to download", missing,
                        failed);
            }
            return new FetchResult(fetched, missing);
        } catch (JdvcException e) {
            throw e instanceof TransferFailedException ? e : scope.wrap(e);
        } catch (IOException e) {
            throw new JdvcException(failure + IoErrors.describe(e), JdvcException.FAILED, e);
        }
    }
}
