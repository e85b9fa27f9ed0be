package org.jdvc.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;
import org.jdvc.model.Output;
import org.jdvc.repo.DataIndex;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitHistory;

/**
 * The outputs a set of revisions needs: those of the workspace's {@code .dvc}/{@code dvc.lock} files plus those every
 * commit of a {@link RevisionScope} records, each root object once (the first use found names it). Callers expand
 * {@code .dir} roots through their manifests (gc keeps every listed file; fetch/push transfer them).
 *
 * <p>Legacy (DVC 2) entries keep their {@code md5-dos2unix} hash name, so they protect legacy objects only.
 * Outputs without a hash (partial imports) are left out. Git is opened only when the scope selects revisions.
 */
public final class UsedObjects {
    /**
     * A use of an object.
     *
     * @param rev {@code "workspace"} or the commit id that records it
     * @param path the output's path relative to the project root
     */
    public record Use(String rev, String path, Output output) {
        public HashInfo hash() {
            return output.hash();
        }
    }

    private UsedObjects() {
    }

    /** The root objects the workspace and {@code scope}'s commits use, keyed by hash, in discovery order. */
    public static Map<HashInfo, Use> roots(Repository repo, RevisionScope scope) {
        Map<HashInfo, Use> roots = new LinkedHashMap<>();
        for (DataIndex.DataEntry e : DataIndex.ofWorkspace(repo).entries()) {
            add(roots, new Use("workspace", e.path(), e.output()));
        }
        if (!scope.any()) {
            return roots;
        }
        try (GitHistory git = GitHistory.open(repo.root())) {
            String prefix = Revisions.prefix(git, repo);
            for (String commit : scope.commits(git)) {
                for (DataIndex.DataEntry e : DataIndex.atCommit(git, commit, prefix).entries()) {
                    add(roots, new Use(commit, e.path(), e.output()));
                }
            }
        }
        return roots;
    }

    /**
     * Every use {@code scope}'s commits record (not the workspace's), one per distinct (path, object): unlike
     * {@link #roots}, an object two paths share is listed for both, so callers can filter by path. Empty when the
     * scope selects no revision.
     */
    public static List<Use> inRevisions(Repository repo, RevisionScope scope) {
        if (!scope.any()) {
            return List.of();
        }
        Map<String, Use> uses = new LinkedHashMap<>();
        try (GitHistory git = GitHistory.open(repo.root())) {
            String prefix = Revisions.prefix(git, repo);
            for (String commit : scope.commits(git)) {
                for (DataIndex.DataEntry e : DataIndex.atCommit(git, commit, prefix).entries()) {
                    if (e.hash() != null && e.output().cache()) {
                        uses.putIfAbsent(e.path() + "\0" + e.hash(), new Use(commit, e.path(), e.output()));
                    }
                }
            }
        }
        return new ArrayList<>(uses.values());
    }

    /** Like {@link #roots}, as a list. */
    public static List<Use> list(Repository repo, RevisionScope scope) {
        return new ArrayList<>(roots(repo, scope).values());
    }

    private static void add(Map<HashInfo, Use> roots, Use use) {
        // NOTE: uncached outputs (cache: false) have no object to keep; repo imports' outputs are real objects.
        if (use.hash() != null && use.output().cache()) {
            roots.putIfAbsent(use.hash(), use);
        }
    }
}
