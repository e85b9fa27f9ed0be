package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceHasher;
import org.jdvc.scm.GitRevisionFiles;
import org.jdvc.scm.GitStatus;

/**
 * {@code dvc data status}: changes between git HEAD's {@code .dvc} files and the current ones ("committed"),
 * between the current ones and the workspace ("uncommitted"), data missing from the cache, unchanged outputs and
 * git-untracked files.
 */
public final class DataStatusCommand {
    private final Repository repo;
    private final Path cwd;
    private boolean granular;
    private boolean unchanged;
    private boolean untrackedFiles;

    DataStatusCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public DataStatusCommand granular(boolean value) {
        this.granular = value;
        return this;
    }

    public DataStatusCommand unchanged(boolean value) {
        this.unchanged = value;
        return this;
    }

    public DataStatusCommand untrackedFiles(boolean value) {
        this.untrackedFiles = value;
        return this;
    }

    /**
     * Each change map goes from kind ({@code modified}, {@code added}, {@code deleted}, {@code unknown}) to paths
     * (relative to the working directory, directories with a trailing {@code /}), kinds in that order.
     */
    public record DataStatus(List<String> notInCache, Map<String, List<String>> committed,
                             Map<String, List<String>> uncommitted, List<String> unchanged, List<String> untracked,
                             boolean gitDirty) {
        public boolean empty() {
            return notInCache.isEmpty() && committed.isEmpty() && uncommitted.isEmpty() && untracked.isEmpty();
        }
    }

    private static final List<String> KINDS = List.of("modified", "added", "deleted", "unknown");

    public DataStatus call() {
        try {
            OutputIndex index = OutputIndex.collect(repo);
            Map<String, HashInfo> current = new LinkedHashMap<>();
            Map<String, TrackedOutput> byPath = new LinkedHashMap<>();
            for (TrackedOutput o : index.outputs()) {
                current.put(repo.relpath(o.path()), o.output().hash());
                byPath.put(repo.relpath(o.path()), o);
            }
            Map<String, List<String>> committed = emptyKinds();
            List<String> untracked = List.of();
            boolean gitDirty = false;
            if (repo.scm().isGit()) {
                Map<String, HashInfo> head = headOutputs();
                for (Map.Entry<String, HashInfo> e : current.entrySet()) {
                    HashInfo before = head.get(e.getKey());
                    if (!head.containsKey(e.getKey())) {
                        committed.get("added").add(show(e.getKey(), e.getValue()));
                    } else if (before == null || !before.equals(e.getValue())) {
                        committed.get("modified").add(show(e.getKey(), e.getValue()));
                    }
                }
                for (Map.Entry<String, HashInfo> e : head.entrySet()) {
                    if (!current.containsKey(e.getKey())) {
                        committed.get("deleted").add(show(e.getKey(), e.getValue()));
                    }
                }
                GitStatus gs = GitStatus.of(repo.scm().root());
                gitDirty = gs.dirty();
                if (untrackedFiles) {
                    untracked = gs.untracked().stream().map(p -> show(p, null)).toList();
                }
            }
            Map<String, List<String>> uncommitted = emptyKinds();
            List<String> notInCache = new ArrayList<>();
            List<String> same = new ArrayList<>();
            WorkspaceHasher hasher = new WorkspaceHasher(repo);
            for (Map.Entry<String, TrackedOutput> e : byPath.entrySet()) {
                TrackedOutput o = e.getValue();
                HashInfo recorded = o.output().hash();
                String shown = show(e.getKey(), recorded);
                if (recorded == null) {
                    uncommitted.get("unknown").add(shown);
                    continue;
                }
                if (o.output().cache() && !repo.cachePresence().isComplete(recorded)) {
                    notInCache.add(shown);
                }
                HashedPath now = hasher.hash(o.path(), recorded.name());
                if (now == null) {
                    uncommitted.get("deleted").add(shown);
                } else if (!now.hash().equals(recorded)) {
                    uncommitted.get("modified").add(shown);
                    if (granular && now.isDir()) {
                        granularChanges(o, recorded, now, uncommitted);
                    }
                } else {
                    same.add(shown);
                }
            }
            repo.flush();
            committed.values().removeIf(List::isEmpty);
            uncommitted.values().removeIf(List::isEmpty);
            uncommitted.values().forEach(l -> l.sort(null));
            // NOTE: "unchanged" means unchanged in both views: the workspace matches the .dvc file and the .dvc file
            // matches git HEAD's
            committed.values().forEach(same::removeAll);
            return new DataStatus(notInCache, committed, uncommitted, unchanged ? same : List.of(), untracked,
                    gitDirty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void granularChanges(TrackedOutput o, HashInfo recorded, HashedPath now,
                                 Map<String, List<String>> uncommitted) throws IOException {
        Map<String, String> before = new HashMap<>();
        if (repo.cache().contains(recorded)) {
            for (TreeManifest.Entry e : TreeManifest.parse(repo.cache().readAllBytes(recorded),
                    repo.relpath(o.path())).entries()) {
                before.put(e.relpath(), e.md5());
            }
        }
        String base = repo.relpath(o.path());
        Map<String, String> after = new HashMap<>();
        for (int i = 0; i < now.files().size(); i++) {
            after.put(now.files().get(i).relpath(), now.fileHashes().get(i));
        }
        for (Map.Entry<String, String> e : after.entrySet()) {
            String b = before.get(e.getKey());
            if (b == null) {
                uncommitted.get("added").add(show(base + "/" + e.getKey(), null));
            } else if (!b.equals(e.getValue())) {
                uncommitted.get("modified").add(show(base + "/" + e.getKey(), null));
            }
        }
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                uncommitted.get("deleted").add(show(base + "/" + k, null));
            }
        }
    }

    private Map<String, HashInfo> headOutputs() {
        Map<String, HashInfo> result = new LinkedHashMap<>();
        Path gitRoot = repo.scm().root();
        Map<String, String> files = GitRevisionFiles.read(gitRoot, "HEAD", p -> p.endsWith(".dvc"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = gitRoot.resolve(f.getKey());
            if (!file.startsWith(repo.root())) {
                continue;
            }
            DvcFile content;
            try {
                content = DvcFile.parse(f.getValue(), "HEAD:" + f.getKey());
            } catch (RuntimeException e) {
                continue; // a broken file in history says nothing about the data
            }
            Path base = content.wdir() == null ? file.getParent() : file.getParent().resolve(content.wdir());
            for (Output o : content.outs()) {
                result.put(repo.relpath(base.resolve(o.path()).normalize()), o.hash());
            }
        }
        return result;
    }

    private static Map<String, List<String>> emptyKinds() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String k : KINDS) {
            m.put(k, new ArrayList<>());
        }
        return m;
    }

    private String show(String relpath, HashInfo hash) {
        String rel = cwd.relativize(repo.root().resolve(relpath)).toString();
        return hash != null && hash.isDir() ? rel + "/" : rel;
    }
}
