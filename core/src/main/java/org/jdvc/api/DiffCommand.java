package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.repo.DataIndex;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.Repository;
import org.jdvc.repo.WorkspaceHasher;
import org.jdvc.scm.GitHistory;

/**
 * {@code dvc diff [a_rev] [b_rev]}: how the tracked data of revision {@code a} (default {@code HEAD}) became that of
 * {@code b} (default: the workspace). Directories count as an entry {@code dir/} plus one entry per file of their
 * manifest; a deleted and an added entry with the same hash are a rename. Against the workspace, unchanged entries
 * whose object is missing from the cache are reported as "not in cache". Paths are relative to the project root.
 */
public final class DiffCommand {
    private final Repository repo;
    private final Path cwd;
    private String aRev;
    private String bRev;
    private List<String> targets = List.of();

    DiffCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public DiffCommand aRev(String rev) {
        this.aRev = rev;
        return this;
    }

    /** null: the workspace. */
    public DiffCommand bRev(String rev) {
        this.bRev = rev;
        return this;
    }

    /** Limit to these paths (relative to the working directory) and what is below them. */
    public DiffCommand targets(List<String> paths) {
        this.targets = paths == null ? List.of() : List.copyOf(paths);
        return this;
    }

    /**
     * One changed entry. {@code path} ends with {@code /} for a directory; {@code oldPath} is set for renames only;
     * {@code oldHash}/{@code newHash} are null where that side has no entry.
     */
    public record Change(String path, String oldPath, HashInfo oldHash, HashInfo newHash) {
    }

    /** Each list sorted by path (a rename by its old path); {@code workspace}: b was the workspace. */
    public record DiffResult(List<Change> added, List<Change> deleted, List<Change> modified, List<Change> renamed,
                             List<Change> notInCache, boolean workspace) {
        public boolean isEmpty() {
            return added.isEmpty() && deleted.isEmpty() && modified.isEmpty() && renamed.isEmpty()
                    && notInCache.isEmpty();
        }
    }

    public DiffResult call() {
        try (GitHistory git = GitHistory.open(repo.root()); ObjectAccess objects = new ObjectAccess(repo, null)) {
            String prefix = Revisions.prefix(git, repo);
            String a = git.resolve(aRev == null ? "HEAD" : aRev);
            Map<String, HashInfo> old = flatten(DataIndex.atCommit(git, a, prefix), objects);
            Map<String, HashInfo> now;
            if (bRev == null) {
                now = workspace();
            } else {
                now = flatten(DataIndex.atCommit(git, git.resolve(bRev), prefix), objects);
            }
            return compare(filter(old), filter(now), bRev == null, objects);
        } catch (GitHistory.UnknownRevisionException e) {
            throw new JdvcException("failed to get diff - " + e.getMessage(), JdvcException.FAILED, e);
        }
    }

    private Map<String, HashInfo> filter(Map<String, HashInfo> entries) {
        if (targets.isEmpty()) {
            return entries;
        }
        List<String> rel = targets.stream().map(t -> repo.relpath(cwd.resolve(t))).toList();
        Map<String, HashInfo> out = new LinkedHashMap<>();
        entries.forEach((p, h) -> {
            String bare = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (rel.stream().anyMatch(t -> t.isEmpty() || bare.equals(t) || bare.startsWith(t + "/"))) {
                out.put(p, h);
            }
        });
        return out;
    }

    /** Path → hash of every output and every file inside directory outputs (whose manifest can be found). */
    static Map<String, HashInfo> flatten(DataIndex index, ObjectAccess objects) {
        Map<String, HashInfo> out = new LinkedHashMap<>();
        for (DataIndex.DataEntry e : index.entries()) {
            HashInfo h = e.hash();
            if (h == null) {
                continue;
            }
            if (!h.isDir()) {
                out.put(e.path(), h);
                continue;
            }
            out.put(e.path() + "/", h);
            Optional<TreeManifest> m = objects.manifest(h);
            m.ifPresent(man -> man.entries().forEach(
                    f -> out.put(e.path() + "/" + f.relpath(), new HashInfo(h.name(), f.md5()))));
        }
        return out;
    }

    private Map<String, HashInfo> workspace() {
        Map<String, HashInfo> out = new LinkedHashMap<>();
        WorkspaceHasher hasher = new WorkspaceHasher(repo);
        try {
            for (DataIndex.DataEntry e : DataIndex.ofWorkspace(repo).entries()) {
                String name = e.hash() != null ? e.hash().name() : HashInfo.MD5;
                HashedPath now = hasher.hash(repo.root().resolve(e.path()), name);
                if (now == null) {
                    continue;
                }
                if (!now.isDir()) {
                    out.put(e.path(), now.hash());
                    continue;
                }
                out.put(e.path() + "/", now.hash());
                List<TreeManifest.Entry> files = now.manifest().entries();
                for (TreeManifest.Entry f : files) {
                    out.put(e.path() + "/" + f.relpath(), new HashInfo(name, f.md5()));
                }
            }
            repo.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    private static DiffResult compare(Map<String, HashInfo> old, Map<String, HashInfo> now, boolean workspace,
                                      ObjectAccess objects) {
        List<Change> added = new ArrayList<>();
        List<Change> deleted = new ArrayList<>();
        List<Change> modified = new ArrayList<>();
        List<Change> notInCache = new ArrayList<>();
        for (Map.Entry<String, HashInfo> e : now.entrySet()) {
            HashInfo before = old.get(e.getKey());
            if (before == null) {
                added.add(new Change(e.getKey(), null, null, e.getValue()));
            } else if (!sameContent(before, e.getValue())) {
                modified.add(new Change(e.getKey(), null, before, e.getValue()));
            } else if (workspace && !objects.inCache(before)) {
                notInCache.add(new Change(e.getKey(), null, before, before));
            }
        }
        for (Map.Entry<String, HashInfo> e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                deleted.add(new Change(e.getKey(), null, e.getValue(), null));
            }
        }
        // NOTE: renames pair a deleted and an added entry of the same kind (file or dir/) and hash, first come first
        // served in path order, so the result does not depend on map order.
        List<Change> renamed = new ArrayList<>();
        Comparator<Change> byPath = Comparator.comparing(Change::path);
        deleted.sort(byPath);
        added.sort(byPath);
        Map<String, List<Change>> addedByHash = new HashMap<>();
        for (Change c : added) {
            addedByHash.computeIfAbsent(c.path().endsWith("/") + c.newHash().value(), k -> new ArrayList<>()).add(c);
        }
        for (Change d : List.copyOf(deleted)) {
            List<Change> candidates = addedByHash.get(d.path().endsWith("/") + d.oldHash().value());
            if (candidates != null && !candidates.isEmpty()) {
                Change a = candidates.removeFirst();
                added.remove(a);
                deleted.remove(d);
                renamed.add(new Change(a.path(), d.path(), d.oldHash(), a.newHash()));
            }
        }
        modified.sort(byPath);
        notInCache.sort(byPath);
        renamed.sort(Comparator.comparing(Change::oldPath));
        return new DiffResult(added, deleted, modified, renamed, notInCache, workspace);
    }

    /** A legacy and a DVC 3 hash of the same bytes differ in name only when the digest matches. */
    private static boolean sameContent(HashInfo a, HashInfo b) {
        return a.value().equals(b.value());
    }
}
