package org.jdvc.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.jdvc.internal.TempName;

/**
 * Persistent map from absolute file path to (stamp, hash name, hash value), so files whose {@link FileStamp} is
 * unchanged are not hashed again (DVC's "state", spec §9.2, kept in jdvc's own file, never DVC's).
 *
 * <p>Thread-safe: {@link #get} and {@link #put} may be called concurrently from a hashing pool, {@link #save} at any
 * time. Never fails on read: a missing, truncated, corrupt or foreign-version file opens as an empty database (it is a
 * cache). {@link #save} writes only when something changed, atomically (temp file in the same directory, no fsync: see save,
 * rename): readers see the old or the new file, never a partial one. Concurrent processes saving the same file:
 * the last rename wins, losing the other's additions, which only costs re-hashing. Entries are never evicted;
 * paths are used as given (callers pass normalized absolute paths).
 */
public final class StateDb {
    // NOTE: hand-written binary file instead of an embedded database: H2/MVStore costs ~120 ms of start-up, this
    // loads 70k entries in tens of ms. Layout (big-endian): magic "JDVCSTAT", int version, int count, entries
    // [u16 len + UTF-8 path, long inode, long mtimeNanos, long size, u8 len + hash name, u8 len + value],
    // then CRC32C of all preceding bytes.
    private static final byte[] MAGIC = "JDVCSTAT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 8;

    record Record(FileStamp stamp, String hashName, String value) {
    }

    private final Path file;
    private final ConcurrentHashMap<String, Record> map;
    private volatile boolean dirty;

    private StateDb(Path file, ConcurrentHashMap<String, Record> map) {
        this.file = file;
        this.map = map;
    }

    /** Loads the database at {@code file}; the file need not exist (nor its directory, until {@link #save}). */
    public static StateDb open(Path file) {
        Objects.requireNonNull(file, "file");
        ConcurrentHashMap<String, Record> map;
        try {
            map = load(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            map = null;
        } catch (IOException | RuntimeException e) {
            map = null; // unreadable or corrupt: start over; it is only a cache
        }
        return new StateDb(file, map != null ? map : new ConcurrentHashMap<>());
    }

    private static ConcurrentHashMap<String, Record> load(byte[] b) {
        if (b.length < HEADER + 4 || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        if ((int) crc.getValue() != in.getInt(b.length - 4) || in.getInt(MAGIC.length) != VERSION) {
            return null;
        }
        int count = in.getInt(MAGIC.length + 4);
        if (count < 0 || count > b.length / 28) {
            return null;
        }
        in.position(HEADER).limit(b.length - 4);
        ConcurrentHashMap<String, Record> map = new ConcurrentHashMap<>(Math.max(16, count * 4 / 3 + 1));
        for (int i = 0; i < count; i++) {
            String path = string(in, in.getShort() & 0xffff);
            FileStamp stamp = new FileStamp(in.getLong(), in.getLong(), in.getLong());
            String hashName = internName(string(in, in.get() & 0xff));
            String value = string(in, in.get() & 0xff);
            map.put(path, new Record(stamp, hashName, value));
        }
        return in.hasRemaining() ? null : map;
    }

    private static String string(ByteBuffer in, int len) {
        int p = in.position();
        in.position(p + len); // throws on truncation
        return new String(in.array(), p, len, StandardCharsets.UTF_8);
    }

    private static String internName(String name) {
        return switch (name) {
            case HashInfo.MD5 -> HashInfo.MD5;
            case HashInfo.MD5_DOS2UNIX -> HashInfo.MD5_DOS2UNIX;
            default -> name;
        };
    }

    /** The recorded hash of {@code path} if its stamp and hash name are exactly as recorded. */
    public Optional<String> get(Path path, FileStamp stamp, String hashName) {
        Record r = map.get(path.toString());
        return r != null && r.stamp.equals(stamp) && r.hashName.equals(hashName)
                ? Optional.of(r.value) : Optional.empty();
    }

    /** Records {@code value} as the {@code hashName} hash of {@code path} while it has {@code stamp}. */
    public void put(Path path, FileStamp stamp, String hashName, String value) {
        Record r = new Record(Objects.requireNonNull(stamp), internName(hashName), Objects.requireNonNull(value));
        Record old = map.put(path.toString(), r);
        if (!r.equals(old)) {
            dirty = true;
        }
    }

    /** Number of entries. */
    public int size() {
        return map.size();
    }

    /**
     * Writes the database if it changed since it was opened or last saved. Atomic; leaves no temp file behind.
     *
     * @throws IOException if the file cannot be written (the in-memory state stays usable and dirty)
     */
    public synchronized void save() throws IOException {
        if (!dirty) {
            return;
        }
        dirty = false; // NOTE: cleared before the snapshot so a put racing with save marks it dirty again
        try {
            write(serialize());
        } catch (IOException | RuntimeException e) {
            dirty = true;
            throw e;
        }
    }

    private byte[] serialize() {
        ByteBuffer out = ByteBuffer.allocate(HEADER + 4 + map.size() * 128);
        out.put(MAGIC).putInt(VERSION).putInt(0);
        int count = 0;
        for (Map.Entry<String, Record> e : map.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            Record r = e.getValue();
            byte[] name = r.hashName.getBytes(StandardCharsets.UTF_8);
            byte[] value = r.value.getBytes(StandardCharsets.UTF_8);
            if (path.length > 0xffff || name.length > 0xff || value.length > 0xff) {
                continue; // not representable; such a file is simply re-hashed next time
            }
            int need = 2 + path.length + 24 + 1 + name.length + 1 + value.length + 4;
            if (out.remaining() < need) {
                out = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + need)).put(out.flip());
            }
            out.putShort((short) path.length).put(path);
            out.putLong(r.stamp.inode()).putLong(r.stamp.mtimeNanos()).putLong(r.stamp.size());
            out.put((byte) name.length).put(name).put((byte) value.length).put(value);
            count++;
        }
        out.putInt(MAGIC.length + 4, count);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return Arrays.copyOf(out.array(), out.position());
    }

    private void write(byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(TempName.next());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                // NOTE: no fsync: this is a cache. A file torn by a crash fails its checksum and loads as empty,
                // which only costs re-hashing; a sync of ~8 MB would cost every mutating command 10-20 ms.
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
