package org.jdvc.cache;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.TempName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jdvc.internal.NativeFileOps;

class LocalCacheTest {
    // spec / golden vectors: md5("foo"), the V2 directory manifest id, md5 of "a\r\nb\r\nc" both ways (V10)
    static final HashInfo FOO = HashInfo.md5("acbd18db4cc2f85cedef654fccc4a4d8");
    static final HashInfo DIR = HashInfo.md5("5ea40360f5b4ec688df672a4db9c17d1.dir");
    static final String CRLF_MD5 = "17800212205a0baee12dcf34c0748370";
    static final String CRLF_DOS2UNIX = "c32b2057b9bd62caa835386346177935";

    @TempDir
    Path tmp;
    Path root;
    LocalCache cache;

    @BeforeEach
    void setUp() {
        root = tmp.resolve("cache");
        cache = new LocalCache(root);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void objectPathsFollowBothLayouts() {
        assertThat(cache.pathOf(FOO)).isEqualTo(root.resolve("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8"));
        assertThat(cache.pathOf(DIR)).isEqualTo(root.resolve("files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir"));
        assertThat(cache.pathOf(new HashInfo(HashInfo.MD5_DOS2UNIX, FOO.value())))
                .isEqualTo(root.resolve("ac/bd18db4cc2f85cedef654fccc4a4d8"));
        assertThat(cache.pathOf(new HashInfo(HashInfo.MD5_DOS2UNIX, DIR.value())))
                .isEqualTo(root.resolve("5e/a40360f5b4ec688df672a4db9c17d1.dir"));
    }

    /**
     * A process killed while writing an object leaves its temp file; a sweep deletes those older than the age given,
     * in both layouts, and leaves younger ones (another process may be writing them) and everything else alone.
     */
    @Test
    void staleTempFilesAreSweptAndFreshOnesKept() throws IOException {
        cache.addBytes(FOO, "foo".getBytes(US_ASCII));
        Path stale = Files.createDirectories(root.resolve("files/md5/ac")).resolve(TempName.next());
        Path legacy = Files.createDirectories(root.resolve("3f")).resolve(TempName.next());
        Path fresh = root.resolve("files/md5/ac").resolve(TempName.next());
        Path notOurs = root.resolve("files/md5/ac/.notes.tmp");
        for (Path p : List.of(stale, legacy, fresh, notOurs)) {
            Files.writeString(p, "partial");
        }
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - java.time.Duration.ofHours(2).toMillis());
        for (Path p : List.of(stale, legacy, notOurs)) {
            Files.setLastModifiedTime(p, old);
        }
        assertThat(cache.removeStaleTemps(java.time.Duration.ofHours(1))).isEqualTo(2);
        assertThat(stale).doesNotExist();
        assertThat(legacy).doesNotExist();
        assertThat(fresh).exists();
        assertThat(notOurs).exists();
        assertThat(cache.contains(FOO)).isTrue();
    }

