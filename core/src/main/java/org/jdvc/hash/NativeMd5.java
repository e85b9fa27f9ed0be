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
    private static final int CTX_SIZE = 256; // MD5_CTX is 92 bytes; room to spare
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle FINAL;
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
        MethodHandle init = null, update = null, fin = null;
        boolean ok = false;
        try {
            SymbolLookup crypto = load();
            Linker linker = Linker.nativeLinker();
            var INT = ValueLayout.JAVA_INT;
            var PTR = ValueLayout.ADDRESS;
            init = linker.downcallHandle(crypto.findOrThrow("MD5_Init"), FunctionDescriptor.of(INT, PTR));
            update = linker.downcallHandle(crypto.findOrThrow("MD5_Update"),
                    FunctionDescriptor.of(INT, PTR, PTR, ValueLayout.JAVA_LONG));
            fin = linker.downcallHandle(crypto.findOrThrow("MD5_Final"), FunctionDescriptor.of(INT, PTR, PTR));
            ok = true;
        } catch (RuntimeException | LinkageError e) {
            ok = false; // no libcrypto (or no MD5 in it), or native access disabled: Java's MD5 instead
        }
        AVAILABLE = ok && !Boolean.getBoolean("jdvc.md5.java");
        INIT = init;
        UPDATE = update;
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

    private static void check(int rc) {
        if (rc != 1) {
            throw new IllegalStateException("libcrypto MD5 call failed");
        }
    }
}
