package org.jdvc.hash;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * MD5 of a file's bytes computed by the system's OpenSSL ({@code libcrypto}) through Java's FFM API, the file read
 * into a direct buffer that OpenSSL reads in place.
 *
 * <p>NOTE: chosen for speed. The launcher runs the JVM with C1 only ({@code -XX:TieredStopAtLevel=1}: fast start-up
 * for commands that do little), and C1 has no MD5 intrinsic: Java's MD5 then hashes ~470 MB/s here, OpenSSL ~890
 * MB/s, which halves the hashing time of big files (2 x 512 MiB: ~2.3 s of CPU to ~1.2 s).
 *
 * <p>{@link #AVAILABLE} is false when libcrypto cannot be loaded (or native access is denied); callers then use
 * {@link java.security.MessageDigest}. Thread-safe: each thread has its own context and buffer.
 */
final class NativeMd5 {
    static final boolean AVAILABLE;

    private static final int BUFFER = 1 << 20;
    private static final int CRITICAL_SLICE = 1 << 20;
    private static final int CTX_SIZE = 256; // MD5_CTX is 92 bytes; room to spare
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    /** MD5_Update reading a Java array in place (a critical call: short, no safepoint, so no copy is needed). */
    private static final MethodHandle UPDATE_HEAP;
    private static final MethodHandle FINAL;
    /** Contexts of incremental digests, reused: a download creates one digest per object, 70,000 for many files. */
    private static final java.util.concurrent.ConcurrentLinkedQueue<MemorySegment> FREE_CONTEXTS =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final HexFormat HEX = HexFormat.of();

    /** Per thread: the MD5 context, the digest output and a direct read buffer with its segment view. */
    private record Scratch(MemorySegment ctx, MemorySegment out, ByteBuffer buffer, MemorySegment bufferSegment) {
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        // NOTE: an automatic arena, freed once the thread (and so its scratch) is gone: hashing pools come and go
        Arena arena = Arena.ofAuto();
        return new Scratch(arena.allocate(CTX_SIZE, 16), arena.allocate(16), buffer, MemorySegment.ofBuffer(buffer));
    });

    static {
        MethodHandle init = null, update = null, updateHeap = null, fin = null;
        boolean ok = false;
        try {
            SymbolLookup crypto = load();
            Linker linker = Linker.nativeLinker();
            var INT = ValueLayout.JAVA_INT;
            var PTR = ValueLayout.ADDRESS;
            init = linker.downcallHandle(crypto.findOrThrow("MD5_Init"), FunctionDescriptor.of(INT, PTR));
            update = linker.downcallHandle(crypto.findOrThrow("MD5_Update"),
                    FunctionDescriptor.of(INT, PTR, PTR, ValueLayout.JAVA_LONG));
            updateHeap = linker.downcallHandle(crypto.findOrThrow("MD5_Update"),
                    FunctionDescriptor.of(INT, PTR, PTR, ValueLayout.JAVA_LONG), Linker.Option.critical(true));
            fin = linker.downcallHandle(crypto.findOrThrow("MD5_Final"), FunctionDescriptor.of(INT, PTR, PTR));
            ok = true;
        } catch (RuntimeException | LinkageError e) {
            ok = false; // no libcrypto (or no MD5 in it), or native access disabled: Java's MD5 instead
        }
        AVAILABLE = ok && !Boolean.getBoolean("jdvc.md5.java");
        INIT = init;
        UPDATE = update;
        UPDATE_HEAP = updateHeap;
        FINAL = fin;
    }

    private NativeMd5() {
    }

    private static SymbolLookup load() {
        IllegalArgumentException last = null;
        for (String name : new String[] {"libcrypto.so.3", "libcrypto.so"}) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw last;
    }

    /** MD5 of the file's raw bytes as lowercase hex, following symlinks. */
    static String md5(Path file) throws IOException {
        Scratch s = SCRATCH.get();
        ByteBuffer buf = s.buffer();
        try (FileChannel ch = FileChannel.open(file)) {
            check((int) INIT.invokeExact(s.ctx()));
            buf.clear();
            while (ch.read(buf) >= 0) {
                if (!buf.hasRemaining()) {
                    check((int) UPDATE.invokeExact(s.ctx(), s.bufferSegment(), (long) buf.position()));
                    buf.clear();
                }
            }
            check((int) UPDATE.invokeExact(s.ctx(), s.bufferSegment(), (long) buf.position()));
            check((int) FINAL.invokeExact(s.out(), s.ctx()));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native MD5 failed", t);
        } finally {
            buf.clear();
        }
        return HEX.formatHex(s.out().toArray(ValueLayout.JAVA_BYTE));
    }

    /** A fresh MD5 context for {@link Md5Digest}; give it back with {@link #finish}. */
    static MemorySegment start() {
        MemorySegment ctx = FREE_CONTEXTS.poll();
        if (ctx == null) {
            // NOTE: never freed; at most one per digest in flight at once (the transfer jobs), reused afterwards
            ctx = Arena.global().allocate(CTX_SIZE, 16);
        }
        try {
            check((int) INIT.invokeExact(ctx));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native MD5 failed", t);
        }
        return ctx;
    }

    /** Feeds {@code bytes[offset, offset + length)} to {@code ctx}, in place. */
    static void update(MemorySegment ctx, byte[] bytes, int offset, int length) {
        MemorySegment array = MemorySegment.ofArray(bytes);
        try {
            // NOTE: at most 1 MiB (about a millisecond) per critical call: the garbage collector waits for it
            for (int done = 0; done < length; ) {
                int n = Math.min(length - done, CRITICAL_SLICE);
                check((int) UPDATE_HEAP.invokeExact(ctx, array.asSlice(offset + done, n), (long) n));
                done += n;
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native MD5 failed", t);
        }
    }

    /** The digest of {@code ctx}; the context goes back to the pool. */
    static byte[] finish(MemorySegment ctx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(16);
            check((int) FINAL.invokeExact(out, ctx));
            FREE_CONTEXTS.offer(ctx);
            return out.toArray(ValueLayout.JAVA_BYTE);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native MD5 failed", t);
        }
    }

    private static void check(int rc) {
        if (rc != 1) {
            throw new IllegalStateException("libcrypto MD5 call failed");
        }
    }
}
