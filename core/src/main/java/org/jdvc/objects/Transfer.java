package org.jdvc.objects;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.CorruptObjectException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.internal.Parallel;
import org.jdvc.remote.RemoteException;

/**
 * Moves objects between the local cache and one remote, in parallel ({@code jobs} threads), for a set of root oids
 * (files, and directories whose {@code .dir} manifest brings in every file it lists).
 *
 * <p><b>Order</b> (spec §3.2): a push uploads file objects first and a {@code .dir} object last, and only when every
 * file it lists is on the remote afterwards, so "a {@code .dir} on the remote implies all its files are there" holds
 * even when a push is interrupted. <b>Verification</b>: every downloaded object is hashed while it is written
 * ({@link LocalCache#addStream}); a mismatch stores nothing and is reported as a failure. <b>Failures</b>: an
 * object that cannot be transferred is reported in the result and the others go on; a {@link RemoteException}
 * (the remote is unusable) stops the transfer and propagates.
 */
public final class Transfer {
    /** Default parallelism, as DVC: 4 × CPU count. */
    public static final int DEFAULT_JOBS = 4 * Runtime.getRuntime().availableProcessors();

    /** Progress callbacks, called from transfer threads. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** {@code files} objects ({@code bytes} in all, or -1 if unknown) are about to be transferred. */
        default void started(long files, long bytes) {
        }

        /** One object of {@code bytes} was transferred (or failed, with {@code bytes} 0). */
        default void transferred(long bytes) {
        }

