package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed process leaves (temp files of DVC's shape next to objects) is removed by the next command that writes
 * there: add, commit, fetch... for the cache (at most hourly), push for the remote (hourly per remote), gc always;
 * never one younger than an hour (another process may be writing it), never by a dry run.
 */
class CrashLeftoversTest {
    @TempDir
    Path tmp;
    Path repo;
    Path remote;
    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        remote = tmp.resolve("remote");
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        assertThat(cli.run(repo, "init", "-q").exit()).isZero();
        assertThat(cli.run(repo, "remote", "add", "-d", "r", remote.toString()).exit()).isZero();
    }

    private static Path leftover(Path folder, char fill, boolean stale) throws Exception {
        Path p = Files.createDirectories(folder).resolve("." + String.valueOf(fill).repeat(22) + ".tmp");
        Files.writeString(p, "partial object");
        if (stale) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }
        return p;
    }

    @Test
    void addSweepsTheCacheOfStaleTempFilesAndKeepsFreshOnes() throws Exception {
        Path cacheFolder = repo.resolve(".dvc/cache/files/md5/3f");
        Path stale = leftover(cacheFolder, 'A', true);
        Path fresh = leftover(cacheFolder, 'B', false);
        Files.writeString(repo.resolve("a.txt"), "a");
        assertThat(cli.run(repo, "add", "-q", "a.txt").exit()).isZero();
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void pushSweepsTheRemote() throws Exception {
        Files.writeString(repo.resolve("a.txt"), "a");
        assertThat(cli.run(repo, "add", "-q", "a.txt").exit()).isZero();
        Path stale = leftover(remote.resolve("files/md5/0c"), 'A', true);
        Path fresh = leftover(remote.resolve("files/md5/0c"), 'B', false);
        CliRunner.Result push = cli.run(repo, "push");
        assertThat(push.exit()).as(push.toString()).isZero();
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void gcSweepsEvenWithinTheHourButNotWhenDry() throws Exception {
        Files.writeString(repo.resolve("a.txt"), "a");
        assertThat(cli.run(repo, "add", "-q", "a.txt").exit()).isZero(); // the hourly sweep ran: marker is fresh
        Path stale = leftover(repo.resolve(".dvc/cache/files/md5/0c"), 'A', true);
        Files.writeString(repo.resolve("b.txt"), "b");
        assertThat(cli.run(repo, "add", "-q", "b.txt").exit()).isZero();
        assertThat(stale).as("within the hour, add does not sweep again").exists();
        assertThat(cli.run(repo, "gc", "-w", "--dry").exit()).isZero();
        assertThat(stale).exists();
        CliRunner.Result gc = cli.run(repo, "gc", "-w", "-f");
        assertThat(gc.exit()).as(gc.toString()).isZero();
        assertThat(stale).doesNotExist();
    }
}
