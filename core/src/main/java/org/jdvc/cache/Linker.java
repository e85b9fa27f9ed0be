package org.jdvc.cache;

import static org.jdvc.internal.NativeFileOps.EAGAIN;
import static org.jdvc.internal.NativeFileOps.EEXIST;
import static org.jdvc.internal.NativeFileOps.EINVAL;
import static org.jdvc.internal.NativeFileOps.EMLINK;
import static org.jdvc.internal.NativeFileOps.ENOENT;
import static org.jdvc.internal.NativeFileOps.ENOSYS;
import static org.jdvc.internal.NativeFileOps.ENOTTY;
import static org.jdvc.internal.NativeFileOps.EOPNOTSUPP;
import static org.jdvc.internal.NativeFileOps.EPERM;
import static org.jdvc.internal.NativeFileOps.EXDEV;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.jdvc.JdvcException;
import org.jdvc.internal.IoErrors;
import org.jdvc.internal.NativeFileOps;
import org.jdvc.internal.TempName;

/**
 * Materialises cache objects in the workspace with the configured link types, in order, with DVC's fallback (spec
 * §2.4): a type failing with EPERM, ENOTSUP, EXDEV, ENOTTY, ENOSYS, EINVAL or EAGAIN (plus EMLINK, when an object
 * has hit the file system's link-count limit) falls through to the next; {@link LinkType#COPY} always ends the chain
 * and its failures are real errors. There is no up-front probe.
 *
 * <ul>
 *   <li>REFLINK: FICLONE into {@code .<random>.tmp} beside the target, renamed over it; writable (0666 & ~umask).
 *   <li>HARDLINK: the workspace file is the object (read-only 0444). The empty object is materialised as a new empty
 *       file instead, as DVC does (millions of links to one inode hit link-count limits).
 *   <li>SYMLINK: a link to the object's absolute, normalized path. Like symlink(2) it does not check that the
 *       object exists; a missing object is only detected by the other types.
 *   <li>COPY: bytes into a temp file beside the target, renamed over it; writable (0666 & ~umask).
 * </ul>
 *
 * <p><b>Executable files</b>: the user-execute bit is OR-ed in after materialising. A hard link or a symlink cannot
 * be executable without chmod-ing the shared cache object, which DVC does, leaving an object that is no longer 0444,
 * so the next verification (§2.3) re-protects it and silently strips the bit from every workspace file linked to
 * it. This class instead skips HARDLINK and SYMLINK for executable files and uses the next type, or COPY if the chain
 * has nothing else: the cache object is never modified.
 *
 * <p>An existing file or symlink at the target is replaced; missing parent directories are created (only after a
 * failure says they are missing, so the common case costs nothing). Types that fail for a file-system reason
 * (ENOTSUP, EXDEV, ENOTTY, ENOSYS, EINVAL) are remembered and not tried again by this instance, so use one Linker
 * per cache/workspace pair and operation. Thread-safe: {@link #link} may be called from many threads; see
 * {@link #linkAll} for bulk work.
 */
public final class Linker {
    // NOTE: the empty object is recognised by its name (md5 of nothing) so the hardlink path needs no stat per file.
    private static final String EMPTY_OBJECT_NAME = "1d8cd98f00b204e9800998ecf8427e";
    private static final int BATCH = 256;

    private final List<LinkType> types;
    private final boolean sharedGroup;
    private final Set<LinkType> unsupported = ConcurrentHashMap.newKeySet();

    /** A linker for a cache without {@code cache.shared}. */
    public Linker(List<LinkType> types) {
        this(types, false);
    }