        default void finished() {
        }
    }

    /** An object that could not be transferred, and why (one line). */
    public record Failure(HashInfo oid, String message) {
    }

    /**
     * @param transferred objects uploaded or downloaded
     * @param missing     objects in neither the cache nor the remote (in the order met)
     * @param failed      objects whose transfer failed
     */
    public record Result(int transferred, List<HashInfo> missing, List<Failure> failed) {
    }

    /** An object's presence: {@code NEW} local only, {@code DELETED} remote only, {@code MISSING} neither. */
    public enum Presence { IN_SYNC, NEW, DELETED, MISSING }

    private final LocalCache cache;
    private final ObjectStore remote;
    private final int jobs;
    private final Listener listener;

    public Transfer(LocalCache cache, ObjectStore remote, int jobs, Listener listener) {
        this.cache = cache;
        this.remote = remote;
        this.jobs = Math.max(1, jobs);
        this.listener = listener;
    }

    /**
     * The manifest of directory {@code dir} from the cache, or (with {@code download}) fetched into the cache from
     * the remote; null when it is in neither (or corrupt everywhere).
     */
    public TreeManifest manifest(HashInfo dir, boolean download) throws IOException {
        try {
            return loadManifest(dir, download);
        } catch (NoSuchFileException | CorruptObjectException | CorruptRemoteObjectException e) {
            return null;
        }
    }

    /**
     * Like {@link #manifest}, telling apart a manifest that is nowhere ({@link NoSuchFileException}) from one that is
     * corrupt ({@link CorruptRemoteObjectException}: its bytes do not hash to its name; {@link CorruptObjectException}:
     * they do, and do not parse as a manifest).
     */
    private TreeManifest loadManifest(HashInfo dir, boolean download) throws IOException {
        if (cache.contains(dir)) {
            return TreeManifest.parse(cache.readAllBytes(dir), cache.pathOf(dir).toString());
        }
        if (!download) {
            throw new NoSuchFileException(dir.value());
        }
        remote.download(dir, cache);
        return TreeManifest.parse(cache.readAllBytes(dir), cache.pathOf(dir).toString());
    }

    /** The oids of the files {@code manifest} lists, in the directory's hash name. */
    public static List<HashInfo> entries(HashInfo dir, TreeManifest manifest) {
        List<HashInfo> oids = new ArrayList<>(manifest.entries().size());
        for (TreeManifest.Entry e : manifest.entries()) {
            oids.add(new HashInfo(dir.name(), e.md5()));
        }
        return oids;
    }

    /** Uploads every object of {@code roots} the remote lacks (spec §3.2). */
    public Result push(Collection<HashInfo> roots) throws IOException {
        Map<HashInfo, List<HashInfo>> dirs = new LinkedHashMap<>();
        Set<HashInfo> all = new LinkedHashSet<>();
        for (HashInfo oid : roots) {
            if (oid.isDir()) {
                TreeManifest m = manifest(oid, false);
                List<HashInfo> files = m == null ? null : entries(oid, m);
                dirs.put(oid, files);
                if (files != null) {
                    all.addAll(files);
                }
            }
            all.add(oid);
        }
        Set<HashInfo> onRemote = remote.existing(all, jobs);
        List<HashInfo> candidates = all.stream().filter(o -> !onRemote.contains(o)).toList();
        Map<HashInfo, Long> local = localSizes(candidates);
        List<HashInfo> missing = candidates.stream().filter(o -> !local.containsKey(o)).toList();
        List<HashInfo> fileUploads = new ArrayList<>();
        List<HashInfo> dirUploads = new ArrayList<>();
        long bytes = 0;
        for (HashInfo oid : candidates) {
            Long size = local.get(oid);
            if (size != null) {
                (oid.isDir() ? dirUploads : fileUploads).add(oid);
                bytes += size;
            }
        }
        listener.started(fileUploads.size() + dirUploads.size(), bytes);
        ConcurrentLinkedQueue<Failure> failed = new ConcurrentLinkedQueue<>();
        Set<HashInfo> uploaded = ConcurrentHashMap.newKeySet();
        try {
            Parallel.forEach(fileUploads, jobs, oid -> upload(oid, local.get(oid), uploaded, failed));
            // NOTE: .dir objects strictly after all file objects, and only for complete directories (spec §3.2).
            List<HashInfo> completeDirs = new ArrayList<>();
            for (HashInfo dir : dirUploads) {
                List<HashInfo> files = dirs.get(dir);
                if (files != null && files.stream().allMatch(f -> onRemote.contains(f) || uploaded.contains(f))) {
                    completeDirs.add(dir);
                }
            }
            Parallel.forEach(completeDirs, jobs, oid -> upload(oid, local.get(oid), uploaded, failed));
        } finally {
            listener.finished();
        }
        return new Result(uploaded.size(), missing, List.copyOf(failed));
    }

    private void upload(HashInfo oid, long size, Set<HashInfo> uploaded, Collection<Failure> failed) {
        Path source = cache.pathOf(oid);
        try {
            remote.upload(oid, source);
            uploaded.add(oid);
            listener.transferred(size);
        } catch (IOException e) {
            String refusal = refusal(e);
            if (refusal != null) {
                // NOTE: thrown, not collected: Parallel stops the other workers at once, instead of one warning per
                // object for an error that every object will meet
                throw new org.jdvc.remote.RemoteException("cannot write to", remote.remoteName(), remote.url(),
                        refusal + " (stopped at the first object that failed)", e);
            }
            failed.add(new Failure(oid, oneLine(e)));
            listener.transferred(0);
        }
    }

    /**
     * Why {@code e} will fail every further object of the transfer as well, or null: the destination refuses writes
     * (read-only, full, over quota, permission denied), not this object.
     */
    static String refusal(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(e.getMessage());
        for (String r : new String[] {"Read-only file system", "No space left on device", "Disk quota exceeded"}) {
            if (reason.contains(r)) {
                return r;
            }
        }
        return null;
    }

    /** Downloads every object of {@code roots} the cache lacks (directory manifests first, from the remote if need be). */
    public Result fetch(Collection<HashInfo> roots) throws IOException {
        Set<HashInfo> all = new LinkedHashSet<>();
        List<HashInfo> missing = new ArrayList<>();
        ConcurrentLinkedQueue<Failure> failed = new ConcurrentLinkedQueue<>();
        int manifests = 0;
        for (HashInfo oid : roots) {
            if (!oid.isDir()) {
                all.add(oid);
                continue;
            }
            boolean had = cache.contains(oid);
            TreeManifest m;
            try {
                m = loadManifest(oid, true);
            } catch (NoSuchFileException e) {
                missing.add(oid);
                continue;
            } catch (CorruptObjectException | CorruptRemoteObjectException e) {
                // NOTE: a corrupt manifest is a failure, not a missing object: the remote has it, wrong
                failed.add(new Failure(oid, e.getMessage().lines().findFirst().orElse("corrupt")));
                continue;
            }
            if (!had) {
                manifests++;
            }
            all.addAll(entries(oid, m));
        }
        List<HashInfo> list = List.copyOf(all);
        Set<HashInfo> local = presentLocally(list);
        List<HashInfo> needed = list.stream().filter(o -> !local.contains(o)).toList();
        List<HashInfo> downloads = new ArrayList<>();
        // NOTE: where a download attempt costs no more than an existence check (a local folder: one open; HTTP: a
        // GET instead of a HEAD), the attempt is the check: an absent object is reported missing when it fails.
        boolean tryEach = remote.checksEachObject();
        if (tryEach) {
            downloads.addAll(needed);
        } else {
            Set<HashInfo> onRemote = needed.isEmpty() ? Set.of() : remote.existing(needed, jobs);
            for (HashInfo oid : needed) {
                (onRemote.contains(oid) ? downloads : missing).add(oid);
            }
        }
        listener.started(downloads.size(), -1);
        Set<HashInfo> absent = ConcurrentHashMap.newKeySet();
        Set<HashInfo> downloaded = ConcurrentHashMap.newKeySet();
        try {
            Parallel.forEach(downloads, jobs, oid -> {
                try {
                    long n = remote.download(oid, cache, false);
                    downloaded.add(oid);
                    listener.transferred(Math.max(0, n));
                } catch (NoSuchFileException e) {
                    if (!tryEach) {
                        failed.add(new Failure(oid, oneLine(e)));
                    }
                    absent.add(oid);
                    listener.transferred(0);
                } catch (IOException e) {
                    String refusal = refusal(e);
                    if (refusal != null) {
                        // NOTE: the cache refuses writes: every other object would fail the same way
                        throw new org.jdvc.JdvcException("cannot write to the cache " + cache.root() + ": " + refusal
                                + " (stopped at the first object that failed)", org.jdvc.JdvcException.FAILED, e);
                    }
                    failed.add(new Failure(oid, oneLine(e)));
                    listener.transferred(0);
                }
            });
        } finally {
            listener.finished();
        }
        if (tryEach) {
            for (HashInfo oid : downloads) {
                if (absent.contains(oid)) {
                    missing.add(oid);
                }
            }
        }
        return new Result(downloaded.size() + manifests, missing, List.copyOf(failed));
    }

    /** Where each of {@code oids} is: cache, remote, both or neither (for {@code status -c}). */
    public Map<HashInfo, Presence> compare(Collection<HashInfo> oids) throws IOException {
        List<HashInfo> list = List.copyOf(new LinkedHashSet<>(oids));
        Set<HashInfo> onRemote = remote.existing(list, jobs);
        Set<HashInfo> local = presentLocally(list);
        Map<HashInfo, Presence> result = new LinkedHashMap<>();
        for (HashInfo oid : list) {
            boolean l = local.contains(oid);
            boolean r = onRemote.contains(oid);
            result.put(oid, l && r ? Presence.IN_SYNC : l ? Presence.NEW : r ? Presence.DELETED : Presence.MISSING);
        }
        return result;
    }

    /** The sizes of those of {@code oids} the cache holds (valid objects only). */
    private Map<HashInfo, Long> localSizes(List<HashInfo> oids) throws IOException {
        Map<HashInfo, Long> sizes = new ConcurrentHashMap<>();
        Parallel.forEach(oids, oid -> {
            long size = cache.sizeIfPresent(oid);
            if (size >= 0) {
                sizes.put(oid, size);
            }
        });
        return sizes;
    }

    private Set<HashInfo> presentLocally(List<HashInfo> oids) throws IOException {
        Set<HashInfo> present = ConcurrentHashMap.newKeySet();
        Parallel.forEach(oids, oid -> {
            if (cache.contains(oid)) {
                present.add(oid);
            }
        });
        return present;
    }

    private static String oneLine(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }
}
