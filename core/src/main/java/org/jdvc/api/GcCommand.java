package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jdvc.JdvcException;
import org.jdvc.cache.LocalCache;
import org.jdvc.config.RemoteConfig;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.internal.IoErrors;
import org.jdvc.internal.Parallel;
import org.jdvc.objects.ObjectStore;
import org.jdvc.objects.Transfer;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;

/**
 * {@code dvc gc} (spec §4): removes cache objects (and with {@link #cloud} remote objects) that no output of the
 * workspace uses, nor any commit of the {@linkplain #revisions revision scope} ({@code -a}, {@code -T}, {@code -A},
 * {@code --rev}; see {@link UsedObjects}). A directory keeps its {@code .dir} and every file it lists; a legacy oid
 * protects only a legacy object and vice versa. {@code --date}, {@code --all-experiments}, {@code -p} and
 * {@code --not-in-remote} are not accepted yet. Confirmation is the caller's business: {@code call()} deletes.
 */
public final class GcCommand {
    /** DVC's text when no scope flag is given (exit 255). */
    public static final String NO_SCOPE = "Either of `-w|--workspace`, `-a|--all-branches`, `-T|--all-tags` "
            + "`--all-experiments`, `--all-commits`, `--date` or `--rev` needs to be set.";

    private final Repository repo;
    private final Path cwd;
    private boolean workspace;
    private boolean cloud;
    private boolean dry;
    private boolean force;
    private String remote;
    private Integer jobs;
    private RevisionScope revisions = RevisionScope.WORKSPACE;

    GcCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public GcCommand workspace(boolean value) {
        this.workspace = value;
        return this;
    }

    /** {@code -c}: also collect on the remote ({@code -r} or default) and on every per-output remote. */
    public GcCommand cloud(boolean value) {
        this.cloud = value;
        return this;
    }

    /** {@code --dry}: count, delete nothing. */
    public GcCommand dry(boolean value) {
        this.dry = value;
        return this;
    }

    /** {@code -f}: proceed even when a directory's manifest is missing (its files are then not protected). */
    public GcCommand force(boolean value) {
        this.force = value;
        return this;
    }

    /** {@code -a}, {@code -T}, {@code -A}, {@code --rev}/{@code -n}: also keep what these commits use. */
    public GcCommand revisions(RevisionScope scope) {
        this.revisions = scope == null ? RevisionScope.WORKSPACE : scope;
        return this;
    }

    public GcCommand remote(String name) {
        this.remote = name;
        return this;
    }

    public GcCommand jobs(Integer n) {
        this.jobs = n;
        return this;
    }

    /**
     * One object database's outcome: {@code label} is DVC's name for it ({@code repo}, {@code local}, {@code legacy}
     * for the cache; the remote's name for a remote layout), {@code removed} the objects removed (or, dry, removable).
     */
    public record Collected(String label, int removed) {
    }

    public record GcResult(List<Collected> cache, List<Collected> remotes) {
    }

    /** Checks the flags without touching anything (so a caller can validate before it asks for confirmation). */
    public GcCommand validate() {
        if (!workspace && !revisions.any()) {
            throw new JdvcException(NO_SCOPE, JdvcException.REFUSED);
        }
        if (remote != null && !cloud) {
            throw new JdvcException("`-r|--remote` requires `-c|--cloud` or `--not-in-remote`",
                    JdvcException.BAD_ARGUMENTS);
        }
        return this;
    }

