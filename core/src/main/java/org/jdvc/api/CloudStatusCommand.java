package org.jdvc.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.config.RemoteConfig;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.objects.ObjectStore;
import org.jdvc.objects.Transfer;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;

/**
 * {@code dvc status -c} (spec §3.4): for every object the workspace's outputs use, whether it is {@code new} (cache
 * only), {@code deleted} (remote only) or {@code missing} (neither), keyed by output path ({@code dir/sub/file} for
 * files of a directory). Objects in both places are left out. Read-only: a {@code .dir} manifest found only on the
 * remote is read, not stored.
 */
public final class CloudStatusCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private String remote;
    private Integer jobs;
    private boolean recursive;
    private RevisionScope revisions = RevisionScope.WORKSPACE;

    CloudStatusCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public CloudStatusCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public CloudStatusCommand remote(String name) {
        this.remote = name;
        return this;
    }

    public CloudStatusCommand jobs(Integer n) {
        this.jobs = n;
        return this;
    }

    public CloudStatusCommand recursive(boolean value) {
        this.recursive = value;
        return this;
    }

    /** {@code -a/-T/-A/--rev}: also compare the data these git revisions record. */
    public CloudStatusCommand revisions(RevisionScope scope) {
        this.revisions = scope;
        return this;
    }

    /**
     * @param remote      the remote compared with (the {@code -r} one or the default)
     * @param changes     path → {@code new} | {@code deleted} | {@code missing}
     * @param missingDirs directories whose manifest is in neither place (their files cannot be listed)
     */
    public record CloudStatusResult(String remote, Map<String, String> changes, List<HashInfo> missingDirs) {
        public boolean inSync() {
            return changes.isEmpty();
        }
    }

    public CloudStatusResult call() {
        TransferScope scope = new TransferScope(repo, cwd, "");
        try {
            List<TrackedOutput> outs = scope.select(OutputIndex.collect(repo), targets, recursive);
            String shownRemote = remote != null ? remote : scope.defaultRemote();
            scope.remoteConfig(shownRemote);
            Map<String, String> changes = new LinkedHashMap<>();
            List<HashInfo> missingDirs = new ArrayList<>();
            Map<String, List<Map.Entry<String, org.jdvc.model.Output>>> named = new LinkedHashMap<>();
            scope.byRemote(outs, remote, false).forEach((name, list) -> list.forEach(o -> named
                    .computeIfAbsent(name, k -> new ArrayList<>())
                    .add(Map.entry(cwd.relativize(o.path()).toString(), o.output()))));
            // NOTE: pipeline stage outputs (the workspace's dvc.lock files) are compared too.
            PipelineUses.merge(scope.revisionUses(revisions, targets, remote, false), scope.group(
                    PipelineUses.workspace(repo, cwd, targets, false), UsedObjects.Use::output, remote, false))
                    .forEach((name, list) -> list.forEach(u -> named
                    .computeIfAbsent(name, k -> new ArrayList<>())
                    .add(Map.entry(cwd.relativize(repo.root().resolve(u.path())).toString(), u.output()))));
            for (Map.Entry<String, List<Map.Entry<String, org.jdvc.model.Output>>> g : named.entrySet()) {
                RemoteConfig rc = scope.remoteConfig(g.getKey());
                try (ObjectStore store = scope.open(rc)) {
                    compare(new Transfer(repo.cache(), store, TransferScope.jobs(rc, jobs), Transfer.Listener.NONE),
                            store, g.getValue(), changes, missingDirs);
                }
            }
            return new CloudStatusResult(shownRemote, changes, missingDirs);
        } catch (IOException e) {
            throw new JdvcException(e.getMessage(), JdvcException.FAILED, e);
        }
    }

    /**
     * Compares the objects of {@code outs} (display path → output). NOTE: the same path may come from several
     * revisions with different objects; a path is reported when any of its objects is out of sync (the first such
     * state found), as DVC's name-keyed result shows one state per name.
     */
    private void compare(Transfer t, ObjectStore store, List<Map.Entry<String, org.jdvc.model.Output>> outs,
            Map<String, String> changes, List<HashInfo> missingDirs) throws IOException {
        List<Map.Entry<String, HashInfo>> byPath = new ArrayList<>();
        for (Map.Entry<String, org.jdvc.model.Output> o : outs) {
            HashInfo oid = o.getValue().hash();
            String path = o.getKey();
            if (!oid.isDir()) {
                byPath.add(Map.entry(path, oid));
                continue;
            }
            TreeManifest m = t.manifest(oid, false);
            if (m == null) {
                m = remoteManifest(store, oid);
            }
            if (m == null) {
                missingDirs.add(oid);
                continue;
            }
            byPath.add(Map.entry(path, oid));
            for (TreeManifest.Entry e : m.entries()) {
                byPath.add(Map.entry(path + "/" + e.relpath(), new HashInfo(oid.name(), e.md5())));
            }
        }
        Map<HashInfo, Transfer.Presence> presence = t.compare(
                byPath.stream().map(Map.Entry::getValue).collect(java.util.stream.Collectors.toCollection(
                        java.util.LinkedHashSet::new)));
        for (Map.Entry<String, HashInfo> e : byPath) {
            String state = switch (presence.get(e.getValue())) {
                case NEW -> "new";
                case DELETED -> "deleted";
                case MISSING -> "missing";
                case IN_SYNC -> null;
            };
            if (state != null) {
                changes.putIfAbsent(e.getKey(), state);
            }
        }
    }

    private static TreeManifest remoteManifest(ObjectStore store, HashInfo oid) throws IOException {
        try {
            TreeManifest m = TreeManifest.parse(store.read(oid), ObjectStore.keyOf(oid));
            return (m.digest() + HashInfo.DIR_SUFFIX).equals(oid.value()) ? m : null;
        } catch (java.nio.file.NoSuchFileException | org.jdvc.hash.CorruptObjectException e) {
            return null;
        }
    }
}
