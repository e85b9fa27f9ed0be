package org.jdvc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs blocking file work (copies, links, stats) on several threads. Small files are syscall-bound, so more threads
 * than cores pay off; items are handed out in small batches from a shared counter, so there is no per-item task
 * object. The first failure stops the others and is rethrown.
 */
public final class Parallel {
    /** Threads for I/O-bound work on many small files. */
    public static final int IO_THREADS = Integer.getInteger("jdvc.io.threads",
            Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    private static final int BATCH = 64;

    @FunctionalInterface
    public interface IoAction<T> {
        void run(T item) throws IOException;
    }

    private Parallel() {
    }

    public static <T> void forEach(List<T> items, IoAction<T> action) throws IOException {
        forEach(items, IO_THREADS, action);
    }

    public static <T> void forEach(List<T> items, int threads, IoAction<T> action) throws IOException {
        // NOTE: smaller batches for few items, so that e.g. two 512 MiB files are copied on two threads at once
        // rather than as one batch on one thread; 64 for thousands (one counter update per 64 small files).
        int batch = (int) Math.clamp(items.size() / (4L * Math.max(1, threads)), 1, BATCH);
        forEach(items, threads, batch, action);
    }

    /**
     * Like {@link #forEach(List, IoAction)} with items handed out {@code batch} at a time: 1 for items that are
     * themselves groups of work (e.g. one directory's files).
     */
    public static <T> void forEach(List<T> items, int threads, int batch, IoAction<T> action) throws IOException {
        int n = items.size();
        int workers = Math.min(threads, (n + batch - 1) / batch);
        if (workers <= 1) {
            for (T item : items) {
                action.run(item);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                while (failure.get() == null) {
                    int start = next.getAndAdd(batch);
                    if (start >= n) {
                        return;
                    }
                    int end = Math.min(n, start + batch);
                    for (int i = start; i < end; i++) {
                        action.run(items.get(i));
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread[] pool = new Thread[workers - 1];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = Thread.ofPlatform().daemon().start(worker);
        }
        worker.run();
        for (Thread t : pool) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        } else if (t instanceof UncheckedIOException u) {
            throw u.getCause();
        } else if (t instanceof RuntimeException r) {
            throw r;
        } else if (t instanceof Error e) {
            throw e;
        }
    }
}
