package org.jdvc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link BlobStore} contract, run against every implementation: extend it and return a store on an empty area
 * from {@link #newStore()}. Checks behaviour only (no timing): keys, listing across pages and by string prefix,
 * missing keys, overwrite, delete, atomic put seen from a concurrent reader, interrupted put, concurrent puts.
 * For a store that cannot list ({@link BlobStore#canList()} false, e.g. HTTP) the listing tests are skipped (reported as
 * such), listing must be refused, and every other test checks what a listing would show through {@code exists}.
 */
public abstract class BlobStoreContractTest {

    @TempDir
    protected Path tmp;

    protected BlobStore store;

    /** A store over an empty area (fresh folder, fresh key prefix), closed after each test. */
    protected abstract BlobStore newStore() throws Exception;

    /** Size of the object for the atomicity tests; big enough that a put takes many reads (and parts, if any). */
    protected long largeObjectSize() {
        return 24L << 20;
    }

    /**
     * Whether {@code listed} may show up in a listing while {@code key} is being put. Only for known quirks of test
     * servers (never of the store under test), e.g. S3Proxy's multipart emulation listing parts as objects.
     */
    protected boolean listsWhileUploading(String key, String listed) {
        return false;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void missingKeyIsAbsentEverywhere() throws Exception {
        String key = "files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8";
        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.open(key).close()).isInstanceOf(NoSuchFileException.class);
        if (store.canList()) {
            assertThat(list("")).isEmpty();
        }
        store.delete(key);
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void putThenReadBack() throws Exception {
        byte[] hello = "hello\n".getBytes();
        store.put("files/md5/b1/946ac92492d2347c6235b4d2611184", file(hello));
        store.put("files/md5/d4/1d8cd98f00b204e9800998ecf8427e", file(new byte[0]));
        store.put("files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir", file("[]".getBytes()));

        assertThat(store.exists("files/md5/b1/946ac92492d2347c6235b4d2611184")).isTrue();
        assertThat(read("files/md5/b1/946ac92492d2347c6235b4d2611184")).isEqualTo(hello);
        assertThat(read("files/md5/d4/1d8cd98f00b204e9800998ecf8427e")).isEmpty();
        assertThat(read("files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir")).isEqualTo("[]".getBytes());
        // a shared key prefix is not an object (a store may learn that only at the first read)
        assertThat(store.exists("files/md5/b1")).isFalse();
        assertThatThrownBy(() -> {
            try (InputStream in = store.open("files/md5/b1")) {
                in.readAllBytes();
            }
        }).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rangesReadTheirBytes() throws Exception {
        byte[] all = new byte[1000];
        new java.util.Random(7).nextBytes(all);
        store.put("files/md5/ra/nge", file(all));
        BlobStore.Range middle = store.openRange("files/md5/ra/nge", 100, 200);
        try (InputStream in = middle.in()) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 100, 300));
        }
        // a store that reads ranges natively must tell the whole size (a ranged download plans its parts by it)
        if (store.readsRanges()) {
            assertThat(middle.objectSize()).isEqualTo(1000);
        }
        try (InputStream in = store.openRange("files/md5/ra/nge", 900, 500).in()) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 900, 1000));
        }
        try (InputStream in = store.openRange("files/md5/ra/nge", 0, 1000).in()) {
            assertThat(in.readAllBytes()).isEqualTo(all);
        }
        assertThatThrownBy(() -> {
            try (InputStream in = store.openRange("files/md5/ra/absent", 0, 10).in()) {
                in.readAllBytes();
            }
        }).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void putReplaces() throws Exception {
        store.put("a/b", file("one".getBytes()));
        store.put("a/b", file("two, longer".getBytes()));
        assertThat(read("a/b")).isEqualTo("two, longer".getBytes());
        if (store.canList()) {
            assertThat(list("")).containsExactly("a/b");
        }
    }

    @Test
    void statReportsSizeAndAChecksumThatFollowsTheContent() throws Exception {
        store.put("a/b", file("one".getBytes()));
        BlobStore.ObjectInfo one = store.stat("a/b");
        assertThat(one.size()).isIn(3L, -1L);
        assertThat(one.checksumName() == null).isEqualTo(one.checksum() == null);
        store.put("a/b", file("two, longer".getBytes()));
        BlobStore.ObjectInfo two = store.stat("a/b");
        assertThat(two.size()).isIn(11L, -1L);
        if (one.checksum() != null) {
            assertThat(one.checksumName()).isIn("etag", "checksum");
            assertThat(two.checksum()).isNotEqualTo(one.checksum()).doesNotContain("\"");
        }
        assertThatThrownBy(() -> store.stat("a")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.stat("a/c")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void putOfMissingSourceFailsAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> store.put("a/b", tmp.resolve("no-such-file"))).isInstanceOf(IOException.class);
        assertThat(store.exists("a/b")).isFalse();
        if (store.canList()) {
            assertThat(list("")).isEmpty();
        }
    }

    @Test
    void listIsRefusedWhenUnsupported() throws Exception {
        assumeFalse(store.canList(), "the store lists");
        store.put("a/b", file("x".getBytes()));
        assertThatThrownBy(() -> store.list("", k -> { })).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot be listed");
    }

    @Test
    void listByStringPrefixRecursively() throws Exception {
        assumeTrue(store.canList(), "the store cannot list (canList() is false)");
        Path one = file("x".getBytes());
        List<String> keys = List.of("files/md5/00/0a1", "files/md5/00/1b2", "files/md5/0a/ccc", "files/md5/ab/ddd.dir",
                "00/legacy", "runs/ab/abcdef/123");
        for (String k : keys) {
            store.put(k, one);
        }
        assertThat(list("")).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(list("files/")).containsExactlyInAnyOrder("files/md5/00/0a1", "files/md5/00/1b2",
                "files/md5/0a/ccc", "files/md5/ab/ddd.dir");
        assertThat(list("files/md5/00/")).containsExactlyInAnyOrder("files/md5/00/0a1", "files/md5/00/1b2");
        assertThat(list("files/md5/00/0")).containsExactly("files/md5/00/0a1");
        assertThat(list("files/md5/0")).containsExactlyInAnyOrder("files/md5/00/0a1", "files/md5/00/1b2",
                "files/md5/0a/ccc");
        assertThat(list("runs")).containsExactly("runs/ab/abcdef/123");
        assertThat(list("files/md5/ff/")).isEmpty();
        assertThat(list("nothing/here/")).isEmpty();
    }

    @Test
    void listCrossesPages() throws Exception {
        assumeTrue(store.canList(), "the store cannot list (canList() is false)");
        // NOTE: 1000 is the S3 page size (and DVC's LIST_OBJECT_PAGE_SIZE); 1,234 keys need two pages.
        Path one = file("x".getBytes());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            keys.add(String.format("files/md5/%02x/%030x", i % 7, i));
        }
        parallel(8, keys, k -> store.put(k, one));
        store.put("other/key", one);
        assertThat(list("files/")).hasSize(1234).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(list("")).hasSize(1235);
        assertThat(list("files/md5/03/")).hasSize((int) keys.stream().filter(k -> k.startsWith("files/md5/03/")).count());
    }

    @Test
    void deleteRemovesAndToleratesAbsence() throws Exception {
        store.put("a/1", file("1".getBytes()));
        store.put("a/2", file("2".getBytes()));
        store.delete("a/1");
        store.delete("a/1");
        assertThat(store.exists("a/1")).isFalse();
        assertThat(store.exists("a/2")).isTrue();
        if (store.canList()) {
            assertThat(list("")).containsExactly("a/2");
        }
        assertThatThrownBy(() -> store.open("a/1").close()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void concurrentPutsAndReads() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            keys.add("files/md5/%02x/%030x".formatted(i, i * 31L));
        }
        Path[] sources = new Path[keys.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = file(randomBytes(i, 1000 + i * 997));
        }
        parallel(16, keys, k -> store.put(k, sources[keys.indexOf(k)]));
        // many writers of one key with the same bytes, as parallel pushes of one object do
        Path same = file(randomBytes(99, 300_000));
        parallel(16, java.util.Collections.nCopies(32, "shared/key"), k -> store.put(k, same));

        parallel(16, keys, k -> assertThat(read(k)).isEqualTo(Files.readAllBytes(sources[keys.indexOf(k)])));
        assertThat(read("shared/key")).isEqualTo(Files.readAllBytes(same));
        if (store.canList()) {
            assertThat(list("")).hasSize(keys.size() + 1);
        }
    }

    @Test
    void putIsAtomicForConcurrentReaders() throws Exception {
        Path big = largeFile(1);
        String want = sha256(big);
        String key = "files/md5/bb/bigobject";
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Set<String> seenKeys = ConcurrentHashMap.newKeySet();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                while (!done.get()) {
                    if (store.canList()) {
                        store.list("", seenKeys::add);
                    }
                    if (store.exists(key)) {
                        try (InputStream in = store.open(key)) {
                            assertThat(sha256(in)).as("object visible while put runs must be complete").isEqualTo(want);
                        }
                    }
                }
            } catch (Throwable t) {
                readerFailure.set(t);
            }
        });
        try {
            store.put(key, big);
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(readerFailure.get()).isNull();
        seenKeys.removeIf(k -> listsWhileUploading(key, k));
        assertThat(seenKeys).as("only the finished key is ever listed (no temp or part objects)").isSubsetOf(key);
        if (store.canList()) {
            assertThat(list("")).as("nothing left over once the put is done").containsExactly(key);
        }
        try (InputStream in = store.open(key)) {
            assertThat(sha256(in)).isEqualTo(want);
        }
    }

    @Test
    void interruptedPutLeavesNothingOrEverything() throws Exception {
        Path big = largeFile(2);
        String key = "files/md5/cc/interrupted";
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                store.put(key, big);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.interrupt();
        writer.join();
        if (failure.get() != null) {
            assertThat(failure.get()).isInstanceOfAny(IOException.class, RemoteException.class);
            assertThat(store.exists(key)).isFalse();
            if (store.canList()) {
                assertThat(list("")).isEmpty();
            }
        } else {
            try (InputStream in = store.open(key)) {
                assertThat(sha256(in)).isEqualTo(sha256(big));
            }
        }
        // the store still works afterwards
        store.put(key, big);
        try (InputStream in = store.open(key)) {
            assertThat(sha256(in)).isEqualTo(sha256(big));
        }
    }

    @Test
    void invalidKeysAreRejectedOrKeptInside() throws Exception {
        // NOTE: object stores may accept these literally; folders must not escape their root.
        for (String bad : List.of("../escape", "a/../../escape", "/abs")) {
            try {
                store.put(bad, file("x".getBytes()));
            } catch (IllegalArgumentException | IOException expected) {
                continue;
            }
            assertThat(Files.exists(tmp.getParent().resolve("escape"))).isFalse();
        }
    }

    // ---- helpers for subclasses and tests

    /**
     * For stores whose puts write temp files on a disk at {@code root}: a killed put's temp file (DVC's and jdvc's
     * shape) older than the age is removed from the object folders of both layouts; a younger one, a temp file outside
     * the object folders, an object and another dot-file are kept.
     */
    protected void checkStaleTempSweep(Path root) throws IOException {
        store.put("files/md5/ab/cdef", file("x".getBytes()));
        Path folder = root.resolve("files/md5/ab");
        Path stale = Files.writeString(folder.resolve(".AAAAAAAAAAAAAAAAAAAAAA.tmp"), "partial");
        Path legacy = Files.writeString(Files.createDirectories(root.resolve("0c")).resolve(
                ".BBBBBBBBBBBBBBBBBBBBBB.tmp"), "partial");
        Path fresh = Files.writeString(folder.resolve(".CCCCCCCCCCCCCCCCCCCCCC.tmp"), "in flight");
        Path notATemp = Files.writeString(folder.resolve(".keep"), "user's");
        Path elsewhere = Files.writeString(root.resolve(".DDDDDDDDDDDDDDDDDDDDDD.tmp"), "not an object folder");
        java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        for (Path p : List.of(stale, legacy, notATemp, elsewhere)) {
            Files.setLastModifiedTime(p, twoHoursAgo);
        }
        org.jdvc.objects.ObjectStore objects = org.jdvc.objects.ObjectStore.over("r", "test", store,
                org.jdvc.objects.ObjectStore.Retry.NONE);
        assertThat(objects.removeStaleTemps(java.time.Duration.ofHours(1))).isEqualTo(2);
        assertThat(stale).doesNotExist();
        assertThat(legacy).doesNotExist();
        assertThat(fresh).exists();
        assertThat(notATemp).exists();
        assertThat(elsewhere).exists();
        assertThat(read("files/md5/ab/cdef")).isEqualTo("x".getBytes());
    }

    protected List<String> list(String prefix) {
        List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            store.list(prefix, out::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    protected Path file(byte[] content) throws IOException {
        Path p = Files.createTempFile(tmp, "src", ".bin");
        Files.write(p, content);
        return p;
    }

    protected Path largeFile(long seed) throws IOException {
        Path p = tmp.resolve("large-" + seed + ".bin");
        if (!Files.exists(p)) {
            Random r = new Random(seed);
            byte[] chunk = new byte[1 << 20];
            try (var out = Files.newOutputStream(p)) {
                for (long left = largeObjectSize(); left > 0; left -= chunk.length) {
                    r.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(left, chunk.length));
                }
            }
        }
        return p;
    }

    protected static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return sha256(in);
        }
    }

    protected static String sha256(InputStream in) throws IOException {
        return FileDigest.of("SHA-256", in);
    }

    protected interface KeyAction {
        void run(String key) throws Exception;
    }

    protected static void parallel(int threads, List<String> keys, KeyAction action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String k : keys) {
                futures.add(pool.submit(() -> {
                    action.run(k);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
