package org.jdvc.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open directory whose entries are listed with {@code getdents64} and stat'ed with {@code statx} relative to the
 * directory's descriptor (no symlinks followed), through Java's FFM API. For walks of many files: the kernel resolves
 * one name per file instead of a whole path, and no attribute map, boxing or {@link Path} is made per entry.
 *
 * <p>NOTE: hand-written for speed (the no-op status of 70,000 files is one stat per file); the JDK's
 * {@code readAttributes(path, "unix:...")} parses the attribute names and fills a map on every call.
 *
 * <p>Linux only: {@link #AVAILABLE} is false elsewhere or when native access is denied, and callers use NIO.
 * {@link #stat} may be called from several threads at once; {@link #close} only after they are done.
 */
public final class NativeDirectory implements AutoCloseable {
    /** What {@link #stat} reports: the {@code st_mode} bits, inode, size and modification time in nanoseconds. */
    public record Stat(int mode, long inode, long size, long mtimeNanos) {
    }

    /** True when the native calls are usable here. */
    public static final boolean AVAILABLE;

    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    // STATX_TYPE | STATX_MODE | STATX_MTIME | STATX_INO | STATX_SIZE
    private static final int STATX_MASK = 0x1 | 0x2 | 0x40 | 0x100 | 0x200;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int ENOTDIR = 20;
    private static final int DIRENT_BUFFER = 64 << 10;
    private static final int STATX_SIZE = 256;
    private static final int NAME_MAX_BYTES = 4096;

    private static final StructLayout CAPTURE;
    private static final VarHandle ERRNO;
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle GETDENTS;
    private static final MethodHandle STATX;
    private static final Charset NAMES;
    /** Per thread: errno capture, a statx buffer and a file name buffer, freed by the GC with the thread. */
    private static final ThreadLocal<MemorySegment> SCRATCH;

    static {
        StructLayout capture = null;
        VarHandle errno = null;
        MethodHandle open = null, close = null, getdents = null, statx = null;
        boolean ok = false;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                capture = Linker.Option.captureStateLayout();
                errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                var ccs = Linker.Option.captureCallState("errno");
                var INT = ValueLayout.JAVA_INT;
                var LONG = ValueLayout.JAVA_LONG;
                var PTR = ValueLayout.ADDRESS;
                // NOTE: open is variadic in C; its mode argument must be declared variadic for the ABI.
                open = linker.downcallHandle(libc.findOrThrow("open"), FunctionDescriptor.of(INT, PTR, INT, INT),
                        ccs, Linker.Option.firstVariadicArg(2));
                close = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(INT, INT));
                getdents = linker.downcallHandle(libc.findOrThrow("getdents64"),
                        FunctionDescriptor.of(LONG, INT, PTR, LONG), ccs);
                statx = linker.downcallHandle(libc.findOrThrow("statx"),
                        FunctionDescriptor.of(INT, INT, PTR, INT, INT, PTR), ccs);
                ok = true;
            } catch (RuntimeException | LinkageError e) {
                ok = false; // no glibc getdents64/statx, or native access disabled: NIO instead
            }
        }
        AVAILABLE = ok;
        CAPTURE = capture;
        ERRNO = errno;
        OPEN = open;
        CLOSE = close;
        GETDENTS = getdents;
        STATX = statx;
        Charset cs;
        try {
            cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            cs = StandardCharsets.UTF_8;
        }
        NAMES = cs; // NOTE: file names are bytes; the JDK converts them with sun.jnu.encoding, so must we
        long scratchSize = ok ? CAPTURE.byteSize() : 0;
        SCRATCH = ThreadLocal.withInitial(
                () -> Arena.ofAuto().allocate(STATX_SIZE + NAME_MAX_BYTES + scratchSize, 16));
    }

    private final Path dir;
    private final int fd;

    private NativeDirectory(Path dir, int fd) {
        this.dir = dir;
        this.fd = fd;
    }

    /** Opens {@code dir} (symlinks followed); NoSuchFileException, NotDirectoryException etc. name it. */
    public static NativeDirectory open(Path dir) throws IOException {
        if (!AVAILABLE) {
            throw new UnsupportedOperationException("native directory access is not available");
        }
        MemorySegment scratch = SCRATCH.get();
        MemorySegment state = scratch.asSlice(STATX_SIZE + NAME_MAX_BYTES);
        MemorySegment name = scratch.asSlice(STATX_SIZE, NAME_MAX_BYTES);
        putName(name, dir.toString());
        int fd;
        try {
            fd = (int) OPEN.invokeExact(state, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("native open failed", t);
        }
        if (fd < 0) {
            throw failure(errno(state), dir.toString());
        }
        return new NativeDirectory(dir, fd);
    }

    /** The names of the directory's entries except {@code .} and {@code ..}, in directory order. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(DIRENT_BUFFER, 8);
            MemorySegment state = arena.allocate(CAPTURE);
            while (true) {
                long n = (long) GETDENTS.invokeExact(state, fd, buf, (long) DIRENT_BUFFER);
                if (n < 0) {
                    throw failure(errno(state), dir.toString());
                }
                if (n == 0) {
                    return names;
                }
                // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (NUL-ended)
                for (long off = 0; off < n; ) {
                    int reclen = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, off + 16));
                    String name = buf.getString(off + 19, NAMES);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                    off += reclen;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native getdents64 failed", t);
        }
    }

    /**
     * {@code lstat} of the entry {@code name} (a single path component): null when it no longer exists.
     *
     * @throws IOException for any other failure, naming the entry
     */
    public Stat stat(String name) throws IOException {
        MemorySegment scratch = SCRATCH.get();
        MemorySegment stx = scratch.asSlice(0, STATX_SIZE);
        MemorySegment cName = scratch.asSlice(STATX_SIZE, NAME_MAX_BYTES);
        MemorySegment state = scratch.asSlice(STATX_SIZE + NAME_MAX_BYTES);
        putName(cName, name);
        int rc;
        try {
            rc = (int) STATX.invokeExact(state, fd, cName, AT_SYMLINK_NOFOLLOW, STATX_MASK, stx);
        } catch (Throwable t) {
            throw new IllegalStateException("native statx failed", t);
        }
        if (rc < 0) {
            int err = errno(state);
            if (err == ENOENT) {
                return null;
            }
            throw failure(err, dir.resolve(name).toString());
        }
        // struct statx: u16 stx_mode @28, u64 stx_ino @32, u64 stx_size @40, stx_mtime {i64 sec, u32 nsec} @112
        int mode = Short.toUnsignedInt(stx.get(ValueLayout.JAVA_SHORT, 28));
        long ino = stx.get(ValueLayout.JAVA_LONG, 32);
        long size = stx.get(ValueLayout.JAVA_LONG, 40);
        long sec = stx.get(ValueLayout.JAVA_LONG, 112);
        int nsec = stx.get(ValueLayout.JAVA_INT, 120);
        return new Stat(mode, ino, size, sec * 1_000_000_000L + nsec);
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("native close failed", t);
        }
    }

    private static void putName(MemorySegment buf, String name) throws IOException {
        byte[] bytes = name.getBytes(NAMES);
        if (bytes.length >= buf.byteSize()) {
            throw new IOException("file name too long: " + name);
        }
        MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
        buf.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static IOException failure(int errno, String file) {
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(file);
            case ENOTDIR -> new NotDirectoryException(file);
            case EACCES -> new AccessDeniedException(file);
            default -> new IOException(file + ": errno " + errno);
        };
    }
}
