package org.jdvc.remote.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jdvc.remote.BlobStore;
import org.jdvc.testing.BlobStoreContractTest;
import org.jdvc.testing.SshServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The BlobStore contract against a real OpenSSH server (sshd, internal-sftp) in a separate process. */
class SshBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    static Path serverDir;

    private static SshServerProcess server;
    private static Path areas;
    private static final AtomicInteger AREA = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServerProcess.start(serverDir.resolve("sshd"));
        areas = Files.createDirectories(serverDir.resolve("areas"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @org.junit.jupiter.api.Test
    void staleTempFilesInTheObjectFoldersAreRemovedFreshOnesAndObjectsKept() throws Exception {
        checkStaleTempSweep(areas.resolve("area" + AREA.get()));
    }

    @Override
    protected BlobStore newStore() {
        // NOTE: a fresh folder per test on one server; it does not exist yet, as on a fresh remote
        return new SshBlobStore("storage", server.url(areas.resolve("area" + AREA.incrementAndGet()).toString()),
                Map.of(), server.sshDir());
    }
}
