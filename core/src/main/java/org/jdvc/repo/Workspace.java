package org.jdvc.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

import org.jdvc.JdvcException;
import org.jdvc.hash.FileStamp;
import org.jdvc.internal.NativeDirectory;

/**
 * Lists the files of a tracked directory the way DVC sees them (spec §1.3 step 1): {@code .dvcignore} rules applied,
 * directory symlinks skipped entirely, file symlinks followed (the entry carries the target's stamp), empty
 * directories contributing nothing, nested repositories left out. Sockets, FIFOs and devices are left out too.
 *
 * <p>Each file is stat'ed once ({@code lstat}, plus a {@code stat} for symlinks only; on Linux through
 * {@link NativeDirectory}, relative to its directory's descriptor). Subdirectories, and slices of
 * large directories, are scanned in parallel on the given pool; the result order is unspecified.
 *
 * <p>Failures: a {@code .dvcignore} inside the tracked directory, a dangling symlink, or an I/O error raise
 * {@link JdvcException}. Files changing during the scan give a snapshot of no particular instant; a file deleted
 * between listing and stat is left out.
 *
 * <p>Thread-safety: an instance is stateless apart from its pool and may be used concurrently.
 */
public final class Workspace {
    /**
     * One file of a tracked directory.
     *
     * @param relpath    POSIX path relative to the scanned directory
     * @param path       absolute path (the link itself for a symlink)
     * @param stamp      inode, mtime and size of the file (of the target, for a symlink)
     * @param executable whether any execute bit is set (DVC's {@code isexec})
     */
    public record FileEntry(String relpath, Path path, FileStamp stamp, boolean executable) {
    }

    // NOTE: one "unix:" read is one lstat syscall and the only JDK view giving the inode; BasicFileAttributes has
    // it only inside fileKey()'s toString, and PosixFileAttributes lacks it.
    private static final String ATTRIBUTES = "unix:mode,ino,size,lastModifiedTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int ANY_EXECUTE = 0111;
    /** Names a fingerprint walk leaves to the scan: ignore files, repositories (nested, git, hg). */
    private static final Set<String> SPECIAL_NAMES = Set.of(".dvcignore", ".dvc", ".git", ".hg");
    /** Files stat'ed per task; smaller slices only add scheduling overhead. */
    private static final int SLICE = 512;

    /**
     * The file count from which a walk lists and stats through {@link NativeDirectory}; smaller trees use NIO. NOTE:
     * the first use of the native calls creates their four FFM downcall handles, whose stubs the JVM generates at
     * run time (~25 ms, a sixth of a tiny repository's status); they save ~1.9 µs per file (70,000 files: no-op status
     * 382 -> 249 ms), so they pay from about 13,000 files.
     */
    static final int NATIVE_CALLS_FROM_FILES = 10_000;

    private final ForkJoinPool pool;
    private final boolean nativeCalls;

    /**
     * Scans on {@code pool} (inject a single-thread pool for a sequential scan); {@code nativeCalls}: list and stat
     * through {@link NativeDirectory} where it is available, else through NIO.
     */
    public Workspace(ForkJoinPool pool, boolean nativeCalls) {
        this.pool = pool;
        this.nativeCalls = nativeCalls;
    }

    /** Scans on {@code pool} with the native calls where available. */
    public Workspace(ForkJoinPool pool) {
        this(pool, true);
    }

    /** Scans on the common fork-join pool with the native calls where available. */
    public Workspace() {
        this(ForkJoinPool.commonPool());
    }

    /**
     * A scanner for a directory that held {@code expectedFiles} files when it was last scanned (-1: never, or not
     * remembered): the native calls only where they pay ({@link #NATIVE_CALLS_FROM_FILES}).
     */
    static Workspace forExpectedFiles(int expectedFiles) {
        return new Workspace(ForkJoinPool.commonPool(),
                expectedFiles < 0 || expectedFiles >= NATIVE_CALLS_FROM_FILES);
    }

    private boolean useNative() {
        return nativeCalls && NativeDirectory.AVAILABLE; // NOTE: in this order: the field's first read sets them up
    }

