package org.jdvc.remote.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.HashInfo;
import org.jdvc.objects.CorruptRemoteObjectException;
import org.jdvc.objects.ObjectStore;
import org.jdvc.remote.BlobStore;
import org.jdvc.testing.Faults;
import org.jdvc.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from S3 in parallel ranged parts (small parts here, so small objects cross many part boundaries): the
 * cache gets exactly the object's bytes, a corrupt object spread over parts is rejected and leaves nothing behind.
 */
class S3RangedDownloadTest {
    private static final long PART = 256 << 10;
    private static S3ProxyServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.started(Files.createTempDirectory("jdvc-s3proxy"));
        server.createBucket("ranged");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private ObjectStore store(String area) {
        BlobStore s = new S3BlobStore("storage", "s3://ranged/" + area, S3BlobStoreTest.options(server));
        return ObjectStore.over("storage", "s3://ranged/" + area, s, ObjectStore.Retry.NONE).partSize(PART);
    }

    @Test
    void objectsOfManyPartsArriveWholeAndVerified() throws Exception {
        LocalCache cache = new LocalCache(tmp.resolve("cache"));
        try (ObjectStore remote = store("whole")) {
            // sizes around part boundaries: empty, one byte, exactly one part, one more, many parts and a tail
            for (long size : new long[] {0, 1, PART, PART + 1, 9 * PART + 12345}) {
                Path source = Faults.randomFile(tmp, size);
                HashInfo oid = new HashInfo(HashInfo.MD5, md5(source));
                remote.upload(oid, source);
                assertThat(remote.download(oid, cache)).isEqualTo(size);
                assertThat(cache.contains(oid)).isTrue();
                assertThat(Files.mismatch(cache.pathOf(oid), source)).as("size %d", size).isEqualTo(-1);
            }
        }
        assertThat(tempFiles(cache.root())).isEmpty();
    }

    /**
     * Parallel parts run on platform threads: a virtual thread blocked on a socket starts the JDK's poller thread,
     * which stays in native code, and the JVM's exit then waits up to 300 ms for it (every large transfer ended late).
     */
    @Test
    void partsUpAndDownLeaveNoPollerThreadForTheExitToWaitFor() throws Exception {
        LocalCache cache = new LocalCache(tmp.resolve("cache"));
        long minPart = 5L << 20; // S3's smallest part but the last
        BlobStore s = new S3BlobStore("storage", "s3://ranged/threads", S3BlobStoreTest.options(server), minPart,
                minPart);
        try (ObjectStore remote = ObjectStore.over("storage", "s3://ranged/threads", s, ObjectStore.Retry.NONE)
                .partSize(PART)) {
            Path source = Faults.randomFile(tmp, 2 * minPart + 5);
            HashInfo oid = new HashInfo(HashInfo.MD5, md5(source));
            remote.upload(oid, source); // a multipart upload of 3 parts
            assertThat(remote.download(oid, cache)).isEqualTo(Files.size(source));
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.contains("Poller"));
    }

    @Test
    void corruptObjectOverManyPartsNeverEntersTheCache() throws Exception {
        LocalCache cache = new LocalCache(tmp.resolve("cache"));
        try (ObjectStore remote = store("corrupt")) {
            Path good = Faults.randomFile(tmp, 5 * PART + 7);
            HashInfo oid = new HashInfo(HashInfo.MD5, md5(good));
            // the right size, one byte changed in the last part: only the whole-object hash can tell
            byte[] bad = Files.readAllBytes(good);
            bad[bad.length - 3] ^= 1;
            Path badFile = Files.write(tmp.resolve("bad"), bad);
            remote.upload(oid, badFile);
            assertThatThrownBy(() -> remote.download(oid, cache)).isInstanceOf(CorruptRemoteObjectException.class);
            assertThat(cache.contains(oid)).isFalse();
        }
        assertThat(tempFiles(cache.root())).isEmpty();
    }

    @Test
    void rangesReadBackAndTellTheSize() throws Exception {
        try (BlobStore s = new S3BlobStore("storage", "s3://ranged/ranges", S3BlobStoreTest.options(server))) {
            Path source = Faults.randomFile(tmp, 1000);
            byte[] all = Files.readAllBytes(source);
            s.put("k", source);
            assertThat(s.readsRanges()).isTrue();
            BlobStore.Range r = s.openRange("k", 100, 200);
            try (InputStream in = r.in()) {
                assertThat(r.objectSize()).isEqualTo(1000);
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 100, 300));
            }
            BlobStore.Range tail = s.openRange("k", 900, 500);
            try (InputStream in = tail.in()) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 900, 1000));
            }
            s.put("empty", Faults.randomFile(tmp, 0));
            BlobStore.Range empty = s.openRange("empty", 0, 500);
            try (InputStream in = empty.in()) {
                assertThat(in.readAllBytes()).isEmpty();
                assertThat(empty.objectSize()).isZero();
            }
        }
    }

    private static String md5(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
    }

    private static java.util.List<Path> tempFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
