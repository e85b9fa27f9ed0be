package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdvc.repo.RepoLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate processes on one repository are serialized by {@code .dvc/tmp/lock}, the flock DVC takes: the real
 * {@code flock(1)} from util-linux stands in for DVC, jdvc runs as its own JVM.
 */
class RepoLockProcessTest {
    private static final String LOCK_MESSAGE = "Unable to acquire lock. Most likely another DVC process is running "
            + "or was terminated abruptly. Check the page <https://dvc.org/doc/user-guide/troubleshooting#lock-issue> "
            + "for other possible reasons and to learn how to resolve this.";

    @TempDir
    Path tmp;
    Path repo;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        assertThat(cli.run(repo, "init", "-q").exit()).isZero();
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.writeString(repo.resolve("b.txt"), "b\n");
    }

    private Process jdvc(String... args) throws IOException {
        return JdvcProcess.start(repo, cli.env(), args);
    }

    private static JdvcProcess.Finished finish(Process p) throws IOException, InterruptedException {
        return JdvcProcess.finish(p);
    }

    /**
     * Starts {@code flock -n -o <lock> -c 'echo held; exec sleep 600'} and returns once it holds the lock. With
     * {@code -o} only the flock process itself holds the descriptor, so destroying it releases the lock.
     */
    private Process holdWithFlock() throws IOException {
        Path lock = repo.resolve(".dvc/tmp/lock");
        Files.createDirectories(lock.getParent());
        Process flock = new ProcessBuilder("flock", "-n", "-o", lock.toString(), "-c", "echo held; exec sleep 600")
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(flock.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(line).isEqualTo("held");
        return flock;
    }

    private static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void mutatingCommandsFailWhileDvcsFlockIsHeldAndModifyNothing() throws Exception {
        assertThat(cli.run(repo, "add", "-q", "b.txt").exit()).isZero();
        Files.delete(repo.resolve("b.txt"));
        Process flock = holdWithFlock();
        try {
            Map<String, String> before = RepoTree.snapshot(tmp);
            JdvcProcess.Finished add = finish(jdvc("add", "a.txt"));
            assertThat(add.exit()).as(add.err()).isEqualTo(255);
            assertThat(add.err()).isEqualTo("ERROR: " + LOCK_MESSAGE + " (lock file: "
                    + repo.resolve(".dvc/tmp/lock") + ")\n");
            assertThat(add.out()).isEmpty();
            JdvcProcess.Finished checkout = finish(jdvc("checkout"));
            assertThat(checkout.exit()).as(checkout.err()).isEqualTo(255);
            assertThat(checkout.err()).startsWith("ERROR: " + LOCK_MESSAGE);
            assertThat(RepoTree.snapshot(tmp)).isEqualTo(before);
            assertThat(repo.resolve("a.txt.dvc")).doesNotExist();
            assertThat(repo.resolve("b.txt")).doesNotExist();
        } finally {
            stop(flock);
        }
        JdvcProcess.Finished again = finish(jdvc("add", "-q", "a.txt"));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(repo.resolve("a.txt.dvc")).exists();
    }

    @Test
    void jdvcHoldingTheLockMakesFlockFail() throws Exception {
        Path lock = repo.resolve(".dvc/tmp/lock");
        try (RepoLock held = RepoLock.acquire(repo.resolve(".dvc"))) {
            Process flock = new ProcessBuilder("flock", "-n", lock.toString(), "true").redirectErrorStream(true)
                    .start();
            assertThat(flock.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(flock.exitValue()).isEqualTo(1);
        }
        Process free = new ProcessBuilder("flock", "-n", lock.toString(), "true").start();
        assertThat(free.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(free.exitValue()).isZero();
    }

    @Test
    void twoConcurrentAddsOfDifferentFilesBothSucceed() throws Exception {
        Process first = jdvc("add", "a.txt");
        Process second = jdvc("add", "b.txt");
        JdvcProcess.Finished a = finish(first);
        JdvcProcess.Finished b = finish(second);
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(Files.readString(repo.resolve("a.txt.dvc"))).isEqualTo("outs:\n- md5: " + RepoTree.md5("a\n")
                + "\n  size: 2\n  hash: md5\n  path: a.txt\n");
        assertThat(Files.readString(repo.resolve("b.txt.dvc"))).isEqualTo("outs:\n- md5: " + RepoTree.md5("b\n")
                + "\n  size: 2\n  hash: md5\n  path: b.txt\n");
        // both entries survive: the .gitignore edits did not race
        assertThat(Files.readAllLines(repo.resolve(".gitignore"))).containsExactlyInAnyOrder("/a.txt", "/b.txt");
        assertThat(cli.run(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }
}
