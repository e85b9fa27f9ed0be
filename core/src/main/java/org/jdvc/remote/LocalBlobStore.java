package org.jdvc.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;
import org.jdvc.internal.NativeFileOps;
import org.jdvc.internal.TempName;

/**
 * A folder as a {@link BlobStore}, laid out like DVC's local remotes and cache: the key is the relative path.
 * A put copies to {@code .<22 url-safe base64 chars>.tmp} in the destination folder (DVC's temp name), makes it
 * read-only (0444, which DVC trusts without re-hashing) and renames it over the key; a put to an absent key on Linux
 * writes an unnamed file ({@code O_TMPFILE}) instead and names it when complete. Temp files are never listed.
 */
public final class LocalBlobStore implements BlobStore {


    private final String remoteName;
    private final Path root;

    public LocalBlobStore(String remoteName, Path root) {
        this.remoteName = remoteName;
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder holding the objects. */
    public Path root() {
        return root;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void list(String prefix, Consumer<String> sink) throws IOException {
        int slash = prefix.lastIndexOf('/');
        String dirKey = slash < 0 ? "" : prefix.substring(0, slash);
        String namePrefix = prefix.substring(slash + 1);
        Path dir = dirKey.isEmpty() ? root : resolve(dirKey);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            walk(dir, dirKey.isEmpty() ? "" : dirKey + "/", namePrefix, sink);
        } catch (IOException e) {
            throw failure("list '" + prefix + "'", e);
        }
    }

    // NOTE: Files.walk collects nothing but also hides which entries vanish mid-walk; a hand-written recursion lets a
    // concurrently deleted folder or object be skipped instead of failing the whole listing.
    private void walk(Path dir, String keyPrefix, String namePrefix, Consumer<String> sink) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(namePrefix) || isLeftover(name)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    try {
                        walk(p, keyPrefix + name + "/", "", sink);
                    } catch (NoSuchFileException gone) {
                        // deleted while listing
                    }
                } else if (Files.isRegularFile(p)) {
                    sink.accept(keyPrefix + name);
                }
            }
        } catch (NoSuchFileException gone) {
            if (!dir.equals(root)) {
                return;
            }
            throw gone;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path p = resolve(key);
        try {
            InputStream in = Files.newInputStream(p);
            // NOTE: Linux opens a folder for reading without complaint (a shared key prefix, not an object) and fails
            // at the first read; checking that failure instead of stat-ing every object first saves a system call per
            // object of a large fetch.
            return new java.io.FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        if (Files.isDirectory(p)) {
                            throw absent(key);
                        }
                        throw e;
                    }
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }
            };
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' (" + root + ")");
        } catch (IOException e) {
            throw failure("open '" + key + "'", e);
        }
    }

    /** Size only: a folder keeps no checksum (callers hash local files themselves, as DVC records md5 for them). */
    @Override
    public ObjectInfo stat(String key) throws IOException {
        Path p = resolve(key);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' (" + root + ")");
        }
        try {
            return new ObjectInfo(Files.size(p), null, null);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' (" + root + ")");
        } catch (IOException e) {
            throw failure("stat '" + key + "'", e);
        }
    }

    @Override
    public void put(String key, Path source) throws IOException {
        Path target = resolve(key);
        Path dir = target.getParent();
        Path tmp = null;
        try {
            if (!knownDirs.contains(dir)) {
                Files.createDirectories(dir);
                knownDirs.add(dir);
            }
            // NOTE: an absent key is created unnamed (O_TMPFILE, 0444), copied in the kernel and named when complete:
            // as atomic as the rename below, one directory operation less per object. Any failure (typically EEXIST:
            // an existing key must be replaced, which linkat cannot do) goes the temp name + rename way.
            if (NativeFileOps.createCopy(source, target, 0444) == 0) {
                return;
            }
            tmp = dir.resolve(TempName.next());
            // NOTE: created read-only (0444, DVC's mode for remote objects) and filled through the open descriptor,
            // so there is no chmod call; transferTo lets the kernel copy (copy_file_range). Tens of thousands of small
            // objects make every saved system call count.
            try (FileChannel in = FileChannel.open(source);
                    FileChannel out = FileChannel.open(tmp, NEW_OBJECT, READ_ONLY)) {
                long size = in.size();
                long done = 0;
                while (done < size) {
                    done += in.transferTo(done, size - done, out);
                }
            }
            // NOTE: no fsync, like DVC: atomicity (never a partial object under the key) comes from the rename;
            // durability across power loss is the file system's business and would cost a sync per object.
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (NoSuchFileException e) {
            if (!Files.exists(source)) {
                throw new NoSuchFileException(source.toString(), null,
                        "no such file to put into remote '" + remoteName + "' (" + root + ")");
            }
            throw failure("put '" + key + "'", e);
        } catch (IOException e) {
            throw failure("put '" + key + "'", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is invisible to readers; gc of temp files is not this store's job
                }
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw failure("delete '" + key + "'", e);
        }
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String toString() {
        return "LocalBlobStore[" + remoteName + ", " + root + "]";
    }

    private Path resolve(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid key '" + key + "'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid key '" + key + "'");
            }
        }
        return root.resolve(key);
    }

    private static final Set<StandardOpenOption> NEW_OBJECT = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
    private static final FileAttribute<?> READ_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("r--r--r--"));
    private final Set<Path> knownDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();



    @Override
    public int removeStaleTemps(java.util.Collection<String> folders, java.time.Duration age) {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        int removed = 0;
        for (String folder : folders) {
            removed += TempName.removeStale(folder.isEmpty() ? root
                    : resolve(folder.substring(0, folder.length() - 1)), cutoff);
        }
        return removed;
    }

    /** Names a listing skips: temp files of any writer (jdvc's and DVC's have {@link TempName}'s shape). */
    private static boolean isLeftover(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private NoSuchFileException absent(String key) {
        return new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' (" + root + ")");
    }

    private IOException failure(String what, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException("failed to " + what + " in remote '" + remoteName + "' (" + root + "): "
                + e.getClass().getSimpleName() + " " + reason, e);
    }
}
