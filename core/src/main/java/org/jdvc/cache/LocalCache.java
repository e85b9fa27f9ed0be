package org.jdvc.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jdvc.hash.FileStamp;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.IoErrors;
import org.jdvc.internal.NativeFileOps;
import org.jdvc.internal.TempName;

/**
 * DVC's local object database (spec §2): a directory of read-only, content-addressed files. DVC 3 objects
 * ({@code md5}) live at {@code <root>/files/md5/ab/cdef…}, legacy DVC 2 objects ({@code md5-dos2unix}) at
 * {@code <root>/ab/cdef…}; a {@code .dir} suffix stays part of the file name. The same class serves a local-folder
 * remote, which DVC lays out and verifies identically.
 *
 * <p><b>Writes</b> ({@link #add}, {@link #addBytes}) are verified and atomic: bytes go to {@code .<random>.tmp} in the
 * destination directory while being hashed, a mismatch deletes the temp file and throws
 * {@link HashMismatchException}, a match makes the temp file 0444 and publishes it under its final name. An object
 * that is already there is never rewritten, and no reader ever sees a partial or writable-and-unverified object.
 * No fsync: DVC does not sync objects either, and 70,000 syncs would dominate an add.
 *
 * <p><b>Verification</b> ({@link #contains}) follows DVC's rule §2.3: mode exactly 0444 is trusted; anything else is
 * re-hashed; a match is re-protected (0444), a mismatch is a corrupt object, which is deleted (as DVC does, so a later
 * fetch can restore it), remembered in {@link #corrupted()}, and reported as absent. Callers must link only objects
 * for which {@code contains} returned true. {@link #open} does not verify; {@link #readAllBytes} always does.
 *
 * <p><b>Threads</b>: all methods may be called concurrently, including adds of the same object (the first to publish
 * wins, the others discard their identical temp files).
 */
public final class LocalCache {
    private static final int OBJECT_MODE = 0444;
    private static final int SHARED_DIR_MODE = 02775;
    private static final int COPY_BUFFER = 1 << 20;
    private static final java.util.Set<StandardOpenOption> NEW_OBJECT = java.util.Set.of(
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // NOTE: objects are created with their final mode 0444 (the open descriptor may still write): no chmod call.
    private static final java.nio.file.attribute.FileAttribute<?> READ_ONLY_OBJECT =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
    private static final Path DVC3_PREFIX = Path.of("files", "md5");

    private final Path root;
    private final boolean sharedGroup;
    private final Set<Path> knownDirs = ConcurrentHashMap.newKeySet();
    private final Set<HashInfo> corrupted = ConcurrentHashMap.newKeySet();
    // per prefix directory (slot: see listingSlot): object ids seen in one listing of it, plus those this instance
    // published since
    private final java.util.concurrent.atomic.AtomicReferenceArray<Set<String>> listings =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(512);
    private volatile boolean reflinkUnsupported;

    /** A cache at {@code root} with default permissions ({@code cache.shared} unset). */
    public LocalCache(Path root) {
        this(root, false);
    }

    /**
     * @param sharedGroup {@code cache.shared = group}: directories this cache creates get mode 02775 (setgid), so
     *     objects added by any member of the group stay usable by the others.
     */
    public LocalCache(Path root, boolean sharedGroup) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.sharedGroup = sharedGroup;
    }

    public Path root() {
        return root;
    }

    public boolean sharedGroup() {
        return sharedGroup;
    }

    /**
     * Where the object lives (whether or not it exists). Rejects ids that are not 32 lowercase hex digits with an
     * optional {@code .dir}, so that no id can name a path outside the cache.
     */
    public Path pathOf(HashInfo oid) {
        String value = oid.value();
        if (!isObjectName(value)) {
            throw new IllegalArgumentException("not an object id: " + value);
        }
        Path base = switch (oid.name()) {
            case HashInfo.MD5 -> root.resolve(DVC3_PREFIX);
            case HashInfo.MD5_DOS2UNIX -> root;
            default -> throw new IllegalArgumentException("unsupported hash name: " + oid.name());
        };
        return base.resolve(value.substring(0, 2)).resolve(value.substring(2));
    }

