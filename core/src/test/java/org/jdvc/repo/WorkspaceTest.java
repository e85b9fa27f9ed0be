package org.jdvc.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jdvc.JdvcException;
import org.jdvc.hash.FileStamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(3);

    @TempDir
    Path repo;

    @AfterAll
    static void shutdown() {
        POOL.shutdown();
    }

    @Test
    void listsFilesWithPosixRelpathsAndOneStatStamps() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("a.csv"), "12345");
        write(data.resolve("sub/deeper/b.bin"), "x");
        Files.createDirectories(data.resolve("empty/also-empty"));
        Files.setLastModifiedTime(data.resolve("a.csv"), FileTime.from(1_700_000_000_123_456_789L, TimeUnit.NANOSECONDS));
        Map<String, Workspace.FileEntry> byPath = scan(data, "data");
        assertThat(byPath).containsOnlyKeys("a.csv", "sub/deeper/b.bin");
        Workspace.FileEntry a = byPath.get("a.csv");
        assertThat(a.path()).isEqualTo(data.resolve("a.csv").toAbsolutePath());
        long inode = (Long) Files.getAttribute(a.path(), "unix:ino");
        assertThat(a.stamp()).isEqualTo(new FileStamp(inode, 1_700_000_000_123_456_789L, 5));
        assertThat(a.executable()).isFalse();
    }

    @Test
    void executableBit() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(data.resolve("run.sh"), PosixFilePermissions.fromString("rw-r-xr--"));
        assertThat(scan(data, "data").get("run.sh").executable()).isTrue();
    }

    @Test
    void directorySymlinksSkippedFileSymlinksFollowed() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        Path outside = Files.createDirectories(repo.resolve("outside"));
        write(outside.resolve("target.txt"), "target!");
        write(outside.resolve("inner/file"), "i");
        Files.createSymbolicLink(data.resolve("link.txt"), outside.resolve("target.txt"));
        Files.createSymbolicLink(data.resolve("linkdir"), outside.resolve("inner"));
        Map<String, Workspace.FileEntry> byPath = scan(data, "data");
        assertThat(byPath).containsOnlyKeys("link.txt");
        Workspace.FileEntry link = byPath.get("link.txt");
        assertThat(link.path()).isEqualTo(data.resolve("link.txt").toAbsolutePath());
        assertThat(link.stamp().size()).isEqualTo(7);
        assertThat(link.stamp().inode()).isEqualTo(Files.getAttribute(outside.resolve("target.txt"), "unix:ino"));
        assertThat(link.stamp().inode())
                .isNotEqualTo(Files.getAttribute(link.path(), "unix:ino", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void danglingSymlinkIsAnError() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        Files.createSymbolicLink(data.resolve("dangling"), repo.resolve("nowhere"));
        assertThatThrownBy(() -> scan(data, "data")).isInstanceOf(JdvcException.class).hasMessageContaining("dangling");
    }

    @Test
    void appliesDvcIgnoreRulesFromRootAndSubdirectories() throws IOException {
        write(repo.resolve(".dvcignore"), "*.tmp\ndata/skip/\n");
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("keep.csv"), "k");
        write(data.resolve("x.tmp"), "t");
        write(data.resolve("skip/inside.csv"), "s");
        write(data.resolve("deep/x.tmp"), "t");
        write(data.resolve("deep/y.csv"), "y");
        write(data.resolve(".git"), "gitdir: x");
        write(data.resolve("nested/.dvc/config"), "");
        write(data.resolve("nested/file"), "n");
        assertThat(scan(data, "data")).containsOnlyKeys("keep.csv", "deep/y.csv");
    }

    @Test
    void dvcignoreInsideTrackedDirectoryIsAnError() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("sub/.dvcignore"), "*\n");
        assertThatThrownBy(() -> scan(data, "data")).isInstanceOf(JdvcException.class)
                .hasMessageContaining("'.dvcignore' file should not be in collected dir path");
    }

    @Test
    void largeDirectoriesAreSlicedAndNothingIsLostOrDuplicated() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        for (int d = 0; d < 3; d++) {
            for (int f = 0; f < 1300; f++) {
                write(data.resolve("d" + d + "/f" + f), "");
            }
            Files.createDirectories(data.resolve("d" + d + "/sub" + d));
            write(data.resolve("d" + d + "/sub" + d + "/leaf"), "l");
        }
        List<Workspace.FileEntry> entries = new Workspace(POOL).scan(data, DvcIgnore.load(repo), "data");
        assertThat(entries).hasSize(3 * 1301);
        assertThat(entries.stream().map(Workspace.FileEntry::relpath).distinct().count()).isEqualTo(3 * 1301);
        assertThat(entries).extracting(Workspace.FileEntry::relpath).contains("d2/sub2/leaf", "d0/f1299");
    }

    private Map<String, Workspace.FileEntry> scan(Path dir, String rel) {
        return new Workspace(POOL).scan(dir, DvcIgnore.load(repo), rel).stream()
                .collect(Collectors.toMap(Workspace.FileEntry::relpath, e -> e));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
