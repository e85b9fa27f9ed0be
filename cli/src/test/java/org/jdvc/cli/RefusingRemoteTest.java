package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local remote that refuses writes, for real: a tmpfs of 1 MiB (full after a few objects) and a read-only tmpfs,
 * mounted for the test (it needs root, as CI has; without it the test is skipped, saying so). A push stops at the
 * first object that meets the refusal, with one line naming the remote and the reason, instead of one warning per
 * object; nothing is recorded as pushed that is not.
 */
class RefusingRemoteTest {
    @TempDir
    Path tmp;
    Path repo;
    Path mount;
    CliRunner cli;
    final List<Path> mounted = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        mount = Files.createDirectories(tmp.resolve("remote"));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        assertThat(cli.run(repo, "init", "-q").exit()).isZero();
        Path data = Files.createDirectories(repo.resolve("data"));
        Random r = new Random(1);
        byte[] b = new byte[100_000];
        for (int i = 0; i < 40; i++) {
            r.nextBytes(b);
            Files.write(data.resolve("f" + i), b);
        }
        assertThat(cli.run(repo, "add", "-q", "data").exit()).isZero();
        assertThat(cli.run(repo, "remote", "add", "-d", "r", mount.toString()).exit()).isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path p : mounted) {
            new ProcessBuilder("umount", p.toString()).inheritIO().start().waitFor();
        }
    }

    private void mountTmpfs(String options) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + out.strip());
        mounted.add(mount);
    }

    @Test
    void aFullRemoteStopsThePushAtOnce() throws Exception {
        mountTmpfs("size=1m");
        CliRunner.Result push = cli.run(repo, "push");
        assertThat(push.exit()).as(push.toString()).isEqualTo(1);
        assertThat(push.err()).as(push.toString()).hasLineCount(1)
                .contains("cannot write to remote 'r' (" + mount + "): No space left on device");
        // what the remote holds is complete objects only (temp files aside); status -c names the rest as not pushed
        try (var files = Files.walk(mount)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = mount.relativize(f).toString().replace("/", "");
                if (!f.getFileName().toString().startsWith(".")) {
                    assertThat(name).isEqualTo("filesmd5" + md5(f));
                }
            }
        }
        CliRunner.Result status = cli.run(repo, "status", "-c");
        assertThat(status.out()).contains("new:");
    }

    private static String md5(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
    }

    @Test
    void aReadOnlyRemoteStopsThePushAtOnce() throws Exception {
        mountTmpfs("ro,size=8m");
        CliRunner.Result push = cli.run(repo, "push");
        assertThat(push.exit()).as(push.toString()).isEqualTo(1);
        assertThat(push.err()).as(push.toString()).hasLineCount(1)
                .contains("cannot write to remote 'r'").contains("Read-only file system");
    }
}
