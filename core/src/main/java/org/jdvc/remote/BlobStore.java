package org.jdvc.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A dumb byte store: the place a remote (or any folder of objects) keeps whole objects under string keys. It knows
 * nothing of hashes, {@code .dir} manifests or DVC's layout; content addressing, verification, existence heuristics
 * and parallel transfer live once above it ({@code org.jdvc.objects}).
 *
 * <h2>Keys</h2>
 * A key is a {@code /}-separated path relative to the store's base URL, without a leading {@code /}, empty segments,
 * {@code .} or {@code ..}, e.g. {@code files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8}. Stores hold objects, not
 * directories: a key names bytes, and "directories" exist only as shared key prefixes (an object store has none).
 *
 * <h2>Thread-safety</h2>
 * Every implementation is safe for concurrent use: a transfer runs many {@code put}/{@code open}/{@code exists} calls
 * in parallel on one instance. Streams returned by {@link #open} belong to the calling thread.
 *
 * <h2>Atomicity</h2>
 * {@link #put} is all or nothing: while it runs, and after it fails or its thread dies, readers ({@code exists},
 * {@code list}, {@code open}) see either the previous object under the key (or none) or the complete new one, never a
 * prefix of it. Temporary data an implementation needs (temp files, incomplete multipart uploads) is invisible to
 * all operations. Concurrent puts of the same key leave one of the complete objects.
 *
 * <h2>Failures</h2>
 * All messages are one line that names the remote and its URL, and never contain credentials.
 * <ul>
 *   <li>{@link java.nio.file.NoSuchFileException} from {@link #open} when the key is absent (and from {@link #put}
 *       when the source file is absent).</li>
 *   <li>Other {@link IOException}s when one operation failed but the store may still work for others or on retry
 *       (a server error for one object, an unreadable source file, an interrupted transfer).</li>
 *   <li>{@link RemoteException} (unchecked, carries the exit code) when the remote as a whole cannot be used:
 *       unreachable, access denied, bucket missing, invalid options. A transfer should stop at the first one instead
 *       of repeating it for every object.</li>
 * </ul>
 *
 * <h2>What it does not do</h2>
 * No hashing or verification of content, no retries beyond what its client library does, no caching of listings,
 * no creation of buckets, no renames, no directory operations, no metadata beyond the bytes and what {@link #stat}
 * reports.
 */
public interface BlobStore extends AutoCloseable {

    /** Whether an object exists under {@code key}. */
    boolean exists(String key) throws IOException;

    /**
     * Feeds {@code sink} every key that starts with {@code prefix} (a plain string prefix: {@code "files/md5/00/0"}
     * matches {@code files/md5/00/0a…}; {@code ""} lists the whole store), recursively, in no particular order,
     * streaming page by page rather than collecting everything first. {@code sink} runs on the calling thread.
     *
     * @throws UnsupportedOperationException when {@link #canList()} is {@code false}
     */
    void list(String prefix, Consumer<String> sink) throws IOException;

    /**
     * Whether {@link #list} works. {@code false} for stores whose protocol has no listing (HTTP): callers then learn
     * what the store holds only through {@link #exists}, one key at a time (DVC's {@code CAN_TRAVERSE = False}), and
     * cannot enumerate the store at all (no {@code gc -c}). Constant for the life of the store; answered without I/O.
     */
    default boolean canList() {
        return true;
    }

    /**
     * Opens the object under {@code key} for reading. The caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException when there is no object under {@code key}: from this call, or from
     *     the stream's first read when the store learns it only then (a local folder opens a directory, a shared key
     *     prefix, without complaint; checking first would cost a system call per object)
     */
    InputStream open(String key) throws IOException;

    /**
     * Part of an object: a stream of its bytes from an offset, and the object's whole size.
     *
     * @param in         the bytes; the caller closes it
     * @param objectSize the size of the whole object, or -1 when the protocol did not tell
     */
    record Range(InputStream in, long objectSize) {
    }

    /**
     * Opens up to {@code length} bytes of the object under {@code key} from {@code offset} (fewer at its end, none
     * from an offset at or past its end), so a caller can read parts of a large object on parallel connections.
     * The default opens the whole object and skips to {@code offset}, and does not know the size: only stores whose
     * protocol reads ranges natively (S3 {@code Range} GETs) override it and say so with {@link #readsRanges}.
     *
     * @throws java.nio.file.NoSuchFileException when there is no object under {@code key}
     */
    default Range openRange(String key, long offset, long length) throws IOException {
        InputStream in = open(key);
        try {
            in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
            // offset past the end: an empty range
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new Range(new BoundedInputStream(in, length), -1);
    }

    /**
     * Whether {@link #openRange} reads ranges natively and reports the object's size (S3): a download of a large
     * object then fetches its parts on parallel connections. Constant; answered without I/O.
     */
    default boolean readsRanges() {
        return false;
    }

    /**
     * Stores the bytes of the local file {@code source} under {@code key}, replacing any object there, atomically
     * (see the class comment). {@code source} is only read.
     */
    void put(String key, Path source) throws IOException;

    /**
     * Size and native checksum of one object, as the protocol reports them without reading the bytes.
     *
     * @param size          bytes, or -1 when the protocol does not tell (an HTTP server without Content-Length)
     * @param checksumName  the .dvc member the checksum belongs in: {@code etag} (object stores) or {@code checksum}
     *                      (HTTP {@code ETag}/{@code Content-MD5}); null when the store keeps no checksum (local
     *                      folders, SFTP), so a caller that needs one hashes the bytes itself (DVC records md5 there)
     * @param checksum      the value, unquoted, or null
     */
    record ObjectInfo(long size, String checksumName, String checksum) {
    }

    /**
     * What the store knows about the object under {@code key} without reading it (spec §5.2: import-url records it as
     * the dependency's checksum to notice later changes of the source). This is the only metadata a store exposes:
     * it reports what the server already keeps (an S3 ETag, HTTP headers, a file's size) and never computes a hash,
     * so stores stay dumb.
     *
     * @throws java.nio.file.NoSuchFileException when there is no object under {@code key}
     * @throws UnsupportedOperationException when the store cannot tell (the default)
     */
    default ObjectInfo stat(String key) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot stat objects");
    }

    /** Deletes the object under {@code key}; an absent key is not an error. */
    void delete(String key) throws IOException;

    /**
     * Deletes what writers killed in the middle of a put left in {@code folders} (keys of "directories", ending in
     * {@code /}) and began more than {@code age} ago: temp files of {@link org.jdvc.internal.TempName}'s shape,
     * unfinished multipart uploads. Younger ones may belong to a put at work. Best effort; returns how many were
     * deleted. Stores whose puts leave nothing behind keep the default, which does nothing.
     */
    default int removeStaleTemps(java.util.Collection<String> folders, java.time.Duration age) throws IOException {
        return 0;
    }

    /** Releases connections and threads. Calls after {@code close} have undefined results. */
    @Override
    void close();
}
