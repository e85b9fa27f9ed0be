package org.jdvc.remote.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jdvc.remote.BlobStore;
import org.jdvc.testing.BlobStoreContractTest;
import org.jdvc.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The BlobStore contract against a real S3 server (S3Proxy, filesystem backend) in a separate process. */
class S3BlobStoreTest extends BlobStoreContractTest {

    static final String BUCKET = "contract";
    private static S3ProxyServer server;
    private static final AtomicInteger AREA = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.started(Files.createTempDirectory("jdvc-s3proxy"));
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    static Map<String, String> options(S3ProxyServer s) {
        return Map.of("endpointurl", s.endpoint().toString(), "access_key_id", S3ProxyServer.ACCESS_KEY,
                "secret_access_key", S3ProxyServer.SECRET_KEY);
    }

    @Override
    protected boolean listsWhileUploading(String key, String listed) {
        // NOTE: S3Proxy (filesystem backends) emulates multipart uploads with a visible "<key>-<upload id>" blob until
        // completion or abort; AWS S3 and MinIO do not list incomplete uploads. exists/open of the key stay atomic.
        return listed.matches(java.util.regex.Pattern.quote(key) + "-[0-9a-f-]{36}");
    }

    @Override
    protected BlobStore newStore() {
        // NOTE: a fresh key prefix per test keeps one server for the class; 5 MiB parts (S3's minimum) let the
        // 24 MiB atomicity objects go through multipart upload.
        return new S3BlobStore("storage", "s3://" + BUCKET + "/area" + AREA.incrementAndGet() + "/store",
                options(server), 8L << 20, 5L << 20);
    }

}
