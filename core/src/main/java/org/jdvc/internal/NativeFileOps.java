package org.jdvc.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The three link-making system calls whose exact errno decides DVC's link-type fallback: {@code ioctl(FICLONE)},
 * {@code link} and {@code symlink}; and files created unnamed ({@code O_TMPFILE}) and named when complete
 * ({@code linkat}), the cheapest atomic creation of many small files. Every method returns 0 on success or the Linux errno value on failure and never
 * throws for an expected failure, so a caller walking a fallback chain pays no exception per file.
 *
 * <p>NOTE: FFM (java.lang.foreign) instead of spawning {@code cp --reflink=always}: a process per file costs
 * milliseconds (70,000 files would take minutes), hides the errno behind an exit status, and depends on GNU
 * coreutils. NIO has no reflink at all, and its link/symlink errors only carry errno as a localized message.
 *
 * <p>Off Linux, or when native access is denied, {@link #NATIVE} is false: reflink reports {@link #EOPNOTSUPP} and
 * link/symlink go through NIO with its exceptions mapped to the closest errno. Thread-safe (the only state is the
 * per-process memory that unnamed files do not work here).
 */
public final class NativeFileOps {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int EMLINK = 31;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95; // == ENOTSUP on Linux

    private static final long FICLONE = 0x40049409L;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    // NOTE: x86-64 / aarch64 values; O_TMPFILE includes O_DIRECTORY so that kernels without it fail with EISDIR
    // instead of opening the directory.
    private static final int O_TMPFILE = 020000000 | 0200000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    private static final int MAX_CRITICAL_WRITE = 1 << 20;
    private static final long MAX_COPY_CHUNK = 1L << 30;

    /** True when the calls go straight to libc. */
    public static final boolean NATIVE;

    private static final StructLayout CAPTURE;
    private static final VarHandle ERRNO;
    private static final MethodHandle OPEN;
    private static final MethodHandle IOCTL;
    private static final MethodHandle CLOSE;
    private static final MethodHandle UNLINK;
    private static final MethodHandle LINK;
    private static final MethodHandle SYMLINK;
    private static final MethodHandle WRITE;
    private static final MethodHandle COPY_FILE_RANGE;
    private static final MethodHandle SENDFILE;
    private static final MethodHandle LINKAT;
    private static final MethodHandle STRERROR;
    private static final Charset PATH_CHARSET;
    // NOTE: -Djdvc.tmpfile=false (read once) forces the temp name + rename path, e.g. to test it.
    private static volatile boolean unnamedFiles = !"false".equals(System.getProperty("jdvc.tmpfile"));

    static {
        StructLayout capture = null;
        VarHandle errno = null;
        MethodHandle open = null, ioctl = null, close = null, unlink = null, link = null, symlink = null;
        MethodHandle write = null, copyFileRange = null, sendfile = null, linkat = null, strerror = null;
        boolean ok = false;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                capture = java.lang.foreign.Linker.Option.captureStateLayout();
                errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                var ccs = java.lang.foreign.Linker.Option.captureCallState("errno");
                var INT = ValueLayout.JAVA_INT;
                var PTR = ValueLayout.ADDRESS;
                // NOTE: open and ioctl are variadic in C; the extra argument must be declared as variadic for the ABI.
                open = linker.downcallHandle(libc.findOrThrow("open"),
                        FunctionDescriptor.of(INT, PTR, INT, INT), ccs, java.lang.foreign.Linker.Option.firstVariadicArg(2));
                ioctl = linker.downcallHandle(libc.findOrThrow("ioctl"),
                        FunctionDescriptor.of(INT, INT, ValueLayout.JAVA_LONG, INT), ccs,
                        java.lang.foreign.Linker.Option.firstVariadicArg(2));
                close = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(INT, INT));
                unlink = linker.downcallHandle(libc.findOrThrow("unlink"), FunctionDescriptor.of(INT, PTR));
                link = linker.downcallHandle(libc.findOrThrow("link"), FunctionDescriptor.of(INT, PTR, PTR), ccs);
                symlink = linker.downcallHandle(libc.findOrThrow("symlink"), FunctionDescriptor.of(INT, PTR, PTR), ccs);
                var LONG = ValueLayout.JAVA_LONG;
                // NOTE: a critical call reads the Java array in place (no copy into native memory); each call is
                // bounded (MAX_CRITICAL_WRITE) because the garbage collector waits for it.
                write = linker.downcallHandle(libc.findOrThrow("write"), FunctionDescriptor.of(LONG, INT, PTR, LONG),
                        ccs, java.lang.foreign.Linker.Option.critical(true));
                copyFileRange = linker.downcallHandle(libc.findOrThrow("copy_file_range"),
                        FunctionDescriptor.of(LONG, INT, PTR, INT, PTR, LONG, INT), ccs);
                sendfile = linker.downcallHandle(libc.findOrThrow("sendfile"),
                        FunctionDescriptor.of(LONG, INT, INT, PTR, LONG), ccs);
                linkat = linker.downcallHandle(libc.findOrThrow("linkat"),
                        FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT), ccs);
                strerror = linker.downcallHandle(libc.findOrThrow("strerror"), FunctionDescriptor.of(
                        PTR.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE)),
                        INT));
                ok = true;
            } catch (RuntimeException | LinkageError e) {
                ok = false; // e.g. IllegalCallerException when native access is disabled
            }
        }
        NATIVE = ok;
        CAPTURE = capture;
        ERRNO = errno;
        OPEN = open;
        IOCTL = ioctl;
        CLOSE = close;
        UNLINK = unlink;
        LINK = link;
        SYMLINK = symlink;
        WRITE = write;
        COPY_FILE_RANGE = copyFileRange;
        SENDFILE = sendfile;
        LINKAT = linkat;
        STRERROR = strerror;
        PATH_CHARSET = PathBytes.CHARSET;
    }

    private NativeFileOps() {
    }

    /**
     * Creates {@code dst} (which must not exist) as a copy-on-write clone of {@code src}, mode 0666 & ~umask. On
     * failure nothing is left at {@code dst}.
     */
    /** The operating system's words for {@code errno} ({@code strerror}), e.g. "No space left on device". */
    public static String strerror(int errno) {
        if (STRERROR != null) {
            try {
                return ((MemorySegment) STRERROR.invokeExact(errno)).getString(0);
            } catch (Throwable t) {
                // fall through
            }
        }
        return "errno " + errno;
    }

    public static int ficlone(Path src, Path dst) {
        if (!NATIVE) {
            return EOPNOTSUPP;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment srcName = cString(arena, src);
            MemorySegment dstName = cString(arena, dst);
            int in = (int) OPEN.invokeExact(state, srcName, O_RDONLY | O_CLOEXEC, 0);
            if (in < 0) {
                return errno(state);
            }
            try {
                int out = (int) OPEN.invokeExact(state, dstName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
                if (out < 0) {
                    return errno(state);
                }
                int rc = (int) IOCTL.invokeExact(state, out, FICLONE, in);
                int err = rc < 0 ? errno(state) : 0;
                int closed = (int) CLOSE.invokeExact(out);
                if (err == 0 && closed < 0) {
                    err = EIO;
                }
                if (err != 0) {
                    int ignored = (int) UNLINK.invokeExact(dstName);
                }
                return err;
            } finally {
                int ignored = (int) CLOSE.invokeExact(in);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("native ficlone failed", t);
        }
    }

    /** {@code link(existing, newLink)}: a hard link; 0 or errno. */
    public static int link(Path existing, Path newLink) {
        if (!NATIVE) {
            return viaNio(() -> Files.createLink(newLink, existing));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) LINK.invokeExact(state, cString(arena, existing), cString(arena, newLink));
            return rc < 0 ? errno(state) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException("native link failed", t);
        }
    }

    /** {@code symlink(target, linkPath)}: a symbolic link whose content is {@code target} verbatim; 0 or errno. */
    public static int symlink(Path target, Path linkPath) {
        if (!NATIVE) {
            return viaNio(() -> Files.createSymbolicLink(linkPath, target));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) SYMLINK.invokeExact(state, cString(arena, target), cString(arena, linkPath));
            return rc < 0 ? errno(state) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException("native symlink failed", t);
        }
    }

    /**
     * True while unnamed files ({@code O_TMPFILE}) may work here: false off Linux, with {@code -Djdvc.tmpfile=false},
     * or once a file system or a missing {@code /proc} has refused them in this process.
     */
    public static boolean unnamedFiles() {
        return NATIVE && unnamedFiles;
    }

    /**
     * Creates {@code dst} holding {@code content[0..length)} with mode {@code mode & ~umask}: the bytes are written
     * to an unnamed file in {@code dst}'s directory ({@code O_TMPFILE}), which gets its name ({@code linkat}) only
     * when complete, so {@code dst} appears atomically and whole, like a temp file renamed into place, at one
     * directory operation less per file.
     *
     * @return 0; {@link #EEXIST} if {@code dst} exists (left untouched); {@link #EOPNOTSUPP} if unnamed files are
     *     not available (use a temp name + rename); another errno on failure. On any failure no name is left.
     */
    public static int createWith(Path dst, int mode, byte[] content, int length) {
        return create(dst, mode, (state, arena, fd) -> writeAll(state, fd, content, length));
    }

    /** {@link #createWith} with the content of the file {@code src} (copied in the kernel). */
    public static int createCopy(Path src, Path dst, int mode) {
        return create(dst, mode, (state, arena, fd) -> {
            int in = (int) OPEN.invokeExact(state, cString(arena, src), O_RDONLY | O_CLOEXEC, 0);
            if (in < 0) {
                return errno(state);
            }
            try {
                return copyAll(state, in, fd);
            } finally {
                int ignored = (int) CLOSE.invokeExact(in);
            }
        });
    }

    private interface Fill {
        int into(MemorySegment state, Arena arena, int fd) throws Throwable;
    }

    private static int create(Path dst, int mode, Fill fill) {
        if (!unnamedFiles()) {
            return EOPNOTSUPP;
        }
        Path dir = dst.toAbsolutePath().getParent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, cString(arena, dir), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
            if (fd < 0) {
                int err = errno(state);
                if (err == EOPNOTSUPP || err == EISDIR || err == EINVAL) {
                    unnamedFiles = false; // a property of this kernel or file system: stop trying
                    return EOPNOTSUPP;
                }
                return err;
            }
            // NOTE: until linkat the file has no name: closing it on any failure leaves nothing behind.
            try {
                int err = fill.into(state, arena, fd);
                if (err != 0) {
                    return err;
                }
                MemorySegment self = arena.allocateFrom("/proc/self/fd/" + fd, StandardCharsets.US_ASCII);
                int rc = (int) LINKAT.invokeExact(state, AT_FDCWD, self, AT_FDCWD, cString(arena, dst),
                        AT_SYMLINK_FOLLOW);
                if (rc == 0) {
                    return 0;
                }
                err = errno(state);
                if (err == ENOENT && !Files.isDirectory(Path.of("/proc/self/fd"))) {
                    unnamedFiles = false;
                    return EOPNOTSUPP;
                }
                return err;
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("native unnamed file creation failed", t);
        }
    }

    private static int writeAll(MemorySegment state, int fd, byte[] content, int length) throws Throwable {
        MemorySegment bytes = MemorySegment.ofArray(content);
        for (long pos = 0; pos < length; ) {
            long chunk = Math.min(length - pos, MAX_CRITICAL_WRITE);
            long n = (long) WRITE.invokeExact(state, fd, bytes.asSlice(pos), chunk);
            if (n < 0) {
                int err = errno(state);
                if (err != EINTR) {
                    return err;
                }
            } else if (n == 0) {
                return EIO;
            } else {
                pos += n;
            }
        }
        return 0;
    }

    private static int copyAll(MemorySegment state, int in, int out) throws Throwable {
        boolean viaSendfile = false;
        while (true) {
            long n = viaSendfile
                    ? (long) SENDFILE.invokeExact(state, out, in, MemorySegment.NULL, MAX_COPY_CHUNK)
                    : (long) COPY_FILE_RANGE.invokeExact(state, in, MemorySegment.NULL, out, MemorySegment.NULL,
                            MAX_COPY_CHUNK, 0);
            if (n == 0) {
                return 0;
            }
            if (n > 0) {
                continue;
            }
            int err = errno(state);
            if (err == EINTR) {
                continue;
            }
            // NOTE: copy_file_range refuses some pairs of file systems (EXDEV) and some kernels lack it: sendfile
            // copies between any two regular files. The file positions tell where to resume.
            if (!viaSendfile && (err == EXDEV || err == EINVAL || err == ENOSYS || err == EOPNOTSUPP)) {
                viaSendfile = true;
                continue;
            }
            return err;
        }
    }

    private static MemorySegment cString(Arena arena, Path path) {
        return arena.allocateFrom(path.toString(), PATH_CHARSET);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static int viaNio(IoAction action) {
        try {
            action.run();
            return 0;
        } catch (FileAlreadyExistsException e) {
            return EEXIST;
        } catch (NoSuchFileException e) {
            return ENOENT;
        } catch (AccessDeniedException e) {
            return EACCES;
        } catch (UnsupportedOperationException e) {
            return EOPNOTSUPP;
        } catch (FileSystemException e) {
            // NOTE: NIO hides errno here (cross-device, not permitted, ...); treat as "this type does not work here".
            return EPERM;
        } catch (IOException e) {
            return EIO;
        }
    }
}
