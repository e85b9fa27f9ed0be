package org.jdvc.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdvc.JdvcException;
import org.jdvc.cache.LocalCache;
import org.jdvc.config.RemoteConfig;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.IoErrors;
import org.jdvc.internal.Parallel;
import org.jdvc.objects.ObjectStore;
import org.jdvc.objects.Transfer;
import org.jdvc.repo.CheckoutRecord;
import org.jdvc.repo.Repository;

/**
 * Brings the data of a {@link UrlSource} to where an import-url stage (or {@code add --to-remote}) wants it: into
 * the cache and the workspace, or straight to a remote without keeping it in either (DVC's {@code --to-remote}).
 *
 * <p>Downloads are staged in a fresh folder under {@code .dvc/tmp} (same file system as the cache, so storing is
 * a cheap copy or clone) and hashed with md5 while they are written; the folder is deleted afterwards, also on
 * failure. Objects reach the cache or remote only once complete and verified, files before their {@code .dir}.
 */
final class ImportTransfer {
    /** The md5 object of the imported data and its meta, as the stage's output records it. */
    record Imported(HashInfo hash, long size, Long nfiles) {
    }

    private final Repository repo;
    private final int jobs;

    ImportTransfer(Repository repo, Integer jobs) {
        this.repo = repo;
        this.jobs = jobs(jobs);
    }

    /** {@code -j} when given, else DVC's default of 4 × CPUs. */
    static int jobs(Integer jobs) {
        return jobs == null || jobs < 1 ? Transfer.DEFAULT_JOBS : jobs;
    }

    /**
     * Downloads {@code state} of {@code source}, stores it in the cache and checks it out at {@code out}, replacing
     * whatever is there (the caller has checked {@code --force}).
     */
    Imported intoWorkspace(UrlSource source, UrlSource.State state, Path out, CheckoutRecord record)
            throws IOException {
        Path staging = stagingDir();
        try {
            UrlSource.Downloaded d = source.download(state, staging.resolve("data"), jobs);
            LocalCache cache = repo.cache();
            if (!d.isDir()) {
                cache.add(d.hash(), d.root(), true);
            } else {
                List<Integer> indexes = indexes(d.files().size());
                Parallel.forEach(indexes, i -> cache.add(HashInfo.md5(d.fileHashes().get(i)), d.files().get(i),
                        true));
                cache.addBytes(d.hash(), d.manifest().toBytes());
                repo.cachePresence().markComplete(d.hash(), d.manifest());
            }
            deleteTree(out);
            new CheckoutCommand(repo, repo.root()).relinkOutput(out, d.hash(), false);
            record.put(repo.relpath(out), d.hash().value());
            return new Imported(d.hash(), d.size(), d.nfiles());
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Downloads {@code state} of {@code source} and uploads its objects to {@code remote} (the default remote when
     * null), skipping objects the remote has; nothing is kept in the workspace or the cache.
     */
    Imported toRemote(UrlSource source, UrlSource.State state, String remote, String failurePrefix)
            throws IOException {
        TransferScope scope = new TransferScope(repo, repo.root(), failurePrefix);
        RemoteConfig rc = scope.remoteConfig(remote != null ? remote : scope.defaultRemote());
        Path staging = stagingDir();
        try (ObjectStore store = scope.open(rc)) {
            UrlSource.Downloaded d = source.download(state, staging.resolve("data"), jobs);
            if (!d.isDir()) {
                if (store.existing(List.of(d.hash()), jobs).isEmpty()) {
                    store.upload(d.hash(), d.root());
                }
                return new Imported(d.hash(), d.size(), null);
            }
            List<HashInfo> oids = d.fileHashes().stream().map(HashInfo::md5).toList();
            Set<HashInfo> present = store.existing(oids, jobs);
            List<Integer> todo = new ArrayList<>();
            Set<HashInfo> queued = new java.util.HashSet<>(present);
            for (int i : indexes(oids.size())) {
                if (queued.add(oids.get(i))) {
                    todo.add(i);
                }
            }
            Parallel.forEach(todo, jobs, i -> store.upload(oids.get(i), d.files().get(i)));
            // NOTE: the .dir goes last, so a .dir on the remote still implies its files are there (spec §3.2)
            Path manifest = staging.resolve("manifest");
            Files.write(manifest, d.manifest().toBytes());
            store.upload(d.hash(), manifest);
            return new Imported(d.hash(), d.size(), d.nfiles());
        } finally {
            deleteTree(staging);
        }
    }

    private Path stagingDir() throws IOException {
        return Files.createDirectories(repo.tmpDir().resolve("jdvc-import-" + UUID.randomUUID()));
    }

    private static List<Integer> indexes(int n) {
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    /** Deletes a file, link or folder tree; absent is fine. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                q.toFile().setWritable(true);
                Files.delete(q);
            }
        } catch (IOException e) {
            throw new JdvcException("cannot remove '" + p + "': " + IoErrors.describe(e), JdvcException.FAILED, e);
        }
    }
}
