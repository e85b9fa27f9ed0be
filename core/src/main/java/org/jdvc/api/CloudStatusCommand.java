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
            for (Map.Entry<String, List<TrackedOutput>> g : scope.byRemote(outs, remote, false).entrySet()) {
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

    private void compare(Transfer t, ObjectStore store, List<TrackedOutput> outs, Map<String, String> changes,
            List<HashInfo> missingDirs) throws IOException {
        Map<String, HashInfo> byPath = new LinkedHashMap<>();
        for (TrackedOutput o : outs) {
            HashInfo oid = o.output().hash();
            String path = cwd.relativize(o.path()).toString();
            if (!oid.isDir()) {
                byPath.put(path, oid);
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
            byPath.put(path, oid);
            for (TreeManifest.Entry e : m.entries()) {
                byPath.put(path + "/" + e.relpath(), new HashInfo(oid.name(), e.md5()));
            }
        }
        Map<HashInfo, Transfer.Presence> presence = t.compare(byPath.values());
        byPath.forEach((path, oid) -> {
            switch (presence.get(oid)) {
                case NEW -> changes.put(path, "new");
                case DELETED -> changes.put(path, "deleted");
                case MISSING -> changes.put(path, "missing");
                case IN_SYNC -> { }
            }
        });
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
