package org.jdvc.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteRegistry;
import org.junit.jupiter.api.Test;

/**
 * Opening an SSH remote (what every command reading the config may do) loads no MINA class; only the first request
 * does. Checked in a fresh JVM with class-load logging, since this test JVM has loaded MINA for other tests.
 */
class SshLazyLoadingTest {

    /** Run in the child JVM: open and close a store without a request. */
    public static void main(String[] args) {
        try (BlobStore s = RemoteRegistry.open("storage", "ssh://example.invalid/srv/dvc", Map.of("user", "u"))) {
            System.out.println("opened " + s);
        }
    }

    @Test
    void openingLoadsNoMinaClass() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                SshLazyLoadingTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("opened SshBlobStore[storage, ssh://example.invalid/srv/dvc]")
                .contains("org.jdvc.remote.ssh.SshBlobStore ").doesNotContain("org.apache.sshd")
                .doesNotContain("SLF4J");
    }
}