    /**
     * Lists the files below {@code dir}.
     *
     * @param dir                the tracked directory
     * @param ignore             the repository's ignore rules
     * @param dirRelpathFromRoot {@code dir} relative to the repository root (POSIX), to apply {@code ignore}
     */
    public List<FileEntry> scan(Path dir, DvcIgnore ignore, String dirRelpathFromRoot) {
        ConcurrentLinkedQueue<FileEntry> out = new ConcurrentLinkedQueue<>();
        Path absolute = dir.toAbsolutePath();
        try {
            pool.invoke(new DirectoryTask(absolute, "", dirRelpathFromRoot, ignore, out, absolute, useNative()));
        } catch (UncheckedIOException e) {
            throw new JdvcException("Cannot scan '" + dir + "': " + e.getCause().getMessage(), JdvcException.FAILED,
                    e.getCause());
        }
        return new ArrayList<>(out);
    }

    /**
     * What {@link DirectoryStates#fingerprint} gives for {@code scan(dir, ignore, dirRelpathFromRoot)}, with the same
     * file count and total size, computed without an object per file (status of an unchanged directory needs no
     * more); or null when it cannot be told cheaply, and the caller scans. Declined, rather than reproduced: any
     * {@code .dvcignore} pattern that could apply, an entry named {@code .dvcignore}, {@code .dvc}, {@code .git} or
     * {@code .hg}, a symlink, an entry neither file nor directory, an I/O error, no {@link NativeDirectory} (or not
     * to be used here). As in
     * the scan, a file deleted between listing and stat is left out.
     */
    DirectoryStates.Fingerprint fingerprint(Path dir, DvcIgnore ignore, String dirRelpathFromRoot) {
        if (!useNative() || ignore.hasPatternsFor(dirRelpathFromRoot)) {
            return null;
        }
        FingerprintWalk walk = new FingerprintWalk();
        pool.invoke(new FingerprintTask(dir.toAbsolutePath(), DirectoryStates.Fingerprint.PATH_START, walk));
        return walk.result();
    }

    /** What the tasks of one fingerprint walk share: the fingerprint so far, and whether one of them declined. */
    private static final class FingerprintWalk {
        private final DirectoryStates.Fingerprint total = new DirectoryStates.Fingerprint();
        private volatile boolean declined;

        synchronized void merge(DirectoryStates.Fingerprint part) {
            total.merge(part);
        }

        void decline() {
            declined = true;
        }

        synchronized DirectoryStates.Fingerprint result() {
            return declined ? null : total;
        }
    }

    /** Fingerprints the files of one directory and forks its subdirectories and slices of its entries. */
    private static final class FingerprintTask extends RecursiveAction {
        private final Path dir;
        /** The path hash of this directory's relpath from the scanned directory plus "/" (or of "" at the top). */
        private final long prefixHash;
        private final FingerprintWalk walk;

        FingerprintTask(Path dir, long prefixHash, FingerprintWalk walk) {
            this.dir = dir;
            this.prefixHash = prefixHash;
            this.walk = walk;
        }

        @Override
        protected void compute() {
            if (walk.declined) {
                return;
            }
            List<FingerprintTask> subdirs = Collections.synchronizedList(new ArrayList<>());
            try (NativeDirectory handle = NativeDirectory.open(dir)) {
                NativeDirectory.Entries entries = handle.entries();
                visitInSlices(entries.count(), (from, to) -> visit(entries, from, to, subdirs));
            } catch (IOException e) {
                walk.decline();
                return;
            }
            invokeAll(subdirs);
        }

        void visit(NativeDirectory.Entries entries, int from, int to, List<FingerprintTask> subdirSink) {
            DirectoryStates.Fingerprint part = new DirectoryStates.Fingerprint();
            NativeDirectory.StatSlot st = new NativeDirectory.StatSlot();
            try {
                for (int i = from; i < to; i++) {
                    if (walk.declined || !visitEntry(entries, i, st, part, subdirSink)) {
                        walk.decline();
                        return;
                    }
                }
            } catch (IOException e) {
                walk.decline(); // NOTE: not thrown: the forked slices must be joined before the directory closes
                return;
            }
            walk.merge(part);
        }

