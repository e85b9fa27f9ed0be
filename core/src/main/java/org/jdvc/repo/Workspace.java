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
    /** Files stat'ed per task; smaller slices only add scheduling overhead. */
    private static final int SLICE = 512;

    private final ForkJoinPool pool;

    /** Scans on {@code pool} (inject a single-thread pool for a sequential scan). */
    public Workspace(ForkJoinPool pool) {
        this.pool = pool;
    }

    /** Scans on the common fork-join pool. */
    public Workspace() {
        this(ForkJoinPool.commonPool());
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
            pool.invoke(new DirectoryTask(absolute, "", dirRelpathFromRoot, ignore, out, absolute));
        } catch (UncheckedIOException e) {
            throw new JdvcException("Cannot scan '" + dir + "': " + e.getCause().getMessage(), JdvcException.FAILED,
                    e.getCause());
        }
        return new ArrayList<>(out);
    }

    /** Lists one directory and forks its subdirectories and slices of its entries. */
    private static final class DirectoryTask extends RecursiveAction {
        private final Path dir;
        private final String relFromScan;
        private final String relFromRoot;
        private final DvcIgnore ignore;
        private final ConcurrentLinkedQueue<FileEntry> out;
        private final Path scanRoot;

        DirectoryTask(Path dir, String relFromScan, String relFromRoot, DvcIgnore ignore,
                      ConcurrentLinkedQueue<FileEntry> out, Path scanRoot) {
            this.dir = dir;
            this.relFromScan = relFromScan;
            this.relFromRoot = relFromRoot;
            this.ignore = ignore;
            this.out = out;
            this.scanRoot = scanRoot;
        }

        @Override
        protected void compute() {
            NativeDirectory handle = null;
            List<String> children = new ArrayList<>();
            List<DirectoryTask> subdirs = Collections.synchronizedList(new ArrayList<>());
            try {
                if (NativeDirectory.AVAILABLE) {
                    handle = NativeDirectory.open(dir);
                    children = handle.names();
                } else {
                    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                        for (Path child : stream) {
                            children.add(child.getFileName().toString());
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
                List<SliceTask> slices = new ArrayList<>();
                for (int from = SLICE; from < children.size(); from += SLICE) {
                    slices.add(new SliceTask(this, handle, children, from, Math.min(from + SLICE, children.size()),
                            subdirs));
                }
                // NOTE: slices fork first so idle threads take them while this thread stats the first slice.
                for (SliceTask slice : slices) {
                    slice.fork();
                }
                statSlice(handle, children, 0, Math.min(SLICE, children.size()), subdirs);
                for (SliceTask slice : slices) {
                    slice.join();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (handle != null) {
                    handle.close(); // NOTE: before descending, so a deep tree holds one descriptor per level at most
                }
            }
            invokeAll(subdirs);
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
                                join(relFromRoot, name), ignore, out, scanRoot);
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

    /** Stats a slice of a large directory's entries. */
    private static final class SliceTask extends RecursiveAction {
        private final DirectoryTask owner;
        private final NativeDirectory handle;
        private final List<String> children;
        private final int from;
        private final int to;
        private final List<DirectoryTask> subdirSink;

        SliceTask(DirectoryTask owner, NativeDirectory handle, List<String> children, int from, int to,
                  List<DirectoryTask> subdirSink) {
            this.owner = owner;
            this.handle = handle;
            this.children = children;
            this.from = from;
            this.to = to;
            this.subdirSink = subdirSink;
        }

        @Override
        protected void compute() {
            owner.statSlice(handle, children, from, to, subdirSink);
        }
    }
}
