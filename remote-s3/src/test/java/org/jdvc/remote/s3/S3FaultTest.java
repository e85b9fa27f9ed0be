package org.jdvc.remote.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteException;
import org.jdvc.remote.RemoteRegistry;
import org.jdvc.testing.Faults;
import org.jdvc.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of a real S3 server: bad credentials, missing bucket, nothing listening, the server dying mid-upload. */
class S3FaultTest {

    @TempDir
    Path tmp;

    private S3ProxyServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.kill();
        }
    }

    private S3ProxyServer server() throws IOException {
        server = S3ProxyServer.started(tmp.resolve("s3"));
        server.createBucket("bucket");
        return server;
    }

    @Test
    void registryFindsS3ThroughServiceLoader() throws Exception {
        try (BlobStore s = RemoteRegistry.open("storage", "s3://bucket/path", S3BlobStoreTest.options(server()))) {
            assertThat(s).isInstanceOf(S3BlobStore.class);
            assertThat(s.exists("files/md5/00/none")).isFalse();
        }
    }

    /**
     * A push killed mid-upload leaves its multipart upload open on the server (its parts take space; S3Proxy even
     * shows it as a blob). The next push of that object aborts it before uploading again.
     */
    @Test
    void theNextPushAbortsAKilledPushsMultipartUpload() throws Exception {
        S3ProxyServer s3 = server();
        String key = "path/files/md5/ab/cdef";
        try (software.amazon.awssdk.services.s3.S3Client raw = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(s3.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(software.amazon.awssdk.auth.credentials
                        .StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                                .create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build()) {
            String left = raw.createMultipartUpload(b -> b.bucket("bucket").key(key)).uploadId();
            raw.uploadPart(b -> b.bucket("bucket").key(key).uploadId(left).partNumber(1),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[5 << 20]));
            assertThat(raw.listMultipartUploads(b -> b.bucket("bucket").prefix(key)).uploads())
                    .extracting(software.amazon.awssdk.services.s3.model.MultipartUpload::uploadId).contains(left);
            java.time.Duration saved = S3BlobStore.staleUploadAge;
            S3BlobStore.staleUploadAge = java.time.Duration.ZERO;
            try (S3BlobStore store = new S3BlobStore("storage", "s3://bucket/path", S3BlobStoreTest.options(s3),
                    8L << 20, 5L << 20)) {
                store.put("files/md5/ab/cdef", Faults.randomFile(tmp, 12L << 20));
            } finally {
                S3BlobStore.staleUploadAge = saved;
            }
            assertThat(raw.listMultipartUploads(b -> b.bucket("bucket").prefix(key)).uploads())
                    .extracting(software.amazon.awssdk.services.s3.model.MultipartUpload::uploadId).doesNotContain(left);
        }
    }

    /** gc -c's sweep: every stale multipart upload under the remote's object folders is aborted, others are not. */
    @Test
    void theRemoteSweepAbortsStaleUploadsInTheObjectFoldersOnly() throws Exception {
        S3ProxyServer s3 = server();
        try (software.amazon.awssdk.services.s3.S3Client raw = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(s3.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(software.amazon.awssdk.auth.credentials
                        .StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                                .create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build()) {
            java.util.List<String> keys = java.util.List.of("path/files/md5/ab/cdef", "path/0c/legacy",
                    "path/notes/draft", "other/files/md5/ab/cdef");
            for (String key : keys) {
                raw.createMultipartUpload(b -> b.bucket("bucket").key(key));
            }
            try (S3BlobStore store = new S3BlobStore("storage", "s3://bucket/path", S3BlobStoreTest.options(s3),
                    8L << 20, 5L << 20)) {
                org.jdvc.objects.ObjectStore objects = org.jdvc.objects.ObjectStore.over("storage",
                        "s3://bucket/path", store, org.jdvc.objects.ObjectStore.Retry.NONE);
                assertThat(objects.removeStaleTemps(java.time.Duration.ofHours(1))).isZero(); // all too young
                assertThat(objects.removeStaleTemps(java.time.Duration.ZERO)).isEqualTo(2);
            }
            assertThat(raw.listMultipartUploads(b -> b.bucket("bucket")).uploads())
                    .extracting(software.amazon.awssdk.services.s3.model.MultipartUpload::key)
                    .containsExactlyInAnyOrder("path/notes/draft", "other/files/md5/ab/cdef");
        }
    }

    @Test
    void wrongCredentialsAreAccessDenied() throws Exception {
        Map<String, String> options = new HashMap<>(S3BlobStoreTest.options(server()));
        options.put("secret_access_key", "wrong-S3CRET-value");
        try (BlobStore s = RemoteRegistry.open("storage", "s3://bucket/path", options)) {
            assertThatThrownBy(() -> s.exists("files/md5/00/x")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "access denied by remote 'storage' (s3://bucket/path): HTTP 403"));
            assertThatThrownBy(() -> s.list("", k -> { })).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "access denied by remote 'storage' (s3://bucket/path): HTTP 403"));
            Path small = Faults.randomFile(tmp, 10);
            assertThatThrownBy(() -> s.put("a", small)).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "access denied by remote 'storage'"));
        }
    }

    @Test
    void missingBucketIsNamed() throws Exception {
        try (BlobStore s = RemoteRegistry.open("storage", "s3://nope/path", S3BlobStoreTest.options(server()))) {
            String want = "failed to use remote 'storage' (s3://nope/path): bucket 'nope' does not exist";
            assertThatThrownBy(() -> s.exists("files/md5/00/x")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, want));
            assertThatThrownBy(() -> s.list("files/", k -> { })).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, want));
            assertThatThrownBy(() -> s.open("files/md5/00/x")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, want));
            assertThatThrownBy(() -> s.put("files/md5/00/x", Faults.randomFile(tmp, 10))).isInstanceOfSatisfying(
                    RemoteException.class, e -> assertOneLine(e, want));
        }
    }

    @Test
    void unreachableEndpointIsOneLine() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        Map<String, String> options = Map.of("endpointurl", "http://127.0.0.1:" + port, "access_key_id", "id",
                "secret_access_key", "S3CRET-never-printed");
        try (BlobStore s = RemoteRegistry.open("storage", "s3://bucket/path", options)) {
            assertThatThrownBy(() -> s.exists("files/md5/00/x")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "failed to reach remote 'storage' (s3://bucket/path): connection refused to "
                            + "http://127.0.0.1:" + port));
        }
    }

    @Test
    void serverKilledDuringLargePutLeavesNoObject() throws Exception {
        S3ProxyServer s3 = server();
        Path big = Faults.randomFile(tmp, 256L << 20);
        String key = "files/md5/ab/big";
        try (BlobStore store = new S3BlobStore("storage", "s3://bucket/path", S3BlobStoreTest.options(s3),
                8L << 20, 5L << 20)) {
            // NOTE: crash the server once upload bytes reach its disk (a condition, not a time)
            Path bucketDir = s3.blobsDir().resolve("bucket");
            Throwable failure = Faults.putUntil(store, key, big, () -> Faults.folderBytes(bucketDir), 10L << 20,
                    writer -> s3.kill());
            assertThat(failure).as("put must fail when the server dies").isNotNull()
                    .isInstanceOfAny(IOException.class, RemoteException.class);
            assertThat(failure.getMessage()).contains("remote 'storage'").doesNotContain("\n")
                    .doesNotContain(S3ProxyServer.SECRET_KEY);

            s3.start();
            assertThat(store.exists(key)).isFalse();
            store.put(key, big);
            assertThat(store.exists(key)).isTrue();
            try (InputStream in = store.open(key)) {
                assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(Files.size(big));
            }
        }
    }

    private static void assertOneLine(Throwable e, String start) {
        Faults.assertOneLine(e, start, "S3CRET", S3ProxyServer.SECRET_KEY);
    }
}