    @Test
    void idsThatAreNotObjectNamesAreRejected() {
        for (String bad : List.of("../../etc/passwd", "ACBD18DB4CC2F85CEDEF654FCCC4A4D8", "acbd", "acbd18db4cc2f85cedef654fccc4a4d8.txt")) {
            assertThatThrownBy(() -> cache.pathOf(HashInfo.md5(bad))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> cache.pathOf(new HashInfo("sha256", FOO.value())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addStoresReadOnlyContentAndLeavesNoTempFiles() throws IOException {
        Path src = write("foo", "foo".getBytes(US_ASCII));

        assertThat(cache.add(FOO, src, true)).isTrue();

        Path obj = cache.pathOf(FOO);
        assertThat(obj).hasBinaryContent("foo".getBytes(US_ASCII));
        assertThat(mode(obj)).isEqualTo(0444);
        assertThat(filesUnder(root)).containsExactly(obj);
        assertThat(Files.getAttribute(obj, "unix:nlink")).isEqualTo(1);
        assertThat(src).hasContent("foo"); // the source is copied, not moved
        assertThat(cache.contains(FOO)).isTrue();
        assertThat(cache.readAllBytes(FOO)).isEqualTo("foo".getBytes(US_ASCII));
        try (InputStream in = cache.open(FOO)) {
            assertThat(in.readAllBytes()).isEqualTo("foo".getBytes(US_ASCII));
        }
    }

    @Test
    void aJustHashedSourceWithAnUnchangedStampIsCopiedWithoutReReading() throws IOException {
        Path src = write("foo", "foo".getBytes(US_ASCII));
        org.jdvc.hash.FileStamp hashed = org.jdvc.hash.FileStamp.of(src);

        assertThat(cache.add(FOO, src, false, hashed)).isTrue();
        assertThat(cache.pathOf(FOO)).hasBinaryContent("foo".getBytes(US_ASCII));
        assertThat(mode(cache.pathOf(FOO))).isEqualTo(0444);
    }

    @Test
    void aSourceChangedSinceItWasHashedIsVerifiedAndRejected() throws IOException {
        Path src = write("foo", "foo".getBytes(US_ASCII));
        org.jdvc.hash.FileStamp hashed = org.jdvc.hash.FileStamp.of(src);
        Files.delete(src);
        write("foo", "bar".getBytes(US_ASCII)); // same size, new inode: the stamp no longer matches

        assertThatThrownBy(() -> cache.add(FOO, src, false, hashed)).isInstanceOf(HashMismatchException.class);
        assertThat(Files.exists(cache.pathOf(FOO))).isFalse();
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void mismatchIsRejectedAndNothingIsStored() throws IOException {
        Path src = write("bar", "bar".getBytes(US_ASCII));

        assertThatThrownBy(() -> cache.add(FOO, src, false))
                .isInstanceOf(HashMismatchException.class)
                .satisfies(e -> assertThat(((HashMismatchException) e).actual())
                        .isEqualTo("37b51d194a7513e45b56f6524f2d51f2"));
        assertThatThrownBy(() -> cache.add(FOO, src, true)).isInstanceOf(HashMismatchException.class);
        assertThatThrownBy(() -> cache.addBytes(FOO, "bar".getBytes(US_ASCII)))
                .isInstanceOf(HashMismatchException.class);

        assertThat(Files.exists(cache.pathOf(FOO))).isFalse();
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void existingObjectIsNeverRewritten() throws IOException {
        cache.add(FOO, write("foo", "foo".getBytes(US_ASCII)), false);
        Path obj = cache.pathOf(FOO);
        Object inode = Files.readAttributes(obj, "unix:ino").get("ino");

        assertThat(cache.add(FOO, write("foo2", "foo".getBytes(US_ASCII)), false)).isFalse();
        assertThat(cache.addBytes(FOO, "foo".getBytes(US_ASCII))).isFalse();

        assertThat(Files.readAttributes(obj, "unix:ino").get("ino")).isEqualTo(inode);
        assertThat(filesUnder(root)).containsExactly(obj);
    }

    @Test
    void anObjectPublishedConcurrentlyAfterTheListingIsKept() throws IOException {
        assertThat(cache.knownAbsent(FOO)).isTrue(); // the listing is taken now, before the other writer
        new LocalCache(root).addBytes(FOO, "foo".getBytes(US_ASCII));
        Path obj = cache.pathOf(FOO);
        Object inode = Files.readAttributes(obj, "unix:ino").get("ino");

        cache.addBytes(FOO, "foo".getBytes(US_ASCII)); // true with temp + rename (replaced), false with linkat

        if (NativeFileOps.unnamedFiles()) {
            assertThat(Files.readAttributes(obj, "unix:ino").get("ino")).isEqualTo(inode);
        }
        assertThat(obj).hasBinaryContent("foo".getBytes(US_ASCII));
        assertThat(mode(obj)).isEqualTo(0444);
        assertThat(filesUnder(root)).containsExactly(obj);
        assertThat(cache.knownAbsent(FOO)).isFalse();
    }

    @Test
    void addBytesStoresManifests() throws IOException {
        byte[] manifest = "[{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]".getBytes(US_ASCII);
        HashInfo oid = HashInfo.md5(ObjectDigest.hexOf(HashInfo.MD5, manifest) + ".dir");

        assertThat(cache.addBytes(oid, manifest)).isTrue();

        assertThat(cache.pathOf(oid).getFileName().toString()).endsWith(".dir");
        assertThat(mode(cache.pathOf(oid))).isEqualTo(0444);
        assertThat(cache.readAllBytes(oid)).isEqualTo(manifest);
    }

    @Test
    void legacyObjectsAreVerifiedWithDos2unix() throws IOException {
        byte[] crlf = "a\r\nb\r\nc".getBytes(US_ASCII);
        HashInfo legacy = new HashInfo(HashInfo.MD5_DOS2UNIX, CRLF_DOS2UNIX);
        assertThatThrownBy(() -> cache.add(new HashInfo(HashInfo.MD5_DOS2UNIX, CRLF_MD5), write("x", crlf), false))
                .isInstanceOf(HashMismatchException.class);

        assertThat(cache.add(legacy, write("crlf", crlf), false)).isTrue();

        // stored verbatim (CRs kept), in the legacy layout
        assertThat(root.resolve("c3/2b2057b9bd62caa835386346177935")).hasBinaryContent(crlf);
        Files.setAttribute(cache.pathOf(legacy), "unix:mode", 0644);
        assertThat(cache.contains(legacy)).isTrue();
        assertThat(mode(cache.pathOf(legacy))).isEqualTo(0444);
    }

    @Test
    void readOnlyObjectsAreTrustedWithoutRehashing() throws IOException {
        // DVC's rule: exactly 0444 means verified, even if the bytes are wrong
        Path obj = cache.pathOf(FOO);
        Files.createDirectories(obj.getParent());
        Files.writeString(obj, "not foo");
        Files.setAttribute(obj, "unix:mode", 0444);

        assertThat(cache.contains(FOO)).isTrue();
    }

    @Test
    void writableObjectWithRightContentIsReprotected() throws IOException {
        Path obj = cache.pathOf(FOO);
        Files.createDirectories(obj.getParent());
        Files.writeString(obj, "foo");
        Files.setAttribute(obj, "unix:mode", 0644);

        assertThat(cache.contains(FOO)).isTrue();
        assertThat(mode(obj)).isEqualTo(0444);
        assertThat(cache.corrupted()).isEmpty();
    }

    @Test
    void corruptObjectIsRemovedReportedAndNeverLinked() throws IOException {
        Path obj = cache.pathOf(FOO);
        Files.createDirectories(obj.getParent());
        Files.writeString(obj, "corrupted");
        Files.setAttribute(obj, "unix:mode", 0644);

        assertThat(cache.contains(FOO)).isFalse();

        assertThat(cache.corrupted()).containsExactly(FOO);
        assertThat(Files.exists(obj)).isFalse();
        Path ws = tmp.resolve("ws/foo");
        assertThatThrownBy(() -> new Linker(List.of(LinkType.HARDLINK)).link(obj, ws, false))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(Files.exists(ws)).isFalse();
        // and a fresh add restores it
        assertThat(cache.add(FOO, write("foo", "foo".getBytes(US_ASCII)), false)).isTrue();
        assertThat(cache.contains(FOO)).isTrue();
    }

    @Test
    void corruptManifestIsRejectedOnRead() throws IOException {
        Path obj = cache.pathOf(DIR);
        Files.createDirectories(obj.getParent());
        Files.writeString(obj, "[]");

        assertThatThrownBy(() -> cache.readAllBytes(DIR)).isInstanceOf(HashMismatchException.class);
        assertThat(Files.exists(obj)).isFalse();
        assertThat(cache.corrupted()).containsExactly(DIR);
    }

    @Test
    void missingObjectIsNotContained() throws IOException {
        assertThat(cache.contains(FOO)).isFalse();
        assertThatThrownBy(() -> cache.open(FOO)).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void concurrentAddsOfTheSameObjectStoreItOnce() throws Exception {
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        HashInfo oid = HashInfo.md5(ObjectDigest.hexOf(HashInfo.MD5, content));
        int threads = 8;
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            sources.add(write("src" + i, content));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Path src : sources) {
                Callable<Boolean> add = () -> {
                    start.await();
                    return cache.add(oid, src, false);
                };
                results.add(pool.submit(add));
            }
            start.countDown();
            int stored = 0;
            for (Future<Boolean> r : results) {
                stored += r.get() ? 1 : 0;
            }
            // racing adds may each publish (rename over an identical, verified object); at least one did
            assertThat(stored).isBetween(1, threads);
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.pathOf(oid)).hasBinaryContent(content);
        assertThat(mode(cache.pathOf(oid))).isEqualTo(0444);
        assertThat(filesUnder(root)).containsExactly(cache.pathOf(oid));
    }

    @Test
    void listFindsObjectsOfBothLayoutsAndSkipsEverythingElse() throws IOException {
        cache.add(FOO, write("foo", "foo".getBytes(US_ASCII)), false);
        HashInfo legacy = new HashInfo(HashInfo.MD5_DOS2UNIX, CRLF_DOS2UNIX);
        cache.add(legacy, write("crlf", "a\r\nb\r\nc".getBytes(US_ASCII)), false);
        byte[] manifest = "[]".getBytes(US_ASCII);
        HashInfo dir = HashInfo.md5(ObjectDigest.hexOf(HashInfo.MD5, manifest) + ".dir");
        cache.addBytes(dir, manifest);
        // noise DVC may leave: run cache, fs index, temp files, .unpacked dirs, stray files
        Files.createDirectories(root.resolve("runs/ab/" + "a".repeat(64)));
        Files.writeString(root.resolve("runs/ab/" + "a".repeat(64) + "/" + "b".repeat(64)), "x");
        Files.createDirectories(root.resolve("fs/local"));
        Files.writeString(root.resolve("fs/local/cache.db"), "x");
        Files.writeString(root.resolve("files/md5/ac/.ABCDEFGHIJKLMNOPQRSTUV.tmp"), "x");
        Files.createDirectories(root.resolve("files/md5/ac/" + "0".repeat(30) + ".dir.unpacked"));
        Files.writeString(root.resolve("files/md5/ac/README"), "x");
        Files.writeString(root.resolve("files/md5/" + "b".repeat(32)), "x");
        Files.createDirectories(root.resolve("xyz"));
        Files.writeString(root.resolve("xyz/" + "c".repeat(30)), "x");

        try (Stream<HashInfo> all = cache.list()) {
            assertThat(all.toList()).containsExactlyInAnyOrder(FOO, dir, legacy);
        }
        assertThat(cache.delete(FOO)).isTrue();
        assertThat(cache.delete(FOO)).isFalse();
        try (Stream<HashInfo> all = cache.list()) {
            assertThat(all.toList()).containsExactlyInAnyOrder(dir, legacy);
        }
    }

    @Test
    void listOfEmptyCacheIsEmpty() throws IOException {
        try (Stream<HashInfo> all = cache.list()) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    void sharedCacheCreatesSetgidGroupWritableDirectories() throws IOException {
        LocalCache shared = new LocalCache(root, true);
        shared.add(FOO, write("foo", "foo".getBytes(US_ASCII)), false);

        assertThat(mode(root.resolve("files/md5/ac"))).isEqualTo(02775);
        assertThat(mode(root.resolve("files/md5"))).isEqualTo(02775);
        assertThat(mode(root)).isEqualTo(02775);
        assertThat(mode(shared.pathOf(FOO))).isEqualTo(0444);
    }

    @Test
    void addDigestedPublishesAReadOnlyObjectAndTheListingFollowsWritesAndDeletes() throws IOException {
        byte[] buf = "foo-and-more".getBytes(US_ASCII);
        assertThat(cache.knownAbsent(FOO)).isTrue();
        assertThat(cache.addDigested(FOO, buf, 3)).isTrue();
        assertThat(Files.readAllBytes(cache.pathOf(FOO))).isEqualTo("foo".getBytes(US_ASCII));
        assertThat(mode(cache.pathOf(FOO))).isEqualTo(0444);
        assertThat(cache.knownAbsent(FOO)).isFalse();
        assertThat(cache.addDigested(FOO, buf, 3)).isFalse(); // present: not rewritten
        assertThat(filesUnder(root)).hasSize(1); // no temp file left
        cache.delete(FOO);
        assertThat(cache.knownAbsent(FOO)).isTrue();
    }

    @Test
    void knownAbsentTrustsOnlyAbsenceAnObjectListedButCorruptIsStillVerified() throws IOException {
        Path obj = cache.pathOf(FOO);
        Files.createDirectories(obj.getParent());
        Files.writeString(obj, "not foo"); // writable: must be re-hashed, found corrupt, replaced
        LocalCache fresh = new LocalCache(root);
        assertThat(fresh.knownAbsent(FOO)).isFalse();
        assertThat(fresh.addDigested(FOO, "foo".getBytes(US_ASCII), 3)).isTrue();
        assertThat(Files.readString(obj)).isEqualTo("foo");
        assertThat(fresh.corrupted()).containsExactly(FOO);
    }
}
