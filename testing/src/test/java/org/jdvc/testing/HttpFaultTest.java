package org.jdvc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jdvc.JdvcException;
import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteException;
import org.jdvc.remote.RemoteRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP remotes against a real server process: authentication schemes, refusals, unreachable server, cut uploads. */
class HttpFaultTest {

    private static final String SECRET = "S3CRET-pw";

    @TempDir
    Path tmp;

    private HttpServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpServerProcess server(String... args) throws IOException {
        server = HttpServerProcess.start(tmp.resolve("served"), args);
        return server;
    }

    @Test
    void basicDigestAndCustomAuthWork() throws Exception {
        for (List<String> mode : List.of(List.of("basic", "alice"), List.of("digest", "alice"),
                List.of("custom", "X-Token"))) {
            server(mode.get(0).equals("custom") ? new String[] {"--auth", "custom", "X-Token", SECRET}
                    : new String[] {"--auth", mode.get(0), "alice", SECRET});
            Map<String, String> options = mode.get(0).equals("custom")
                    ? Map.of("auth", "custom", "custom_auth_header", "X-Token", "password", SECRET)
                    : Map.of("auth", mode.get(0), "user", "alice", "password", SECRET);
            try (BlobStore s = RemoteRegistry.open("storage", server.url("/dvc"), options)) {
                s.put("files/md5/ab/cdef", Faults.randomFile(tmp, 1000));
                assertThat(s.exists("files/md5/ab/cdef")).as(mode.get(0)).isTrue();
                try (InputStream in = s.open("files/md5/ab/cdef")) {
                    assertThat(in.readAllBytes()).hasSize(1000);
                }
                s.delete("files/md5/ab/cdef");
                assertThat(s.exists("files/md5/ab/cdef")).isFalse();
            }
            server.close();
            server = null;
        }
    }

