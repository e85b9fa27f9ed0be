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
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link #stat} and {@link Entries#stat} may be called from several threads at once; {@link #close} only after they
 * are done.
 */
public final class NativeDirectory implements AutoCloseable {
    /** What {@link #stat} reports: the {@code st_mode} bits, inode, size and modification time in nanoseconds. */
    public record Stat(int mode, long inode, long size, long mtimeNanos) {
    }

    /**
     * What {@link Entries#stat} reports, overwritten by each call so that a walk makes no object per file. Not
     * thread-safe: one per thread.
     */
    public static final class StatSlot {
        private int mode;
        private long inode;
        private long size;
        private long mtimeNanos;

        public int mode() {
            return mode;
        }

        public long inode() {
            return inode;
        }

        public long size() {
            return size;
        }

        public long mtimeNanos() {
            return mtimeNanos;
        }
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
    /** Whether bytes below 0x80 decode to the same chars in {@link #NAMES} (and encode back to themselves). */
    private static final boolean ASCII_NAMES;
    /** Per thread: a statx buffer, a file name buffer and errno capture, freed by the GC with the thread. */
    private static final ThreadLocal<Scratch> SCRATCH;

    /** Slices of one thread's native scratch memory, made once so that a call slices nothing. */
    private record Scratch(MemorySegment stx, MemorySegment name, MemorySegment state) {
    }

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
        NAMES = PathBytes.CHARSET;
        byte[] ascii = new byte[0x80];
        for (int i = 0; i < ascii.length; i++) {
            ascii[i] = (byte) i;
        }
        String decoded = new String(ascii, NAMES);
        boolean same = decoded.length() == ascii.length && Arrays.equals(decoded.getBytes(NAMES), ascii);
        for (int i = 0; same && i < ascii.length; i++) {
            same = decoded.charAt(i) == i;
        }
        ASCII_NAMES = same;
        long captureSize = ok ? CAPTURE.byteSize() : 0;
        SCRATCH = ThreadLocal.withInitial(() -> {
            MemorySegment all = Arena.ofAuto().allocate(STATX_SIZE + NAME_MAX_BYTES + captureSize, 16);
            return new Scratch(all.asSlice(0, STATX_SIZE), all.asSlice(STATX_SIZE, NAME_MAX_BYTES),
                    all.asSlice(STATX_SIZE + NAME_MAX_BYTES));
        });
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
        Scratch scratch = SCRATCH.get();
        putName(scratch.name, dir.toString());
        int fd;
        try {
            fd = (int) OPEN.invokeExact(scratch.state, scratch.name, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("native open failed", t);
        }
        if (fd < 0) {
            throw failure(errno(scratch.state), dir.toString());
        }
        return new NativeDirectory(dir, fd);
    }

    /**
     * The names of the directory's entries except {@code .} and {@code ..}, in directory order. Lists once per open
     * (as does {@link #entries}): a second call finds nothing more.
     */
    public List<String> names() throws IOException {
        Entries entries = entries();
        List<String> names = new ArrayList<>(entries.count());
        for (int i = 0; i < entries.count(); i++) {
            String name = entries.name(i);
            if (!entries.namesItself(i, name)) {
                throw new UndecodableNameException(dir, entries.nameBytes(i));
            }
            names.add(name);
        }
        return names;
    }

    /**
     * A directory entry whose name the JDK cannot represent ({@code sun.jnu.encoding} cannot decode its bytes: a name
     * that is not UTF-8, on a UTF-8 system): no {@link Path} can name that file, so it can be neither hashed nor
     * checked out, and must be reported, not skipped.
     */
    public static final class UndecodableNameException extends IOException {
        private final transient Path dir;
        private final byte[] name;

        UndecodableNameException(Path dir, byte[] name) {
            super("the name of a file in " + dir + " is not " + NAMES.name() + ": " + escaped(name));
            this.dir = dir;
            this.name = name.clone();
        }

        public Path dir() {
            return dir;
        }

        /** The name's bytes, non-ASCII ones as {@code \xNN}. */
        public String escapedName() {
            return escaped(name);
        }

        static String escaped(byte[] bytes) {
            StringBuilder b = new StringBuilder();
            for (byte x : bytes) {
                int v = x & 0xFF;
                b.append(v >= 0x20 && v < 0x7f ? String.valueOf((char) v) : String.format("\\x%02x", v));
            }
            return b.toString();
        }
    }

    /** The directory's entries except {@code .} and {@code ..}, in directory order, their names kept as bytes. */
    public Entries entries() throws IOException {
        Entries entries = new Entries();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(DIRENT_BUFFER, 8);
            MemorySegment state = arena.allocate(CAPTURE);
            while (true) {
                long n = (long) GETDENTS.invokeExact(state, fd, buf, (long) DIRENT_BUFFER);
                if (n < 0) {
                    throw failure(errno(state), dir.toString());
                }
                if (n == 0) {
                    return entries;
                }
                entries.append(buf, (int) n);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native getdents64 failed", t);
        }
    }

    /**
     * The entries of a directory as {@code getdents64} returned them: each name stays in the kernel's record (bytes,
     * NUL-ended), so a walk can stat most entries without making a String. Read-only once listed: may be read and
     * stat'ed from several threads while the directory is open.
     */
    public final class Entries {
        private byte[] records = new byte[0];
        private int recordBytes;
        private int[] starts = new int[16];
        /** Name length in bytes; negative (its complement) when the bytes are not the name's chars. */
        private int[] lengths = new int[16];
        private int count;

        private Entries() {
        }

        /** How many entries there are. */
        public int count() {
            return count;
        }