        /** Adds entry {@code i} to {@code part} (a file) or to {@code subdirSink} (a directory); false to decline. */
        // NOTE: a method per entry, not the loop's body: C1 compiles it after a few hundred calls, while the loop's
        // method, called once per slice, runs interpreted for most of a walk (measured: it compiles at ~3/4 of 70,000).
        private boolean visitEntry(NativeDirectory.Entries entries, int i, NativeDirectory.StatSlot st,
                                   DirectoryStates.Fingerprint part, List<FingerprintTask> subdirSink)
                throws IOException {
            if (entries.nameByte(i, 0) == '.' && SPECIAL_NAMES.contains(entries.name(i))) {
                return false;
            }
            if (!entries.bytesAreChars(i) && !entries.namesItself(i, entries.name(i))) {
                return false; // NOTE: a name that is not UTF-8: the full scan reports it
            }
            if (!entries.stat(i, st)) {
                return true; // deleted since the listing
            }
            int type = st.mode() & S_IFMT;
            if (type == S_IFREG) {
                part.add(pathHash(entries, i), st.inode(), st.mtimeNanos(), st.size());
                return true;
            }
            if (type == S_IFDIR) {
                String name = entries.name(i);
                long h = DirectoryStates.Fingerprint.pathHash(prefixHash, name);
                subdirSink.add(new FingerprintTask(dir.resolve(name), DirectoryStates.Fingerprint.pathHash(h, '/'),
                        walk));
                return true;
            }
            return false; // a symlink (followed or skipped by the scan), a FIFO, a socket, a device
        }

        /** The path hash of entry {@code i}'s relpath: its name's bytes are its chars for most names. */
        private long pathHash(NativeDirectory.Entries entries, int i) {
            if (!entries.bytesAreChars(i)) {
                return DirectoryStates.Fingerprint.pathHash(prefixHash, entries.name(i));
            }
            long h = prefixHash;
            for (int k = 0, len = entries.nameLength(i); k < len; k++) {
                h = DirectoryStates.Fingerprint.pathHash(h, (char) entries.nameByte(i, k));
            }
            return h;
        }
    }

    /** Lists one directory and forks its subdirectories and slices of its entries. */
    private static final class DirectoryTask extends RecursiveAction {
        private final Path dir;
        private final String relFromScan;
        private final String relFromRoot;
        private final DvcIgnore ignore;
        private final ConcurrentLinkedQueue<FileEntry> out;
        private final Path scanRoot;
        private final boolean nativeCalls;

        DirectoryTask(Path dir, String relFromScan, String relFromRoot, DvcIgnore ignore,
                      ConcurrentLinkedQueue<FileEntry> out, Path scanRoot, boolean nativeCalls) {
            this.dir = dir;
            this.relFromScan = relFromScan;
            this.relFromRoot = relFromRoot;
            this.ignore = ignore;
            this.out = out;
            this.scanRoot = scanRoot;
            this.nativeCalls = nativeCalls;
        }

        @Override
        protected void compute() {
            NativeDirectory handle = null;
            List<String> children = new ArrayList<>();
            List<DirectoryTask> subdirs = Collections.synchronizedList(new ArrayList<>());
            try {
                if (nativeCalls) {
                    handle = NativeDirectory.open(dir);
                    children = handle.names();
                } else {
                    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                        for (Path child : stream) {
                            String name = child.getFileName().toString();
                            // NOTE: the JDK decodes a name that is not UTF-8 with U+FFFD, and the decoded name
                            // names no file; a real name with U+FFFD in it exists under its own name
                            if (name.indexOf('\uFFFD') >= 0 && !Files.exists(dir.resolve(name),
                                    LinkOption.NOFOLLOW_LINKS)) {
                                throw undecodable(dir, exactName(dir, name));
                            }
                            children.add(name);
                        }
                    }
                }
                boolean repoRoot = relFromRoot.isEmpty();
                for (String name : children) {
                    if (name.equals(".dvcignore")) {
                        throw new JdvcException("'.dvcignore' file should not be in collected dir path: '"
                                + scanRoot + "'", JdvcException.FAILED);
                    }
                    if (!repoRoot && name.equals(".dvc")
                            && Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                        return; // a nested repository: DVC leaves it out entirely
                    }
                }
                NativeDirectory opened = handle;
                List<String> names = children;
                visitInSlices(names.size(), (from, to) -> statSlice(opened, names, from, to, subdirs));
            } catch (NativeDirectory.UndecodableNameException e) {
                throw undecodable(dir, e.escapedName());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (handle != null) {
                    handle.close(); // NOTE: before descending, so a deep tree holds one descriptor per level at most
                }
            }
            invokeAll(subdirs);
        }

