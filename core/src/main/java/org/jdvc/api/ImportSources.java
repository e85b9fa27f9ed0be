package org.jdvc.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdvc.JdvcException;
import org.jdvc.model.Dependency;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;

/**
 * Fetch for the outputs of repo imports ({@code dvc import}): they are never pushed to this repository's remotes, so
 * their objects come from the source repository at the recorded {@code rev_lock} (its cache, else its remote), as
 * DVC does.
 */
final class ImportSources {
    private ImportSources() {
    }

    /** Whether {@code o} belongs to a repo-import stage. */
    static boolean isRepoImport(TrackedOutput o) {
        List<Dependency> deps = o.file().content().deps();
        return deps.size() == 1 && deps.getFirst().repo() != null;
    }

    /** The repo-import outputs {@code targets} select (all when empty): a target names a .dvc file or an output. */
    static List<TrackedOutput> select(OutputIndex index, List<String> targets, Path cwd) {
        return index.outputs().stream().filter(ImportSources::isRepoImport).filter(o -> targets.isEmpty()
                || targets.stream().map(t -> cwd.resolve(t).normalize()).anyMatch(
                        t -> t.equals(o.path()) || t.equals(o.file().path()) || o.path().startsWith(t))).toList();
    }

    /** Fetches the imports among {@code outs} into the cache; returns how many were not there before. */
    static int fetch(Repository repo, List<TrackedOutput> outs) throws IOException {
        int fetched = 0;
        for (TrackedOutput o : outs) {
            if (!isRepoImport(o) || o.output().hash() == null || repo.cachePresence().isComplete(o.output().hash())) {
                continue;
            }
            Dependency dep = o.file().content().deps().getFirst();
            Dependency.Repo r = dep.repo();
            String commit = r.revLock() != null ? r.revLock() : r.rev();
            try (ExternalRepo ext = ExternalRepo.open(r.url(), o.file().path().getParent(), repo.env())) {
                String resolved = ext.resolve(commit);
                Optional<ExternalRepo.Found> found = ext.find(resolved, ImportCommand.normalize(dep.path()));
                if (found.isEmpty()) {
                    throw new JdvcException("'" + dep.path() + "' is not tracked by DVC at '" + resolved + "' of '"
                            + r.url() + "'");
                }
                ext.fetch(resolved, found.get(), repo.cache());
                fetched++;
            }
        }
        return fetched;
    }
}