    /**
     * True if a valid object is present (rule §2.3 above). A corrupt object is deleted, added to {@link #corrupted()}
     * and reported as false; if it cannot be deleted, {@link HashMismatchException} is thrown instead, so a corrupt
     * object is never reported present.
     */
    public boolean contains(HashInfo oid) throws IOException {
        return sizeIfPresent(oid) >= 0;
    }

    /**
     * The size of the object if a valid one is present, else -1: {@link #contains} and the size from the same
     * {@code statx} call (a push of 70,000 objects needs both and would otherwise pay two calls per object).
     */
    public long sizeIfPresent(HashInfo oid) throws IOException {
        if (!isObjectName(oid.value())) {
            // NOTE: an id no object can have (a hostile or damaged .dvc file: "md5: ../../x"): absent, as DVC finds
            // it; pathOf still refuses to name a place for it
            return -1;
        }
        Path path = pathOf(oid);
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(path, "unix:mode,isRegularFile,size");
        } catch (NoSuchFileException e) {
            return -1;
        }
        if (!(Boolean) attrs.get("isRegularFile")) {
            return -1;
        }
        long size = (Long) attrs.get("size");
        if (((Integer) attrs.get("mode") & 07777) == OBJECT_MODE) {
            return size;
        }
        String actual = ObjectDigest.hexOf(oid.name(), path);
        if (actual.equals(oid.digest())) {
            protect(path);
            return size;
        }
        quarantine(oid, actual, path);
        return -1;
    }

    /** Objects this instance found corrupt and deleted (by {@link #contains} or {@link #readAllBytes}). */
    public Set<HashInfo> corrupted() {
        return Set.copyOf(corrupted);
    }

    /**
     * Stores the content of {@code source} as object {@code expected} unless a valid copy is already present.
     *
     * @param allowReflink try a copy-on-write clone first (FICLONE; silently skipped where unsupported)
     * @return true if this call stored the object (concurrent adds of one object may each store it: the last rename
     *         wins, all with the same verified bytes), false if it was already present
     * @throws HashMismatchException if the content does not hash to {@code expected}; nothing is stored
     */
    public boolean add(HashInfo expected, Path source, boolean allowReflink) throws IOException {
        return add(expected, source, allowReflink, null);
    }

    /**
     * Like {@link #add(HashInfo, Path, boolean)}, for a source that was just hashed with stamp {@code hashedStamp}:
     * the copy is made by the kernel ({@code copy_file_range}) without reading it back, and is accepted when the
     * source still has that stamp (inode, mtime, size) after copying, the state database's rule; if the stamp
     * changed, the copy is hashed and verified as usual. {@code hashedStamp} null means "verify".
     */
    public boolean add(HashInfo expected, Path source, boolean allowReflink, FileStamp hashedStamp)
            throws IOException {
        Path dst = pathOf(expected);
        if (!knownAbsent(expected) && contains(expected)) {
            return false;
        }
        Path dir = dst.getParent();
        ensureDirectory(dir);
        Path tmp = dir.resolve(TempName.next());
        boolean published = false;
        boolean cloned = false;
        try {
            String actual = null;
            if (allowReflink && !reflinkUnsupported) {
                int err = NativeFileOps.ficlone(source, tmp);
                if (err == 0) {
                    cloned = true;
                    // NOTE: a clone shares blocks with a source that may be changing; verify what the clone holds.
                    actual = ObjectDigest.hexOf(expected.name(), tmp);
                } else {
                    if (err != NativeFileOps.ENOENT && err != NativeFileOps.EAGAIN) {
                        reflinkUnsupported = true;
                    }
                    // NOTE: the failed clone removes its temp file, unless that failed too: copy to a new name
                    tmp = dir.resolve(TempName.next());
                }
            }
            if (actual == null && hashedStamp != null && expected.name().equals(HashInfo.MD5)) {
                kernelCopy(source, tmp);
                // NOTE: unchanged stamp after the copy: the bytes are the ones hashed (DVC's and git's rule)
                actual = hashedStamp.equals(FileStamp.of(source)) ? expected.digest()
                        : ObjectDigest.hexOf(expected.name(), tmp);
            }
            if (actual == null) {
                actual = copyHashing(source, tmp, expected.name());
            }
            if (cloned) {
                protect(tmp); // a clone has the source's mode; copies are created read-only
            }
            published = verifyAndPublish(expected, actual, source, tmp, dst);
            return published;
        } catch (IOException e) {
            throw IoErrors.naming(e, source, tmp);
        } finally {
            if (!published) {
                TempName.discard(tmp, null);
            }
        }
    }

    /**
     * Stores {@code content} (typically a {@code .dir} manifest) as object {@code expected}, with the same verification
     * and atomicity as {@link #add}.
     */
    public boolean addBytes(HashInfo expected, byte[] content) throws IOException {
        String actual = ObjectDigest.hexOf(expected.name(), content);
        if (!actual.equals(expected.digest())) {
            throw new HashMismatchException(expected, actual, pathOf(expected));
        }
        return addDigested(expected, content, content.length);
    }

    /**
     * For bulk writes: true when the object is certainly absent, judged by one listing of its prefix directory
     * (taken on first use and kept by this instance, updated by its own writes and deletions) instead of a stat per
     * object. False means "maybe present": ask {@link #contains}. An object another process added after the listing
     * is reported absent, which only costs rewriting it with the same verified bytes.
     */
    public boolean knownAbsent(HashInfo oid) throws IOException {
        if (!isObjectName(oid.value())) {
            return true;
        }
        // NOTE: an array slot and the id string as it is: this runs once per file of a bulk add
        int slot = listingSlot(oid);
        Set<String> ids = listings.get(slot);
        if (ids == null) {
            ids = listIds(pathOf(oid).getParent());
            if (!listings.compareAndSet(slot, null, ids)) {
                ids = listings.get(slot);
            }
        }
        return !ids.contains(oid.value());
    }

    /** 0-255 for the DVC 3 prefix directories, 256-511 for the legacy ones; pathOf rejects malformed ids. */
    private int listingSlot(HashInfo oid) {
        String v = oid.value();
        if (v.length() < 2 || !isLowerHex(v.charAt(0)) || !isLowerHex(v.charAt(1))) {
            pathOf(oid); // throws IllegalArgumentException naming the id
        }
        return (oid.name().equals(HashInfo.MD5) ? 0 : 256) + Character.digit(v.charAt(0), 16) * 16
                + Character.digit(v.charAt(1), 16);
    }

    /**
     * Stores {@code content[0..length)} as object {@code oid}, where {@code oid} was just computed from exactly these
     * in-memory bytes (e.g. by hashing a small file read whole): verification on write is that computation, so
     * the bytes are not hashed again. Atomic and read-only like {@link #add}; skipped if the object is present.
     *
     * @return true if this call stored the object
     */
    public boolean addDigested(HashInfo oid, byte[] content, int length) throws IOException {
        Path dst = pathOf(oid);
        if (!knownAbsent(oid) && contains(oid)) {
            return false;
        }
        Path dir = dst.getParent();
        ensureDirectory(dir);
        int err = NativeFileOps.createWith(dst, OBJECT_MODE, content, length);
        if (err == 0 || err == NativeFileOps.EEXIST) {
            // NOTE: EEXIST: a concurrent add published the same verified object first; it is present, as after a
            // rename that replaced it.
            published(oid);
            return err == 0;
        }
        Path tmp = dir.resolve(TempName.next());
        boolean published = false;
        try {
            // NOTE: open(O_CREAT|O_EXCL, 0444) + write + close + rename: the fewest calls for an atomic, read-only
            // object (no fstat, no chmod, no second open of the source).
            try (FileChannel out = FileChannel.open(tmp, NEW_OBJECT, READ_ONLY_OBJECT)) {
                ByteBuffer buf = ByteBuffer.wrap(content, 0, length);
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
            }
            published = verifyAndPublish(oid, oid.digest(), null, tmp, dst);
            return published;
        } finally {
            if (!published) {
                TempName.discard(tmp, null);
            }
        }
    }

    private static Set<String> listIds(Path dir) throws IOException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        String prefix = dir.getFileName().toString();
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                ids.add(prefix + p.getFileName());
            }
        } catch (NoSuchFileException e) {
            // no prefix directory yet: nothing in it
        }
        return ids;
    }

    /**
     * Stores the bytes read from {@code in} (e.g. a download) as object {@code expected}, hashing them while they are
     * written to the temp file, with the same verification and atomicity as {@link #add}. The stream is read to its
     * end (unless the object is already present) but not closed.
     *
     * @return the number of bytes stored, or -1 if a valid object was already present (or a concurrent add won)
     * @throws HashMismatchException if the bytes do not hash to {@code expected}; nothing is stored
     */
    public long addStream(HashInfo expected, InputStream in) throws IOException {
        return addStream(expected, in, true);
    }

    /**
     * {@link #addStream(HashInfo, InputStream)} for a caller that has just seen the object absent ({@code
     * checkPresent} false): skips the presence check, one {@code statx} per object of a large fetch. If a concurrent
     * add published the object meanwhile, this one replaces it with the same verified bytes.
     */
    public long addStream(HashInfo expected, InputStream in, boolean checkPresent) throws IOException {
        Path dst = pathOf(expected);
        if (checkPresent && contains(expected)) {
            return -1;
        }
        Path dir = dst.getParent();
        ensureDirectory(dir);
        Path tmp = dir.resolve(TempName.next());
        boolean published = false;
        try {
            ObjectDigest digest = ObjectDigest.forHashName(expected.name());
            long size = 0;
            // NOTE: created 0444 like every object (a 0644 object is re-hashed and chmod-ed by the next contains).
            try (FileChannel out = FileChannel.open(tmp, NEW_OBJECT, READ_ONLY_OBJECT)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    digest.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    try {
                        while (bb.hasRemaining()) {
                            out.write(bb);
                        }
                    } catch (IOException e) {
                        throw IoErrors.naming(e, dst);
                    }
                    size += n;
                }
            }
            published = verifyAndPublish(expected, digest.hex(), null, tmp, dst);
            return size;
        } finally {
            if (!published) {
                TempName.discard(tmp, null);
            }
        }
    }

    /**
     * An empty temp file for object {@code expected}, for a caller that fills it itself (parallel ranged downloads
     * write their parts at their offsets) and feeds the bytes to {@link PendingObject#hash} in order;
     * {@link PendingObject#publish} verifies the hash and renames the file into place, closing without publishing
     * deletes it.
     */
    public PendingObject create(HashInfo expected) throws IOException {
        Path dst = pathOf(expected);
        Path dir = dst.getParent();
        ensureDirectory(dir);
        Path tmp = dir.resolve(TempName.next());
        return new PendingObject(expected, tmp, dst,
                FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ), READ_ONLY_OBJECT));
    }

    /** An object being written: see {@link #create}. */
    public final class PendingObject implements AutoCloseable {
        private final HashInfo expected;
        private final Path tmp;
        private final Path dst;
        private final FileChannel channel;
        private final ObjectDigest digest;
        private boolean published;

        private PendingObject(HashInfo expected, Path tmp, Path dst, FileChannel channel) {
            this.expected = expected;
            this.tmp = tmp;
            this.dst = dst;
            this.channel = channel;
            this.digest = ObjectDigest.forHashName(expected.name());
        }

        /** The temp file, open for positional reads and writes (safe for concurrent use at distinct offsets). */
        public FileChannel channel() {
            return channel;
        }

        /** Adds the next bytes of the object, in order from its start, to its hash (one thread at a time). */
        public void hash(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        /**
         * Publishes the temp file as the object if the bytes given to {@link #hash} hash to its name.
         *
         * @throws HashMismatchException when they do not; the temp file is deleted at {@link #close}
         */
        public void publish() throws IOException {
            channel.close();
            published = verifyAndPublish(expected, digest.hex(), null, tmp, dst);
        }

        @Override
        public void close() throws IOException {
            channel.close();
            if (!published) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The object's bytes, unverified (call {@link #contains} first). Throws NoSuchFileException if absent. */
    public InputStream open(HashInfo oid) throws IOException {
        return Files.newInputStream(pathOf(oid));
    }

    /**
     * Deletes the cache's temp files ({@link TempName}'s shape, in the object folders) last modified more than
     * {@code age} ago: what a process killed while writing an object left behind (an object is written to a temp file
     * and renamed into place, so a temp file is never an object). Younger ones may belong to a process at work (the
     * cache can be shared by repositories, each under its own lock). Best effort; returns how many were deleted.
     */
    public int removeStaleTemps(java.time.Duration age) {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        int removed = 0;
        for (Path layout : java.util.List.of(root.resolve(DVC3_PREFIX), root)) {
            for (int b = 0; b < 256; b++) {
                removed += TempName.removeStale(layout.resolve(String.format("%02x", b)), cutoff);
            }
        }
        return removed;
    }

    /** The hex digest of {@code content} under {@code hashName} ({@code md5}, or legacy {@code md5-dos2unix}). */
    public static String digestOf(String hashName, byte[] content) {
        return ObjectDigest.hexOf(hashName, content);
    }

    /**
     * The object's bytes as a stream that hashes them as they are read: at the end of the object, bytes that do not
     * hash to its id make {@code read} throw {@link HashMismatchException} (the object is deleted and remembered as by
     * {@link #contains}) instead of reporting the end. A caller that reads to the end has read verified bytes only.
     * Throws NoSuchFileException if absent.
     */
    public InputStream openVerified(HashInfo oid) throws IOException {
        Path path = pathOf(oid);
        InputStream in = Files.newInputStream(path);
        ObjectDigest digest = ObjectDigest.forHashName(oid.name());
        return new java.io.FilterInputStream(in) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    digest.update(b, off, n);
                } else if (n < 0 && !checked) {
                    checked = true;
                    String actual = digest.hex();
                    if (!actual.equals(oid.digest())) {
                        quarantine(oid, actual, path);
                        throw new HashMismatchException(oid, actual, path);
                    }
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // NOTE: skipped bytes are hashed too, or the check at the end would fail on a good object
                byte[] buf = new byte[8192];
                long done = 0;
                while (done < n) {
                    int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                    if (r < 0) {
                        break;
                    }
                    done += r;
                }
                return done;
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /**
     * The object's bytes, verified against its id (meant for {@code .dir} manifests, which are small). A corrupt
     * object is deleted and remembered as by {@link #contains}, then {@link HashMismatchException} is thrown.
     */
    public byte[] readAllBytes(HashInfo oid) throws IOException {
        Path path = pathOf(oid);
        byte[] content = Files.readAllBytes(path);
        String actual = ObjectDigest.hexOf(oid.name(), content);
        if (!actual.equals(oid.digest())) {
            quarantine(oid, actual, path);
            throw new HashMismatchException(oid, actual, path);
        }
        return content;
    }

    /**
     * Every object id present, DVC 3 ({@code md5}) then legacy ({@code md5-dos2unix}), unverified and in no particular
     * order. Only entries exactly two levels below a layout root, under a 2-hex-digit directory, named like an object
     * count, so {@code files/}, {@code runs/}, {@code fs/}, temp files and {@code .unpacked} directories are skipped.
     * The stream holds directory handles: close it. I/O errors while iterating surface as UncheckedIOException.
     */
    public Stream<HashInfo> list() throws IOException {
        Stream<HashInfo> dvc3 = listLayout(root.resolve(DVC3_PREFIX), HashInfo.MD5);
        try {
            return Stream.concat(dvc3, listLayout(root, HashInfo.MD5_DOS2UNIX));
        } catch (IOException | RuntimeException e) {
            dvc3.close();
            throw e;
        }
    }

    /** Removes the object if present (for gc); true if it was there. */
    public boolean delete(HashInfo oid) throws IOException {
        forget(oid);
        return Files.deleteIfExists(pathOf(oid));
    }

    private Stream<HashInfo> listLayout(Path base, String hashName) throws IOException {
        if (!Files.isDirectory(base)) {
            return Stream.empty();
        }
        Stream<Path> prefixes = Files.list(base);
        return prefixes
                .filter(p -> isHexPrefix(p.getFileName().toString()) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                .flatMap(dir -> {
                    String prefix = dir.getFileName().toString();
                    try {
                        return Files.list(dir)
                                .map(f -> prefix + f.getFileName())
                                .filter(name -> isObjectName(name))
                                .map(name -> new HashInfo(hashName, name));
                    } catch (NoSuchFileException e) {
                        return Stream.empty(); // removed concurrently (gc)
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .onClose(prefixes::close);
    }

    private boolean verifyAndPublish(HashInfo expected, String actual, Path source, Path tmp, Path dst)
            throws IOException {
        if (!actual.equals(expected.digest())) {
            throw new HashMismatchException(expected, actual, source != null ? source : dst);
        }
        // NOTE: the temp file was created read-only (0444) and is renamed into place: one directory operation per
        // object (70,000 of them for a large dataset). A concurrent add of the same object may be replaced by this
        // one, which is harmless: both were verified to hold exactly the bytes the name says.
        Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
        published(expected);
        return true;
    }

    private void published(HashInfo oid) {
        Set<String> ids = listings.get(listingSlot(oid));
        if (ids != null) {
            ids.add(oid.value());
        }
    }

    private void forget(HashInfo oid) {
        Set<String> ids = listings.get(listingSlot(oid));
        if (ids != null) {
            ids.remove(oid.value());
        }
    }

    private static void kernelCopy(Path source, Path tmp) throws IOException {
        try (FileChannel in = FileChannel.open(source);
                FileChannel out = FileChannel.open(tmp, NEW_OBJECT, READ_ONLY_OBJECT)) {
            long size = in.size();
            for (long pos = 0; pos < size; ) {
                long n = in.transferTo(pos, size - pos, out);
                if (n <= 0) {
                    break;
                }
                pos += n;
            }
        }
    }

    private static String copyHashing(Path source, Path tmp, String hashName) throws IOException {
        ObjectDigest digest = ObjectDigest.forHashName(hashName);
        try (FileChannel in = FileChannel.open(source);
                FileChannel out = FileChannel.open(tmp, NEW_OBJECT, READ_ONLY_OBJECT)) {
            long size = in.size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(1, Math.min(size + 1, COPY_BUFFER)));
            while (in.read(buf) >= 0) {
                buf.flip();
                digest.update(buf.array(), 0, buf.limit());
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
        }
        return digest.hex();
    }

    private void quarantine(HashInfo oid, String actual, Path path) throws IOException {
        forget(oid);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            HashMismatchException corrupt = new HashMismatchException(oid, actual, path);
            corrupt.addSuppressed(e);
            throw corrupt;
        }
        corrupted.add(oid);
        System.getLogger(LocalCache.class.getName())
                .log(System.Logger.Level.WARNING, "corrupted cache object removed: {0}", path);
    }

    private static void protect(Path path) {
        try {
            Files.setAttribute(path, "unix:mode", OBJECT_MODE);
        } catch (IOException | UnsupportedOperationException e) {
            // DVC ignores chmod failures too (spec §2.2); the object just gets re-verified later
        }
    }

    private void ensureDirectory(Path dir) throws IOException {
        if (knownDirs.contains(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            if (sharedGroup) {
                createShared(dir);
            } else {
                Files.createDirectories(dir);
            }
        }
        knownDirs.add(dir);
    }

    private void createShared(Path dir) throws IOException {
        // NOTE: walk up first so that every directory we create (not pre-existing ones) gets the setgid mode.
        if (dir.getParent() != null && !Files.isDirectory(dir.getParent())) {
            createShared(dir.getParent());
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            return;
        }
        Files.setAttribute(dir, "unix:mode", SHARED_DIR_MODE);
    }

    private static boolean isHexPrefix(String name) {
        return name.length() == 2 && isLowerHex(name.charAt(0)) && isLowerHex(name.charAt(1));
    }

    /** 32 lowercase hex digits, optionally followed by {@code .dir}. */
    private static boolean isObjectName(String s) {
        int len = s.length();
        if (len != 32 && !(len == 36 && s.endsWith(HashInfo.DIR_SUFFIX))) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (!isLowerHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