    /**
     * @param types the {@code cache.type} chain, tried in order; must not be empty
     * @param sharedGroup {@code cache.shared = group}: unprotected files become 0664 rather than 0666 & ~umask
     */
    public Linker(List<LinkType> types, boolean sharedGroup) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no link types");
        }
        this.types = List.copyOf(types);
        this.sharedGroup = sharedGroup;
    }

    public List<LinkType> types() {
        return types;
    }

    /**
     * Materialises {@code cacheObject} at {@code workspaceFile}. The object must already be verified (see
     * {@link LocalCache#contains}).
     *
     * @return the link type that was used
     * @throws NoSuchFileException if the cache object is missing (except for SYMLINK, which links blindly)
     * @throws JdvcException if every configured type failed and the chain has no COPY
     */
    public LinkType link(Path cacheObject, Path workspaceFile, boolean isExec) throws IOException {
        for (LinkType type : types) {
            if (unsupported.contains(type) || (isExec && (type == LinkType.HARDLINK || type == LinkType.SYMLINK))) {
                continue;
            }
            if (type == LinkType.COPY) {
                copy(cacheObject, workspaceFile, isExec);
                return type;
            }
            int err = attempt(type, cacheObject, workspaceFile, isExec);
            if (err == 0) {
                return type;
            }
            if (!fallsThrough(err)) {
                throw new FileSystemException(cacheObject.toString(), workspaceFile.toString(),
                        type.configName() + " failed: " + NativeFileOps.strerror(err));
            }
            if (err != EPERM && err != EAGAIN && err != EMLINK) {
                unsupported.add(type); // a property of the file system, not of this file
            }
        }
        if (isExec) {
            copy(cacheObject, workspaceFile, true);
            return LinkType.COPY;
        }
        throw new JdvcException("no possible cache link type for '" + workspaceFile + "' (tried "
                + types.stream().map(LinkType::configName).toList() + ")");
    }

    /**
     * Links many files, fanning batches of 256 consecutive requests out to {@code executor} (pass
     * {@code Runnable::run} to stay on the calling thread). Distinct parent directories are created once up front, so
     * each file costs only its own system calls (hardlink: 1; copy into an absent name: open x2, copy_file_range, linkat, close x2). A
     * failing file does not stop the others. The work is kernel-bound: on one ext4 file system extra threads mostly
     * contend on directory and journal locks, so measure before using more than one or two.
     *
     * @return workspace files that could not be linked, with the reason; empty when all succeeded
     */
    public Map<Path, Exception> linkAll(List<LinkRequest> requests, Executor executor) throws IOException {
        Set<Path> parents = new HashSet<>();
        for (LinkRequest r : requests) {
            Path parent = r.workspaceFile().getParent();
            if (parent != null) {
                parents.add(parent);
            }
        }
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
        }
        Map<Path, Exception> failures = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += BATCH) {
            List<LinkRequest> batch = requests.subList(from, Math.min(requests.size(), from + BATCH));
            tasks.add(CompletableFuture.runAsync(() -> {
                for (LinkRequest r : batch) {
                    try {
                        link(r.cacheObject(), r.workspaceFile(), r.isExec());
                    } catch (IOException | RuntimeException e) {
                        failures.put(r.workspaceFile(), e);
                    }
                }
            }, executor));
        }
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        return failures.isEmpty() ? Map.of() : new LinkedHashMap<>(failures);
    }

    /**
     * Makes a workspace file (or every file under a directory) safe to edit: a hard link or symlink is replaced by a
     * writable copy of its content (temp file + rename, so the path never disappears), and the file gets mode
     * 0666 & ~umask (0664 with a shared cache), keeping any execute bits. The cache object is not touched.
     */
    public void unprotect(Path workspaceFile) throws IOException {
        BasicFileAttributes attrs =
                Files.readAttributes(workspaceFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory()) {
            unprotectFile(workspaceFile);
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(workspaceFile)) {
            files = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path f : files) {
            unprotectFile(f);
        }
    }

    /**
     * True if {@code workspaceFile} is a hard link to {@code cacheObject} (same file key: device and inode) or a
     * symlink whose target is the object's absolute path. Reflinks and copies are not links: false. A missing
     * workspace file is false.
     */
    public boolean isLinkedTo(Path workspaceFile, Path cacheObject) throws IOException {
        BasicFileAttributes ws;
        try {
            ws = Files.readAttributes(workspaceFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (ws.isSymbolicLink()) {
            return Files.readSymbolicLink(workspaceFile).equals(cacheObject.toAbsolutePath().normalize());
        }
        if (!ws.isRegularFile() || ws.fileKey() == null) {
            return false;
        }
        try {
            return ws.fileKey().equals(Files.readAttributes(cacheObject, BasicFileAttributes.class).fileKey());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static boolean fallsThrough(int err) {
        return err == EPERM || err == EOPNOTSUPP || err == EXDEV || err == ENOTTY || err == ENOSYS
                || err == EINVAL || err == EAGAIN || err == EMLINK;
    }

    /** One REFLINK / HARDLINK / SYMLINK attempt, creating parents or replacing an existing target as needed. */
    private int attempt(LinkType type, Path object, Path target, boolean isExec) throws IOException {
        int err = attemptOnce(type, object, target, isExec);
        if (err == ENOENT) {
            Path parent = target.toAbsolutePath().getParent();
            if (Files.isDirectory(parent)) {
                throw new NoSuchFileException(object.toString(), null, "cache object missing");
            }
            Files.createDirectories(parent);
            err = attemptOnce(type, object, target, isExec);
        } else if (err == EEXIST && type != LinkType.REFLINK) {
            Files.delete(target); // NOTE: DVC's checkout also deletes, then links
            err = attemptOnce(type, object, target, isExec);
        }
        if (err == ENOENT) {
            throw new NoSuchFileException(object.toString(), null, "cache object missing");
        }
        return err;
    }

    private int attemptOnce(LinkType type, Path object, Path target, boolean isExec) throws IOException {
        return switch (type) {
            case HARDLINK -> {
                if (object.getFileName().toString().equals(EMPTY_OBJECT_NAME)) {
                    Files.deleteIfExists(target);
                    try {
                        Files.createFile(target);
                    } catch (NoSuchFileException e) {
                        yield ENOENT;
                    }
                    yield 0;
                }
                yield NativeFileOps.link(object, target);
            }
            case SYMLINK -> NativeFileOps.symlink(object.toAbsolutePath().normalize(), target);
            case REFLINK -> {
                Path tmp = target.resolveSibling(TempName.next());
                int err = NativeFileOps.ficlone(object, tmp);
                if (err == 0) {
                    publish(tmp, target, isExec);
                }
                yield err;
            }
            case COPY -> throw new AssertionError("copy is not an attempt");
        };
    }

    private void copy(Path object, Path target, boolean isExec) throws IOException {
        // NOTE: the mode given to open is masked by the umask, like the temp file's default 0666; an executable
        // gets u+x on top of the writable mode, which the umask must then not remove.
        if (!isExec || (Umask.get() & 0100) == 0) {
            int mode = isExec ? Umask.writableFileMode() | 0100 : 0666;
            if (NativeFileOps.createCopy(object, target, mode) == 0) {
                return;
            }
            // NOTE: any failure (typically EEXIST: the target must be replaced atomically, which linkat cannot do)
            // goes the temp name + rename way, which reports real errors with NIO's messages.
        }
        Path tmp = target.resolveSibling(TempName.next());
        try (FileChannel in = FileChannel.open(object)) {
            try (FileChannel out = createTemp(tmp)) {
                long size = in.size();
                for (long pos = 0; pos < size; ) {
                    long n = in.transferTo(pos, size - pos, out);
                    if (n <= 0) {
                        break; // object shrank underneath us; the cache is read-only, so this is not expected
                    }
                    pos += n;
                }
            }
        } catch (IOException e) {
            TempName.discard(tmp, e);
            throw IoErrors.naming(e, object, target);
        } catch (RuntimeException e) {
            TempName.discard(tmp, e);
            throw e;
        }
        publish(tmp, target, isExec);
    }

    private static FileChannel createTemp(Path tmp) throws IOException {
        try {
            return FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(tmp.toAbsolutePath().getParent());
            return FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** Renames a freshly written writable temp file over the target, making it executable first if asked. */
    private static void publish(Path tmp, Path target, boolean isExec) throws IOException {
        try {
            if (isExec) {
                Files.setAttribute(tmp, "unix:mode", Umask.writableFileMode() | 0100);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            TempName.discard(tmp, e);
            throw e;
        }
    }

    private void unprotectFile(Path file) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,nlink,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
        int writable = sharedGroup ? 0664 : Umask.writableFileMode();
        boolean isLink = (Boolean) attrs.get("isSymbolicLink") || (Integer) attrs.get("nlink") > 1;
        if (!isLink) {
            int mode = (Integer) attrs.get("mode") & 07777;
            Files.setAttribute(file, "unix:mode", writable | (mode & 0111));
            return;
        }
        int contentMode = (Integer) Files.getAttribute(file, "unix:mode") & 0111; // follows the symlink
        Path tmp = file.resolveSibling(TempName.next());
        try {
            try (FileChannel in = FileChannel.open(file);
                    FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long pos = 0; pos < size; ) {
                    long n = in.transferTo(pos, size - pos, out);
                    if (n <= 0) {
                        break;
                    }
                    pos += n;
                }
            }
            Files.setAttribute(tmp, "unix:mode", writable | contentMode);
            // NOTE: rename replaces the link itself (not its target), and the path never goes missing.
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            TempName.discard(tmp, null);
        }
    }

    @Override
    public String toString() {
        return "Linker" + types.stream().map(LinkType::configName).toList();
    }
}
