package org.jdvc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// NOTE: lives in testing, not core: core's tests cannot depend on testing (testing depends on core).
/** The BlobStore contract against core's HTTP store and a real HTTP server process (HttpFileServer). */
class HttpBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    static Path served;

    private static HttpServerProcess server;
    private static final AtomicInteger AREA = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = HttpServerProcess.start(served);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Path area;

    @Override
    protected BlobStore newStore() {
        String name = "area" + AREA.incrementAndGet();
        area = server.root().resolve(name);
        return RemoteRegistry.open("storage", server.url("/" + name + "/store"), Map.of());
    }

    @Test
    void cannotListAndLeavesNoTempFilesOnTheServer() throws Exception {
        assertThat(store.canList()).isFalse();
        store.put("files/md5/ab/cdef", file(randomBytes(1, 100_000)));
        try (var files = Files.walk(area)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> area.relativize(p).toString()))
                    .containsExactly("store/files/md5/ab/cdef");
        }
    }
}
