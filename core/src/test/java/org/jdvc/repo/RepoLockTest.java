package org.jdvc.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jdvc.JdvcException;
import org.jdvc.internal.FileLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interlocking is checked against util-linux {@code flock(1)}, which takes the same flock(2) lock as DVC. */
class RepoLockTest {
    @TempDir
    Path repo;

    @Test
    void createsTmpDirAndWritesPid() throws IOException {
        Path dvcDir = Files.createDirectory(repo.resolve(".dvc"));
        try (RepoLock lock = RepoLock.acquire(dvcDir)) {
            assertThat(lock.path()).isEqualTo(dvcDir.resolve("tmp/lock").toAbsolutePath());
            assertThat(Files.readString(lock.path())).isEqualTo(" " + ProcessHandle.current().pid() + "\n");
        }
        assertThat(dvcDir.resolve("tmp/lock")).exists();
    }

    @Test
    void heldLockMakesFlockCommandFailAndReleaseLetsItSucceed() throws Exception {
        Path dvcDir = repo.resolve(".dvc");
        Path file = dvcDir.resolve("tmp/lock");
        try (RepoLock lock = RepoLock.acquire(dvcDir)) {
            assertThat(run("flock", "-n", file.toString(), "true")).isNotZero();
        }
        assertThat(run("flock", "-n", file.toString(), "true")).isZero();
    }

    @Test
    void lockHeldByAnotherProcessFailsWithDvcMessage() throws Exception {
        Path dvcDir = repo.resolve(".dvc");
        Path file = dvcDir.resolve("tmp/lock");
        Files.createDirectories(file.getParent());
        Path ready = repo.resolve("ready");
        Process holder = new ProcessBuilder("flock", "-n", file.toString(), "-c",
                "touch '" + ready + "'; sleep 30").start();
        try {
            awaitFile(ready, holder);
            assertThatThrownBy(() -> RepoLock.acquire(dvcDir, 3, Duration.ofMillis(50)))
                    .isInstanceOf(LockException.class)
                    .hasMessageStartingWith("Unable to acquire lock. Most likely another DVC process is running")
                    .hasMessageContaining(file.toString())
                    .hasMessageNotContaining("\n")
                    .extracting(e -> ((JdvcException) e).exitCode()).isEqualTo(255);
        } finally {
            // NOTE: the shell and sleep started by flock(1) inherit the locked descriptor: end them too.
            java.util.List<ProcessHandle> family = new java.util.ArrayList<>(holder.descendants().toList());
            family.add(holder.toHandle());
            family.forEach(ProcessHandle::destroy);
            for (ProcessHandle member : family) {
                member.onExit().join();
            }
        }
        // the holder died: the kernel released its lock
        try (RepoLock lock = RepoLock.acquire(dvcDir, 1, Duration.ZERO)) {
            assertThat(lock.path()).exists();
        }
    }

    @Test
    void flockIsPerOpenFileSoTheSameProcessIsExcludedToo() throws IOException {
        Path file = repo.resolve("lock");
        try (FileLock first = FileLock.tryLock(file).orElseThrow()) {
            assertThat(FileLock.tryLock(file)).isEmpty();
            first.close();
            try (FileLock second = FileLock.tryLock(file).orElseThrow()) {
                assertThat(second.path()).isEqualTo(file.toAbsolutePath());
            }
        }
    }

    @Test
    void javaChannelLockDoesNotExcludeFlockWhichIsWhyFileLockExists() throws Exception {
        // documents the trap of spec §9.1: an fcntl lock from FileChannel.lock() does not stop flock(1)
        Path file = repo.resolve("lock");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
             var ignored = channel.lock()) {
            assertThat(run("flock", "-n", file.toString(), "true")).isZero();
        }
    }

    @Test
    void unopenableLockFileIsAnErrorNotContention() throws IOException {
        Path dvcDir = Files.createDirectories(repo.resolve(".dvc/tmp/lock")).getParent().getParent();
        assertThatThrownBy(() -> RepoLock.acquire(dvcDir, 1, Duration.ZERO))
                .isInstanceOf(JdvcException.class)
                .isNotInstanceOf(LockException.class)
                .hasMessageContaining("Is a directory");
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static void awaitFile(Path file, Process process) throws InterruptedException {
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new AssertionError("flock(1) holder exited early: " + process.exitValue());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
