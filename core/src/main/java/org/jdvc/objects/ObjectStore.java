package org.jdvc.objects;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.Parallel;
import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteException;

/**
 * A content-addressed view of a remote: object ids map to keys of a dumb {@link BlobStore} in DVC's layout (spec
 * §3.1): DVC 3 ({@code md5}) objects at {@code files/md5/ab/cdef…}, legacy ({@code md5-dos2unix}) objects at
 * {@code ab/cdef…}, {@code .dir} suffix kept. Above the store it adds what every remote type shares: the choice
 * between per-object existence checks and listing (§3.3), verified downloads into a {@link LocalCache}, and retries
 * with backoff for transient failures.
 *
 * <p><b>Failures</b>: a {@link RemoteException} (the remote as a whole is unusable) is never retried and always
 * propagates; any other {@link IOException} is retried {@link Retry#attempts()} times before it propagates.
 * {@link NoSuchFileException} from a read is an answer, not a failure, and is not retried.
 *
 * <p><b>Threads</b>: safe for concurrent use, as the store is. Closing closes the store.
 */
public final class ObjectStore implements AutoCloseable {
    private static final String DVC3_PREFIX = "files/md5/";
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+)://");
    private static final int LIST_PAGE_SIZE = 1000;
    private static final int TRAVERSE_WEIGHT_MULTIPLIER = 5;
    private static final int TRAVERSE_THRESHOLD_SIZE = 500_000;
    /** Parts of a ranged download: large enough that a GET's latency is noise, small enough to spread 512 MiB. */
    public static final long DEFAULT_PART_SIZE = 32L << 20;
    /** Parallel connections per large download, besides the thread streaming the first part. */
    static final int PART_STREAMS = 4;

    /** How to decide existence of many objects on this kind of remote (spec §3.3). */
    enum Traversal {
        /** Local folders: per-object checks are cheap syscalls, listing buys nothing. */
        PER_OBJECT(0),
        /** ssh and other file-system-like remotes: list two-hex-digit prefixes. */
        PREFIX_2(2),
        /** Object stores (s3, gs, azure, oss): list three-hex-digit prefixes. */
        PREFIX_3(3),
        /** HTTP-like remotes cannot list. */
        NO_LISTING(0);

        final int prefixLength;

        Traversal(int prefixLength) {
            this.prefixLength = prefixLength;
        }
    }

    /** Retry policy for transient failures: {@code attempts} tries in all, sleeping {@code baseDelayMillis × 4^n}. */
    public record Retry(int attempts, long baseDelayMillis) {
        public static final Retry DEFAULT = new Retry(3, 200);
        public static final Retry NONE = new Retry(1, 0);
    }

    private final String remoteName;
    private final BlobStore store;
    private final Traversal traversal;
    private final Retry retry;
    private String url = "";
    private volatile long partSize = DEFAULT_PART_SIZE;

    ObjectStore(String remoteName, BlobStore store, Traversal traversal, Retry retry) {
        this.remoteName = remoteName;
        this.store = store;
        this.traversal = traversal;
        this.retry = retry;
    }

    /**
     * An object store over {@code store}, which was opened for {@code url}; the URL's scheme selects the existence
     * heuristics (local folders check each object, object stores list by prefix, HTTP never lists).
     */
    public static ObjectStore over(String remoteName, String url, BlobStore store, Retry retry) {
        Matcher m = SCHEME.matcher(url);
        String scheme = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "file";
        Traversal t = switch (scheme) {
            case "file" -> Traversal.PER_OBJECT;
            case "s3", "gs", "azure", "oss" -> Traversal.PREFIX_3;
            case "http", "https", "webdav", "webdavs" -> Traversal.NO_LISTING;
            default -> Traversal.PREFIX_2;
        };
        ObjectStore o = new ObjectStore(remoteName, store, t, retry);
        o.url = url;
        return o;
    }

    /**
     * The part size of parallel ranged downloads (default {@value #DEFAULT_PART_SIZE} bytes); objects up to one
     * part are read in one stream. Tests use small parts to cross part boundaries with small objects.
     */
    public ObjectStore partSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("part size must be positive: " + bytes);
        }
        this.partSize = bytes;
        return this;
    }

    public String remoteName() {
        return remoteName;
    }

    /** The URL the store was opened for (as configured; messages redact user information). */
    public String url() {
        return url;
    }

    /**
     * Whether this remote answers existence one object at a time anyway (local folders, HTTP), so that trying a
     * download is the cheapest existence check.
     */
    public boolean checksEachObject() {
        return traversal == Traversal.PER_OBJECT || traversal == Traversal.NO_LISTING;
    }

    /** The store key of {@code oid}: {@code files/md5/ab/cdef…} or, for a legacy oid, {@code ab/cdef…}. */
    public static String keyOf(HashInfo oid) {
        String v = oid.value();
        String rel = v.substring(0, 2) + "/" + v.substring(2);
        return switch (oid.name()) {
            case HashInfo.MD5 -> DVC3_PREFIX + rel;
            case HashInfo.MD5_DOS2UNIX -> rel;
            default -> throw new IllegalArgumentException("unsupported hash name: " + oid.name());
        };
    }

    /**
     * Deletes what puts killed midway left in the object folders of both layouts (see
     * {@link BlobStore#removeStaleTemps}), begun more than {@code age} ago. Best effort: never the reason a command
     * fails.
     */
    public int removeStaleTemps(java.time.Duration age) {
        List<String> folders = new ArrayList<>(512);
        for (String layout : new String[] {DVC3_PREFIX, ""}) {
            for (int b = 0; b < 256; b++) {
                folders.add(layout + String.format("%02x/", b));
            }
        }
        try {
            return store.removeStaleTemps(folders, age);
        } catch (IOException | RuntimeException e) {
            return 0; // NOTE: housekeeping; the command's own work reports the remote's real problems
        }
    }

    /** The oid a key names in the layout of {@code hashName}, or null when the key is not an object of it. */
    static HashInfo oidOf(String key, String hashName) {
        String rel;
        if (hashName.equals(HashInfo.MD5)) {
            if (!key.startsWith(DVC3_PREFIX)) {
                return null;
            }
            rel = key.substring(DVC3_PREFIX.length());
        } else {
            rel = key;
        }
        if (rel.length() < 4 || rel.charAt(2) != '/') {
            return null;
        }
        String value = rel.substring(0, 2) + rel.substring(3);
        return isObjectName(value) ? new HashInfo(hashName, value) : null;
    }

    /**
     * Which of {@code oids} exist on the remote. Per-object checks (parallel, {@code jobs} threads) or a listing of
     * the layout, chosen by DVC's estimate of the remote's size (spec §3.3).
     */
    public Set<HashInfo> existing(Collection<HashInfo> oids, int jobs) throws IOException {
        Set<HashInfo> found = ConcurrentHashMap.newKeySet();
        Map<String, List<HashInfo>> byLayout = new java.util.HashMap<>();
        for (HashInfo oid : new HashSet<>(oids)) {
            byLayout.computeIfAbsent(oid.name(), k -> new ArrayList<>()).add(oid);
        }
        for (Map.Entry<String, List<HashInfo>> e : byLayout.entrySet()) {
            existingInLayout(e.getKey(), e.getValue(), jobs, found);
        }
        return found;
    }

    private void existingInLayout(String hashName, List<HashInfo> oids, int jobs, Set<HashInfo> found)
            throws IOException {
        if (oids.size() == 1 || traversal == Traversal.PER_OBJECT || traversal == Traversal.NO_LISTING) {
            existsEach(oids, jobs, found);
            return;
        }
        int prefixLen = traversal.prefixLength;
        long buckets = 1L << (4 * prefixLen);
        String zeros = "0".repeat(prefixLen);
        String samplePrefix = layoutRoot(hashName) + "00/" + zeros.substring(2);
        long limit = Math.max(TRAVERSE_THRESHOLD_SIZE, (long) oids.size() / 5 * LIST_PAGE_SIZE) / buckets;
        Set<HashInfo> sample = new HashSet<>();
        long[] count = {0};
        boolean complete = listUntil(samplePrefix, hashName, limit, sample, count);
        long size = count[0] == 0 ? buckets : buckets * count[0];
        long pages = size / LIST_PAGE_SIZE;
        long weight = size > TRAVERSE_THRESHOLD_SIZE ? pages * TRAVERSE_WEIGHT_MULTIPLIER : pages;
        if (oids.size() < weight) {
            List<HashInfo> rest = new ArrayList<>();
            for (HashInfo oid : oids) {
                if (sample.contains(oid)) {
                    found.add(oid);
                } else if (!(complete && oid.value().startsWith(zeros))) {
                    // NOTE: a complete sample answered every oid under its prefix already.
                    rest.add(oid);
                }
            }
            existsEach(rest, jobs, found);
            return;
        }
        Set<HashInfo> wanted = new HashSet<>(oids);
        if (pages < 256 / Math.max(1, jobs)) {
            listLayout(layoutRoot(hashName), hashName, oid -> {
                if (wanted.contains(oid)) {
                    found.add(oid);
                }
            });
            return;
        }
        List<String> prefixes = new ArrayList<>();
        for (int i = 1; i < 256; i++) {
            prefixes.add(String.format("%02x/", i));
        }
        if (prefixLen == 3) {
            for (int i = 1; i < 16; i++) {
                prefixes.add("00/" + Integer.toHexString(i));
            }
        }
        for (HashInfo oid : sample) {
            if (wanted.contains(oid)) {
                found.add(oid);
            }
        }
        if (!complete) {
            prefixes.add("00/0");
        }
        Parallel.forEach(prefixes, jobs, p -> listLayout(layoutRoot(hashName) + p, hashName, oid -> {
            if (wanted.contains(oid)) {
                found.add(oid);
            }
        }));
    }

    private void existsEach(List<HashInfo> oids, int jobs, Set<HashInfo> found) throws IOException {
        Parallel.forEach(oids, jobs, oid -> {
            if (withRetry("check", oid, () -> store.exists(keyOf(oid)))) {
                found.add(oid);
            }
        });
    }

    /** Lists objects under {@code prefix} until {@code limit}; true if the listing ran to its end. */
    private boolean listUntil(String prefix, String hashName, long limit, Set<HashInfo> into, long[] count)
            throws IOException {
        // NOTE: BlobStore.list has no "stop" signal; a private exception ends the stream early.
        final class Enough extends RuntimeException {
            Enough() {
                super(null, null, false, false);
            }
        }
        try {
            withRetry("list", null, () -> {
                into.clear();
                count[0] = 0;
                store.list(prefix, key -> {
                    HashInfo oid = oidOf(key, hashName);
                    if (oid != null) {
                        into.add(oid);
                        if (++count[0] >= limit) {
                            throw new Enough();
                        }
                    }
                });
                return null;
            });
            return true;
        } catch (Enough e) {
            return false;
        }
    }

    /** Feeds {@code sink} every object of the {@code hashName} layout (for gc), unverified. */
    public void listAll(String hashName, Consumer<HashInfo> sink) throws IOException {
        listLayout(layoutRoot(hashName), hashName, sink);
    }

    private void listLayout(String prefix, String hashName, Consumer<HashInfo> sink) throws IOException {
        // NOTE: a retried listing may repeat keys; every consumer here collects into sets.
        withRetry("list", null, () -> {
            store.list(prefix, key -> {
                HashInfo oid = oidOf(key, hashName);
                if (oid != null) {
                    sink.accept(oid);
                }
            });
            return null;
        });
    }

    /** Uploads the object at {@code source} (a verified cache object) under its key. */
    public void upload(HashInfo oid, Path source) throws IOException {
        withRetry("upload", oid, () -> {
            store.put(keyOf(oid), source);
            return null;
        });
    }

    /**
     * Downloads {@code oid} into {@code cache}, verified while it is written (a mismatch stores nothing and throws
     * {@link CorruptRemoteObjectException}, which is not retried).
     *
     * @return the bytes stored, or -1 if the cache already had it
     * @throws NoSuchFileException if the remote has no such object
     */
    public long download(HashInfo oid, LocalCache cache) throws IOException {
        return download(oid, cache, true);
    }

    /**
     * {@link #download(HashInfo, LocalCache)} for a caller that has just seen the object absent from the cache
     * ({@code checkCache} false), which skips looking again.
     */
    public long download(HashInfo oid, LocalCache cache, boolean checkCache) throws IOException {
        if (checkCache && cache.contains(oid)) {
            return -1;
        }
        return withRetry("download", oid, () -> {
            try {
                if (!store.readsRanges()) {
                    try (InputStream in = store.open(keyOf(oid))) {
                        return cache.addStream(oid, in, false);
                    }
                }
                return downloadInParts(oid, cache);
            } catch (org.jdvc.cache.HashMismatchException e) {
                throw new CorruptRemoteObjectException(remoteName, oid, e.actual());
            }
        });
    }

    /**
     * A download from a store that reads ranges: the first part's GET tells the size; a small object is streamed
     * into the cache as usual, a large one has its other parts fetched on {@link #PART_STREAMS} parallel connections
     * and written at their offsets into the cache's temp file (no reassembly copy), while this thread streams the
     * first part and then hashes each further part from the temp file (page cache) as soon as it is complete, in
     * order: the hash is done when the last part lands, and the object is published only if it matches its name.
     */
    private long downloadInParts(HashInfo oid, LocalCache cache) throws IOException {
        String key = keyOf(oid);
        long partSize = this.partSize;
        BlobStore.Range first = store.openRange(key, 0, partSize);
        try (InputStream in = first.in()) {
            long size = first.objectSize();
            if (size <= partSize) {
                return cache.addStream(oid, in, false);
            }
            int parts = (int) ((size + partSize - 1) / partSize);
            List<java.util.concurrent.CompletableFuture<Void>> done = new ArrayList<>(parts);
            for (int i = 0; i < parts; i++) {
                done.add(new java.util.concurrent.CompletableFuture<>());
            }
            try (LocalCache.PendingObject pending = cache.create(oid)) {
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(1);
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < Math.min(PART_STREAMS, parts - 1); w++) {
                    // NOTE: platform threads, not virtual ones: a virtual thread blocking on a socket starts the
                    // JDK's poller thread, which then sits in native epoll_wait, and the JVM's exit (System.exit and
                    // halt alike) waits up to 300 ms for threads in native code: every pull of a large object ended
                    // 0.3 s late (100 MB pull from S3: 0.94 -> 0.64 s).
                    workers.add(Thread.ofPlatform().daemon().name("part-" + oid.value() + "-" + w).start(() -> {
                        for (int i; (i = next.getAndIncrement()) < parts; ) {
                            long offset = (long) i * partSize;
                            long length = Math.min(partSize, size - offset);
                            try (InputStream part = store.openRange(key, offset, length).in()) {
                                writeAt(part, pending.channel(), offset, length, null);
                                done.get(i).complete(null);
                            } catch (Throwable e) {
                                done.get(i).completeExceptionally(e);
                                next.set(parts); // NOTE: stop the other workers at their next part
                                return;
                            }
                        }
                    }));
                }
                try {
                    writeAt(in, pending.channel(), 0, partSize, pending);
                    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                    for (int i = 1; i < parts; i++) {
                        await(done.get(i), key);
                        long offset = (long) i * partSize;
                        long end = Math.min(size, offset + partSize);
                        for (long pos = offset; pos < end; ) {
                            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
                            int n = pending.channel().read(buf, pos);
                            if (n < 0) {
                                throw new IOException("temp file of '" + key + "' ended early");
                            }
                            pending.hash(buf.array(), 0, n);
                            pos += n;
                        }
                    }
                    pending.publish();
                    return size;
                } finally {
                    next.set(parts);
                    for (Thread t : workers) {
                        t.interrupt();
                    }
                    for (Thread t : workers) {
                        joinQuietly(t);
                    }
                }
            }
        }
    }

    /** Copies exactly {@code length} bytes of {@code in} to {@code out} at {@code offset}, hashing them if asked. */
    private void writeAt(InputStream in, java.nio.channels.FileChannel out, long offset, long length,
            LocalCache.PendingObject hashing) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, end - pos));
            if (n < 0) {
                throw new IOException("remote '" + remoteName + "' sent " + (pos - offset) + " of " + length
                        + " bytes of a part");
            }
            if (hashing != null) {
                hashing.hash(buf, 0, n);
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                pos += out.write(bb, pos);
            }
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> part, String key) throws IOException {
        try {
            part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading '" + key + "'");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a small object (a {@code .dir} manifest) whole, unverified. */
    public byte[] read(HashInfo oid) throws IOException {
        return withRetry("download", oid, () -> {
            try (InputStream in = store.open(keyOf(oid))) {
                return in.readAllBytes();
            }
        });
    }

    public void delete(HashInfo oid) throws IOException {
        withRetry("delete", oid, () -> {
            store.delete(keyOf(oid));
            return null;
        });
    }

    @Override
    public void close() {
        store.close();
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T withRetry(String what, HashInfo oid, IoCall<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (NoSuchFileException | CorruptRemoteObjectException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= retry.attempts()) {
                    throw e;
                }
                sleep(retry.baseDelayMillis() << (2 * (attempt - 1)));
            }
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    private static String layoutRoot(String hashName) {
        return hashName.equals(HashInfo.MD5) ? DVC3_PREFIX : "";
    }

    private static boolean isObjectName(String s) {
        int len = s.length();
        if (len != 32 && !(len == 36 && s.endsWith(HashInfo.DIR_SUFFIX))) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
