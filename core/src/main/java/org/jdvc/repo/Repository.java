package org.jdvc.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.cache.LocalCache;
import org.jdvc.config.Config;
import org.jdvc.hash.StateDb;
import org.jdvc.objects.ObjectStore;
import org.jdvc.scm.GitCli;
import org.jdvc.scm.NoScm;
import org.jdvc.scm.Scm;

/**
 * An opened DVC repository: its root, {@code .dvc} directory, configuration, cache, state database and git.
 * Everything heavy is created on first use, so a command pays only for what it touches.
 * Not thread-safe: one command uses one instance.
 */
public final class Repository {
    public static final String DVC_DIR = ".dvc";

    private final Path root;
    private final Map<String, String> env;
    private Config config;
    private LocalCache cache;
    private StateDb state;
    private Scm scm;
    private DvcIgnore ignore;
    private CachePresence presence;
    private DirectoryStates dirStates;
    private Containment containment;

    private Repository(Path root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    /** Opens the repository containing {@code start}, walking up to the nearest directory holding {@code .dvc/}. */
    public static Repository find(Path start, Map<String, String> env) {
        Path dir = start.toAbsolutePath().normalize();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(DVC_DIR))) {
                return new Repository(dir, env);
            }
            dir = dir.getParent();
        }
        throw new NotARepositoryException();
    }

    /** Opens the repository whose root is exactly {@code root}. */
    public static Repository at(Path root, Map<String, String> env) {
        if (!Files.isDirectory(root.resolve(DVC_DIR))) {
            throw new NotARepositoryException();
        }
        return new Repository(root.toAbsolutePath().normalize(), env);
    }

    public Path root() {
        return root;
    }

    public Path dvcDir() {
        return root.resolve(DVC_DIR);
    }

    /** How old a temp file must be before a sweep takes it for a crash's leftover. */
    public static final java.time.Duration STALE_TEMP_AGE = java.time.Duration.ofHours(1);

    /**
     * Removes stale temp files from the cache ({@link LocalCache#removeStaleTemps}), at most once an hour per
     * repository (a marker in the private folder says when): commands that write to the cache call it, so what a
     * killed process left is cleaned up by the next one. {@code always}: regardless of the marker ({@code gc}).
     */
    public void sweepStaleTemps(boolean always) {
        hourly("temp-sweep", always, () -> cache().removeStaleTemps(STALE_TEMP_AGE));
    }

    /**
     * Removes what killed pushes left on {@code remote} (temp files, unfinished multipart uploads:
     * {@link ObjectStore#removeStaleTemps}), at most once an hour per remote URL; {@code always} for {@code gc -c}.
     */
    public void sweepStaleTemps(ObjectStore remote, boolean always) {
        String id = LocalCache.digestOf("md5", remote.url().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        hourly("temp-sweep-" + id.substring(0, 16), always, () -> remote.removeStaleTemps(STALE_TEMP_AGE));
    }

    private void hourly(String markerName, boolean always, Runnable sweep) {
        Path marker = privateDir().resolve(markerName);
        try {
            if (!always && Files.exists(marker) && Files.getLastModifiedTime(marker).toMillis()
                    > System.currentTimeMillis() - STALE_TEMP_AGE.toMillis()) {
                return;
            }
            sweep.run();
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "");
        } catch (java.io.IOException | RuntimeException e) {
            // NOTE: housekeeping: never the reason a command fails
        }
    }

    /** The containment rule of this workspace: what a repository file may name. */
    public Containment containment() {
        if (containment == null) {
            containment = new Containment(root);
        }
        return containment;
    }

    public Path tmpDir() {
        return dvcDir().resolve("tmp");
    }

    /** jdvc's private state (state database, checkout records), kept apart from DVC's own files. */
    public Path privateDir() {
        return tmpDir().resolve("jdvc");
    }

    public Map<String, String> env() {
        return env;
    }

    public Config config() {
        if (config == null) {
            config = Config.load(dvcDir(), env);
        }
        return config;
    }

    public LocalCache cache() {
        if (cache == null) {
            Path dir = config().cacheDir().orElse(dvcDir().resolve("cache"));
            if (dir.equals(dvcDir().resolve("cache"))) {
                refuseOutsideLink(dir);
            }
            cache = new LocalCache(dir, config().cacheShared().isPresent());
        }
        return cache;
    }

    /**
     * {@code .dvc/cache}, refused when it is a symbolic link that leads outside the workspace: git can carry such a
     * link, and a cloned repository must not make pull write (or gc delete) in a folder of the attacker's choosing.
     * A cache elsewhere is configuration ({@code cache.dir}), set by the user.
     */
    private void refuseOutsideLink(Path dir) {
        if (Files.isSymbolicLink(dir)) {
            Path target;
            try {
                target = dir.toRealPath();
            } catch (java.io.IOException e) {
                return; // a dangling link: creating the cache fails with its own message
            }
            if (!containment().containsReal(target)) {
                throw new JdvcException("'.dvc/cache' is a symbolic link to '" + target + "', outside the workspace; "
                        + "jdvc does not follow a cache link a repository may have brought: run 'jdvc cache dir "
                        + target + "' to use that folder", JdvcException.FAILED);
            }
        }
    }

    /** Whether whole outputs (a directory's manifest and every file) are in the cache. */
    public CachePresence cachePresence() {
        if (presence == null) {
            presence = new CachePresence(this);
        }
        return presence;
    }

    /** Links cache objects into the workspace with the configured {@code cache.type} list. */
    public org.jdvc.cache.Linker linker() {
        List<String> types = config().cacheTypes();
        return new org.jdvc.cache.Linker(types.isEmpty() ? org.jdvc.cache.LinkType.DEFAULT
                : org.jdvc.cache.LinkType.parseList(String.join(",", types)), config().cacheShared().isPresent());
    }

    /** Remembered directory hashes, keyed by a fingerprint of their files' stamps. */
    public DirectoryStates directoryStates() {
        if (dirStates == null) {
            dirStates = new DirectoryStates(privateDir().resolve("directories"));
        }
        return dirStates;
    }

    public boolean hasDefaultCacheDir() {
        return config().cacheDir().isEmpty();
    }

    public StateDb state() {
        if (state == null) {
            state = StateDb.open(privateDir().resolve("state"));
        }
        return state;
    }

    public Scm scm() {
        if (scm == null) {
            scm = config().noScm() || !isInsideGit(root) ? new NoScm(root) : new GitCli(root);
        }
        return scm;
    }

    public DvcIgnore ignore() {
        if (ignore == null) {
            ignore = DvcIgnore.load(root);
        }
        return ignore;
    }

    /**
     * Takes the repository lock ({@code flock} on {@code .dvc/tmp/lock}, the same lock DVC takes), so jdvc and DVC
     * never modify one repository at the same time. Hold it for the whole of a mutating command.
     */
    public RepoLock lock() {
        return RepoLock.acquire(dvcDir());
    }

    /** Saves what was learned during the command (hashes in the state database). */
    public void flush() {
        if (presence != null) {
            try {
                presence.save();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (dirStates != null) {
            try {
                dirStates.save();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (state != null) {
            try {
                state.save();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static boolean isInsideGit(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }

    /** Repo-relative POSIX path of {@code abs}. */
    public String relpath(Path abs) {
        return root.relativize(abs.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