        /** The name of entry {@code i}, decoded the way the JDK decodes file names. */
        public String name(int i) {
            return new String(records, starts[i], nameLength(i), NAMES);
        }

        /** Whether {@code decoded} (entry {@code i}'s name as a String) encodes back to the entry's own bytes. */
        public boolean namesItself(int i, String decoded) {
            if (lengths[i] >= 0) {
                return true; // NOTE: plain ASCII, which every supported charset maps one to one
            }
            return Arrays.equals(decoded.getBytes(NAMES), nameBytes(i));
        }

        /** The bytes of entry {@code i}'s name. */
        byte[] nameBytes(int i) {
            return Arrays.copyOfRange(records, starts[i], starts[i] + nameLength(i));
        }

        /** The length in bytes of the name of entry {@code i}. */
        public int nameLength(int i) {
            int len = lengths[i];
            return len < 0 ? ~len : len;
        }

        /** Byte {@code k} of the name of entry {@code i}. */
        public byte nameByte(int i, int k) {
            return records[starts[i] + k];
        }

        /**
         * Whether the name of entry {@code i} is all bytes below 0x80 that decode to themselves: then its bytes
         * ({@link #nameByte}) are the chars of {@link #name}.
         */
        public boolean bytesAreChars(int i) {
            return lengths[i] >= 0;
        }

        /**
         * Like {@link NativeDirectory#stat stat(name(i))} (the same file, even for a name whose bytes do not survive
         * decoding and encoding), into {@code into}: false when the entry no longer exists. Makes no object unless it
         * fails; a name of bytes that are its chars goes to the kernel as listed.
         *
         * @throws IOException for any other failure, naming the entry
         */
        public boolean stat(int i, StatSlot into) throws IOException {
            Scratch scratch = SCRATCH.get();
            if (lengths[i] >= 0) {
                // NOTE: copied, not passed in place: the listing is a Java array, so slices of it can be stat'ed on
                // other threads after the getdents buffer is freed; the record's own NUL ends the copied name.
                MemorySegment.copy(records, starts[i], scratch.name, ValueLayout.JAVA_BYTE, 0, lengths[i] + 1);
            } else {
                putName(scratch.name, name(i));
            }
            int err = statx(scratch);
            if (err == ENOENT) {
                return false;
            }
            if (err != 0) {
                throw failure(err, dir.resolve(name(i)).toString());
            }
            MemorySegment stx = scratch.stx;
            into.mode = mode(stx);
            into.inode = stx.get(ValueLayout.JAVA_LONG, 32);
            into.size = stx.get(ValueLayout.JAVA_LONG, 40);
            into.mtimeNanos = mtimeNanos(stx);
            return true;
        }

        private void append(MemorySegment buf, int n) {
            if (recordBytes + n > records.length) {
                records = Arrays.copyOf(records, Math.max(recordBytes + n, 2 * records.length));
            }
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, records, recordBytes, n);
            for (int off = recordBytes; off < recordBytes + n; ) {
                off += addRecord(off);
            }
            recordBytes += n;
        }

        /** Adds the entry whose record starts at {@code off}, unless {@code .} or {@code ..}; returns its length. */
        // NOTE: a method per record, not the loop's body, so that C1 compiles it after a few hundred records.
        private int addRecord(int off) {
            // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (NUL-ended)
            int reclen = (records[off + 16] & 0xff) | (records[off + 17] & 0xff) << 8;
            int start = off + 19;
            int end = start;
            int bits = 0;
            while (records[end] != 0) {
                bits |= records[end];
                end++;
            }
            int len = end - start;
            if (records[start] == '.' && (len == 1 || len == 2 && records[start + 1] == '.')) {
                return reclen;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, 2 * count);
                lengths = Arrays.copyOf(lengths, 2 * count);
            }
            starts[count] = start;
            lengths[count] = bits >= 0 && ASCII_NAMES ? len : ~len;
            count++;
            return reclen;
        }
    }

    /**
     * {@code lstat} of the entry {@code name} (a single path component): null when it no longer exists.
     *
     * @throws IOException for any other failure, naming the entry
     */
    public Stat stat(String name) throws IOException {
        Scratch scratch = SCRATCH.get();
        putName(scratch.name, name);
        int err = statx(scratch);
        if (err == ENOENT) {
            return null;
        }
        if (err != 0) {
            throw failure(err, dir.resolve(name).toString());
        }
        MemorySegment stx = scratch.stx;
        return new Stat(mode(stx), stx.get(ValueLayout.JAVA_LONG, 32), stx.get(ValueLayout.JAVA_LONG, 40),
                mtimeNanos(stx));
    }

    /** statx of the name in {@code scratch.name} into {@code scratch.stx}: 0, or the errno. */
    private int statx(Scratch scratch) {
        int rc;
        try {
            rc = (int) STATX.invokeExact(scratch.state, fd, scratch.name, AT_SYMLINK_NOFOLLOW, STATX_MASK, scratch.stx);
        } catch (Throwable t) {
            throw new IllegalStateException("native statx failed", t);
        }
        return rc < 0 ? errno(scratch.state) : 0;
    }

    // struct statx: u16 stx_mode @28, u64 stx_ino @32, u64 stx_size @40, stx_mtime {i64 sec, u32 nsec} @112
    private static int mode(MemorySegment stx) {
        return Short.toUnsignedInt(stx.get(ValueLayout.JAVA_SHORT, 28));
    }

    private static long mtimeNanos(MemorySegment stx) {
        return stx.get(ValueLayout.JAVA_LONG, 112) * 1_000_000_000L + stx.get(ValueLayout.JAVA_INT, 120);
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
            default -> new java.nio.file.FileSystemException(file, null, NativeFileOps.strerror(errno));
        };
    }
}
