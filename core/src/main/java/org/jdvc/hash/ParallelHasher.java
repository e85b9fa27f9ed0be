package org.jdvc.hash;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdvc.internal.IoErrors;

/**
 * Hashes many files in parallel, consulting a {@link StateDb} first and recording every computed hash in it (the
 * caller decides when to {@link StateDb#save()}).
 *
 * <p>Owns a fixed pool of daemon platform threads; {@link #close()} stops it. {@link #hashAll} may be called from
 * several threads at once; the calling thread works too, so a single file never changes threads. Many small files
 * are syscall bound and benefit from more threads than cores; one big file streams at MD5 speed on one thread.
 */
public final class ParallelHasher implements AutoCloseable {
    // NOTE: one more byte than the small-file limit, so a file that grew since its stamp is noticed without a
    // second read of the size.
    private static final ThreadLocal<byte[]> SMALL_BUFFERS =
            ThreadLocal.withInitial(() -> new byte[FileHasher.SMALL_FILE + 1]);

    private final StateDb state;
    private final ExecutorService pool;
    private final int threads;

    /** A hasher with {@link #defaultThreads()} threads. */
    public ParallelHasher(StateDb state) {
        this(state, defaultThreads());
    }

    /**
     * @param state consulted and updated for every file with a stamp
     * @param threads total hashing threads including the caller's, at least 1
     */
    public ParallelHasher(StateDb state, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.state = Objects.requireNonNull(state, "state");
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "jdvc-hash-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** 4 threads per core, between 8 and 16 (see NOTE in the source for the measurement). */
    public static int defaultThreads() {
        // NOTE: 70k files of 150-400 B, page cache warm, 2 shared cores, stamp+hash: 1 thread 450 ms, 2-8 threads
        // 260-290 ms, 16 270-310 ms, 32 ~300 ms. Warm, it is CPU bound; the extra threads are for cold caches and
        // network file systems, where each thread mostly waits on I/O (not measured here: dropping caches is shared).
        return Math.clamp(4L * Runtime.getRuntime().availableProcessors(), 8, 16);
    }

    /**
     * Hash values of {@code files} in input order, each computed with {@code hashName} ({@link HashInfo#MD5} or
     * {@link HashInfo#MD5_DOS2UNIX}) unless the state database has it for the file's current stamp.
     *
     * @param files absolute paths (symlinks followed)
     * @param stamps the files' stamps as read by the caller's walk, same size as {@code files}; {@code null} (or a
     *     null element) makes the hasher stamp the file itself
     * @throws IOException naming the first file that could not be stamped or read; other files' work is abandoned
     */
    public List<String> hashAll(List<Path> files, List<FileStamp> stamps, String hashName) throws IOException {
        return hashAll(files, stamps, hashName, null);
    }

    /**
     * Like {@link #hashAll(List, List, String)}; in addition, every {@link HashInfo#MD5} file of at most
     * {@link FileHasher#SMALL_FILE} bytes that is actually read (not known to the state database) is read whole into
     * memory and handed to {@code sink} with its hash, so it can be stored without a second read. {@code sink} null
     * means no hand-off.
     */
    public List<String> hashAll(List<Path> files, List<FileStamp> stamps, String hashName, ContentSink sink)
            throws IOException {
        if (!HashInfo.MD5.equals(hashName) && !HashInfo.MD5_DOS2UNIX.equals(hashName)) {
            throw new IllegalArgumentException("unsupported hash name '" + hashName + "'");
        }
        if (stamps != null && stamps.size() != files.size()) {
            throw new IllegalArgumentException("files and stamps differ in size");
        }
        Path[] paths = files.toArray(new Path[0]);
        FileStamp[] given = stamps == null ? null : stamps.toArray(new FileStamp[0]);
        String[] out = new String[paths.length];
        AtomicInteger cursor = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int i;
            while (failure.get() == null && (i = cursor.getAndIncrement()) < paths.length) {
                try {
                    out[i] = hashOne(paths[i], given == null ? null : given[i], hashName, sink);
                } catch (IOException e) {
                    // NOTE: a failure that names its file (the file hashed, or the cache object its bytes were
                    // written to) is passed on as is; a bare one (a read's I/O error) gets the file's name
                    failure.compareAndSet(null, IoErrors.naming(e, paths[i]));
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        int helpers = pool == null ? 0 : Math.min(threads - 1, paths.length - 1);
        List<Future<?>> futures = new ArrayList<>(Math.max(0, helpers));
        for (int t = 0; t < helpers; t++) {
            futures.add(pool.submit(worker));
        }
        worker.run();
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e); // stops the helpers at their next file
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            failure.compareAndSet(null, e.getCause());
        }
        Throwable f = failure.get();
        switch (f) {
            case null -> {
                return Arrays.asList(out);
            }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new UncheckedIOException(new IOException(f));
        }
    }

    private String hashOne(Path file, FileStamp stamp, String hashName, ContentSink sink) throws IOException {
        FileStamp s = stamp != null ? stamp : FileStamp.of(file);
        Optional<String> known = state.get(file, s, hashName);
        if (known.isPresent()) {
            return known.get();
        }
        if (sink != null && s.size() <= FileHasher.SMALL_FILE && hashName.equals(HashInfo.MD5)) {
            byte[] buf = SMALL_BUFFERS.get();
            int n = FileHasher.readSmall(file, buf);
            if (n >= 0) {
                String value = FileHasher.md5(buf, n);
                state.put(file, s, hashName, value);
                sink.accept(new HashInfo(hashName, value), buf, n);
                return value;
            }
            // grown past the small-file limit since the walk: hash it the ordinary way, without the hand-off
        }
        String value = FileHasher.hashValue(file, hashName);
        state.put(file, s, hashName, value);
        return value;
    }

    /** Stops the pool's threads; running {@link #hashAll} calls finish first. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