        /** The undecodable name's bytes as the native listing gives them, else the JDK's lossy decoding. */
        private static String exactName(Path dir, String lossy) {
            if (NativeDirectory.AVAILABLE) {
                try (NativeDirectory d = NativeDirectory.open(dir)) {
                    d.names();
                } catch (NativeDirectory.UndecodableNameException e) {
                    return e.escapedName();
                } catch (IOException | RuntimeException e) {
                    // NOTE: fall back to the JDK's spelling
                }
            }
            return lossy;
        }

        /**
         * A file whose name is not UTF-8 cannot be named by the JDK, so jdvc can neither hash nor check it out. DVC
         * records such names with surrogate escapes; jdvc refuses the folder rather than leave the file out silently.
         */
        private JdvcException undecodable(Path dir, String name) {
            String folder = relFromRoot.isEmpty() ? "." : relFromRoot;
            return new JdvcException("'" + folder + "': the name of '" + name + "' in it is not UTF-8; jdvc cannot "
                    + "track files whose names are not UTF-8 (rename it)", JdvcException.FAILED);
        }

        void statSlice(NativeDirectory handle, List<String> children, int from, int to,
                       List<DirectoryTask> subdirSink) {
            for (int i = from; i < to; i++) {
                String name = children.get(i);
                NativeDirectory.Stat st = lstat(handle, name);
                if (st == null) {
                    continue; // deleted since the listing
                }
                int type = st.mode() & S_IFMT;
                if (type == S_IFLNK) {
                    st = followLink(dir.resolve(name));
                    type = st.mode() & S_IFMT;
                    if (type != S_IFREG) {
                        continue; // NOTE: a symlink to a directory is skipped entirely, like os.walk does
                    }
                }
                if (type == S_IFDIR) {
                    if (!ignore.isIgnoredChild(relFromRoot, name, true)) {
                        DirectoryTask task = new DirectoryTask(dir.resolve(name), join(relFromScan, name),
                                join(relFromRoot, name), ignore, out, scanRoot, nativeCalls);
                        subdirSink.add(task);
                    }
                } else if (type == S_IFREG && !ignore.isIgnoredChild(relFromRoot, name, false)) {
                    FileStamp stamp = new FileStamp(st.inode(), st.mtimeNanos(), st.size());
                    out.add(new FileEntry(join(relFromScan, name), dir.resolve(name), stamp,
                            (st.mode() & ANY_EXECUTE) != 0));
                }
            }
        }

        private NativeDirectory.Stat lstat(NativeDirectory handle, String name) {
            try {
                if (handle != null) {
                    return handle.stat(name);
                }
                return stat(Files.readAttributes(dir.resolve(name), ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static NativeDirectory.Stat followLink(Path link) {
            try {
                return stat(Files.readAttributes(link, ATTRIBUTES));
            } catch (NoSuchFileException e) {
                throw new JdvcException("'" + link + "' is a broken symlink", JdvcException.FAILED, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static NativeDirectory.Stat stat(Map<String, Object> attrs) {
            return new NativeDirectory.Stat((Integer) attrs.get("mode"), (Long) attrs.get("ino"),
                    (Long) attrs.get("size"), ((FileTime) attrs.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
        }

        private static String join(String parent, String name) {
            return parent.isEmpty() ? name : parent + "/" + name;
        }
    }

    /** Visits entries {@code [from, to)} of a directory listing. */
    private interface SliceVisitor {
        void visit(int from, int to);
    }

    /**
     * Visits {@code count} entries in slices of {@link #SLICE}, the first on this thread, the others forked; returns
     * when all are visited. Runs in a fork-join task.
     */
    private static void visitInSlices(int count, SliceVisitor visitor) {
        List<SliceTask> slices = new ArrayList<>();
        for (int from = SLICE; from < count; from += SLICE) {
            slices.add(new SliceTask(visitor, from, Math.min(from + SLICE, count)));
        }
        // NOTE: slices fork first so idle threads take them while this thread visits the first slice.
        for (SliceTask slice : slices) {
            slice.fork();
        }
        visitor.visit(0, Math.min(SLICE, count));
        for (SliceTask slice : slices) {
            slice.join();
        }
    }

    /** Visits a slice of a large directory's entries. */
    private static final class SliceTask extends RecursiveAction {
        private final SliceVisitor visitor;
        private final int from;
        private final int to;

        SliceTask(SliceVisitor visitor, int from, int to) {
            this.visitor = visitor;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            visitor.visit(from, to);
        }
    }
}