    public GcResult call() {
        validate();
        TransferScope scope = new TransferScope(repo, cwd, "");
        try (RepoLock lock = repo.lock()) {
            if (!dry) {
                repo.sweepStaleTemps(true);
            }
            List<TrackedOutput> outs = scope.select(OutputIndex.collect(repo), List.of(), false);
            Set<String> remotes = new LinkedHashSet<>();
            if (cloud) {
                remotes.add(remote != null ? remote : scope.defaultRemote());
                scope.byRemote(outs, remote, false).keySet().forEach(remotes::add);
            }
            Set<HashInfo> used = used(scope, outs, remotes);
            LocalCache cache = repo.cache();
            List<Collected> local = new ArrayList<>();
            // NOTE: DVC 3 reports its default cache twice ("repo", then "local", which is the same folder unless
            // cache.local is set), so a dry run counts the unused objects twice and a real one removes them under
            // "repo"; we keep that output.
            local.add(new Collected("repo", collectLocal(cache, HashInfo.MD5, used)));
            local.add(new Collected("local", collectLocal(cache, HashInfo.MD5, used)));
            local.add(new Collected("legacy", collectLocal(cache, HashInfo.MD5_DOS2UNIX, used)));
            List<Collected> remoteResults = new ArrayList<>();
            for (String name : remotes) {
                RemoteConfig rc = scope.remoteConfig(name);
                try (ObjectStore store = scope.open(rc)) {
                    if (!dry) {
                        repo.sweepStaleTemps(store, true);
                    }
                    int jobsN = TransferScope.jobs(rc, jobs);
                    remoteResults.add(new Collected(rc.name(), collectRemote(store, HashInfo.MD5, used, jobsN)));
                    remoteResults.add(new Collected(rc.name(), collectRemote(store, HashInfo.MD5_DOS2UNIX, used,
                            jobsN)));
                }
            }
            return new GcResult(local, remoteResults);
        } catch (org.jdvc.scm.GitHistory.UnknownRevisionException e) {
            throw new JdvcException("failed to collect garbage - " + e.getMessage(), JdvcException.FAILED, e);
        } catch (IOException e) {
            throw new JdvcException("failed to collect garbage - " + IoErrors.describe(e), JdvcException.FAILED, e);
        } catch (UncheckedIOException e) {
            throw new JdvcException("failed to collect garbage - " + e.getCause().getMessage(), JdvcException.FAILED,
                    e);
        }
    }

    private Set<HashInfo> used(TransferScope scope, List<TrackedOutput> outs, Set<String> remotes)
            throws IOException {
        // NOTE: the workspace's outputs (outs) plus every output the selected commits record (UsedObjects).
        Set<HashInfo> used = new HashSet<>();
        Map<HashInfo, String> roots = new LinkedHashMap<>();
        for (TrackedOutput o : outs) {
            roots.putIfAbsent(o.output().hash(), cwd.relativize(o.path()).toString());
        }
        for (UsedObjects.Use u : UsedObjects.roots(repo, revisions).values()) {
            roots.putIfAbsent(u.hash(), cwd.relativize(repo.root().resolve(u.path())).toString());
        }
        for (Map.Entry<HashInfo, String> root : roots.entrySet()) {
            HashInfo oid = root.getKey();
            if (oid == null) {
                continue;
            }
            used.add(oid);
            if (!oid.isDir()) {
                continue;
            }
            TreeManifest m = manifest(scope, oid, remotes);
            if (m == null) {
                if (!force) {
                    throw new JdvcException("Missing cache for directory '" + root.getValue()
                            + "'. Cache for files inside will be lost. Use `-f` to proceed anyway.");
                }
                continue;
            }
            used.addAll(Transfer.entries(oid, m));
        }
        return used;
    }

    private TreeManifest manifest(TransferScope scope, HashInfo dir, Set<String> remotes) throws IOException {
        Set<String> tried = new LinkedHashSet<>(remotes);
        repo.config().defaultRemote().ifPresent(tried::add);
        if (tried.isEmpty()) {
            return new Transfer(repo.cache(), null, 1, Transfer.Listener.NONE).manifest(dir, false);
        }
        for (String name : tried) {
            try (ObjectStore store = scope.open(scope.remoteConfig(name))) {
                TreeManifest m = new Transfer(repo.cache(), store, 1, Transfer.Listener.NONE).manifest(dir, true);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private int collectLocal(LocalCache cache, String hashName, Set<HashInfo> used) throws IOException {
        List<HashInfo> unused;
        try (Stream<HashInfo> all = cache.list()) {
            unused = all.filter(oid -> oid.name().equals(hashName) && !used.contains(oid)).toList();
        }
        if (!dry) {
            Parallel.forEach(unused, cache::delete);
        }
        return unused.size();
    }

    private int collectRemote(ObjectStore store, String hashName, Set<HashInfo> used, int jobsN) throws IOException {
        Set<HashInfo> all = new HashSet<>();
        store.listAll(hashName, all::add);
        // NOTE: .dir objects first: a remote must never keep a .dir whose files are gone (spec §3.3).
        List<HashInfo> unused = all.stream().filter(oid -> !used.contains(oid))
                .sorted(Comparator.comparing((HashInfo oid) -> !oid.isDir())).toList();
        if (!dry) {
            List<HashInfo> dirs = unused.stream().filter(HashInfo::isDir).toList();
            Parallel.forEach(dirs, jobsN, store::delete);
            Parallel.forEach(unused.stream().filter(o -> !o.isDir()).toList(), jobsN, store::delete);
        }
        return unused.size();
    }
}