    @Test
    void wrongOrMissingCredentialsAreAccessDenied() throws Exception {
        server("--auth", "digest", "alice", SECRET);
        for (Map<String, String> options : List.of(
                Map.of("auth", "digest", "user", "alice", "password", "wrong-S3CRET"),
                Map.of("auth", "basic", "user", "alice", "password", "wrong-S3CRET"))) {
            try (BlobStore s = RemoteRegistry.open("storage", server.url("/dvc"), options)) {
                assertThatThrownBy(() -> s.exists("files/md5/ab/cdef")).isInstanceOfSatisfying(RemoteException.class,
                        e -> assertOneLine(e, "access denied by remote 'storage' (" + server.url("/dvc")
                                + "): HTTP 401; check user and password"));
                assertThatThrownBy(() -> s.put("files/md5/ab/cdef", Faults.randomFile(tmp, 10)))
                        .isInstanceOfSatisfying(RemoteException.class, e -> assertOneLine(e, "access denied by"));
            }
        }
        try (BlobStore s = RemoteRegistry.open("storage", server.url("/dvc"), Map.of())) {
            assertThatThrownBy(() -> s.open("files/md5/ab/cdef")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "access denied by remote 'storage' (" + server.url("/dvc")
                            + "): HTTP 401; set the remote's auth, user and password"));
        }
        // user:password in the URL is used, and never printed
        String withUser = server.url("/dvc").replace("://", "://alice:wrong-S3CRET@");
        try (BlobStore s = RemoteRegistry.open("storage", withUser, Map.of("auth", "digest"))) {
            assertThatThrownBy(() -> s.exists("x")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "access denied by remote 'storage' (" + server.url("/dvc") + ")"));
        }
    }

    @Test
    void askPasswordWithoutTerminalIsAConfigError() throws Exception {
        server("--auth", "basic", "alice", SECRET);
        try (BlobStore s = RemoteRegistry.open("storage", server.url("/dvc"),
                Map.of("auth", "basic", "user", "alice", "ask_password", "true"))) {
            assertThatThrownBy(() -> s.exists("x")).isInstanceOfSatisfying(RemoteException.class, e -> {
                assertOneLine(e, "invalid configuration of remote 'storage'");
                assertThat(e.getMessage()).contains("ask_password needs an interactive terminal");
                assertThat(e.exitCode()).isEqualTo(JdvcException.CONFIG);
            });
        }
    }

    @Test
    void invalidOptionsAreConfigErrors() {
        assertThatThrownBy(() -> RemoteRegistry.open("storage", "http://127.0.0.1:9/x", Map.of("auth", "ntlm")))
                .isInstanceOfSatisfying(RemoteException.class, e -> assertOneLine(e,
                        "invalid configuration of remote 'storage' (http://127.0.0.1:9/x): auth must be basic, digest "
                                + "or custom, not 'ntlm'"));
        assertThatThrownBy(() -> RemoteRegistry.open("storage", "http://127.0.0.1:9/x", Map.of("auth", "custom")))
                .isInstanceOf(RemoteException.class).hasMessageContaining("custom_auth_header");
    }

    @Test
    void unreachableServerIsOneLine() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/dvc";
        try (BlobStore s = RemoteRegistry.open("storage", url,
                Map.of("auth", "basic", "user", "u", "password", SECRET))) {
            assertThatThrownBy(() -> s.exists("files/md5/00/x")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "failed to reach remote 'storage' (" + url + "): connection refused to "
                            + "127.0.0.1:" + port));
        }
    }

    @Test
    void httpsIsVerifiedUnlessToldOtherwise() throws Exception {
        server = HttpServerProcess.startTls(tmp.resolve("served"), tmp.resolve("certs"));
        String url = server.url("/dvc");
        assertThat(url).startsWith("https://");
        try (BlobStore s = RemoteRegistry.open("storage", url, Map.of())) {
            assertThatThrownBy(() -> s.exists("files/md5/ab/cdef")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "failed to reach remote 'storage' (" + url + "): TLS failure with 127.0.0.1:"
                            + server.port() + ": "));
        }
        String pem = tmp.resolve("certs/cert.pem").toString();
        try (BlobStore s = RemoteRegistry.open("storage", url, Map.of("ssl_verify", "false"))) {
            s.put("files/md5/ab/cdef", Faults.randomFile(tmp, 100));
            assertThat(s.exists("files/md5/ab/cdef")).isTrue();
        }
        // the CA bundle makes the certificate trusted, for the name it was issued to (localhost) only
        try (BlobStore s = RemoteRegistry.open("storage", url.replace("127.0.0.1", "localhost"),
                Map.of("ssl_verify", pem))) {
            assertThat(s.exists("files/md5/ab/cdef")).isTrue();
        }
        try (BlobStore s = RemoteRegistry.open("storage", url, Map.of("ssl_verify", pem))) {
            assertThatThrownBy(() -> s.exists("files/md5/ab/cdef")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "failed to reach remote 'storage' (" + url + "): TLS failure with "));
        }
    }

    @Test
    void methodPutAndRefusedDelete() throws Exception {
        server("--no-delete");
        try (BlobStore s = RemoteRegistry.open("storage", server.url("/dvc"), Map.of("method", "PUT"))) {
            s.put("files/md5/ab/cdef", Faults.randomFile(tmp, 10));
            assertThat(server.root().resolve("dvc/files/md5/ab/cdef")).hasSize(10);
            assertThatThrownBy(() -> s.delete("files/md5/ab/cdef")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertOneLine(e, "failed to delete from remote 'storage' (" + server.url("/dvc")
                            + "): the server does not support DELETE (HTTP 405)"));
        }
    }

    @Test
    void interruptedUploadLeavesNothingUnderTheKey() throws Exception {
        server();
        Path big = Faults.randomFile(tmp, 256L << 20);
        String key = "files/md5/ab/big";
        Path served = server.root().resolve("dvc/files/md5/ab");
        try (BlobStore s = RemoteRegistry.open("storage", server.url("/dvc"), Map.of())) {
            // NOTE: interrupt once upload bytes reach the server's temp file (a condition, not a time)
            Throwable failure = Faults.putUntil(s, key, big, () -> Faults.tempBytes(served), 8L << 20,
                    Thread::interrupt);
            // NOTE: 8 of 256 MiB had arrived when the interrupt came: the put must stop, not finish
            assertThat(failure).isInstanceOf(java.io.InterruptedIOException.class);
            assertThat(failure.getMessage()).contains("remote 'storage'").doesNotContain("\n");
            assertThat(s.exists(key)).isFalse();
            assertThat(served.resolve("big")).doesNotExist();
            s.put(key, Faults.randomFile(tmp, 10));
            assertThat(s.exists(key)).isTrue();
        }
    }

    private static void assertOneLine(Throwable e, String start) {
        Faults.assertOneLine(e, start, "S3CRET");
    }
}
