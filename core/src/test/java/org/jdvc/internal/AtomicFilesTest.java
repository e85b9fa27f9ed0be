package org.jdvc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void createsNewFileWithContentAndLeavesNoTemp() throws IOException {
        Path target = dir.resolve("a.dvc");
        AtomicFiles.writeString(target, "outs:\n- md5: é\n");
        assertThat(Files.readString(target)).isEqualTo("outs:\n- md5: é\n");
        assertThat(list()).containsExactly("a.dvc");
    }

    @Test
    void newFileGetsUmaskDefaultPermissionsNotTempOnes() throws Exception {
        Path target = dir.resolve("new");
        AtomicFiles.write(target, new byte[] {1});
        Path reference = Files.createFile(dir.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void replacingKeepsContentAtomicAndPermissionsOfExistingFile() throws IOException {
        Path target = dir.resolve("script.sh");
        Files.writeString(target, "old old old old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicFiles.writeString(target, "new");
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-x---");
        assertThat(list()).containsExactly("script.sh");
    }

    @Test
    void replacingGivesANewInodeSoOpenReadersKeepTheOldContent() throws IOException {
        Path target = dir.resolve("f");
        Files.writeString(target, "old");
        Object before = Files.readAttributes(target, "unix:ino").get("ino");
        AtomicFiles.writeString(target, "new");
        assertThat(Files.readAttributes(target, "unix:ino").get("ino")).isNotEqualTo(before);
    }

    @Test
    void copyReplacesAtomically() throws IOException {
        Path source = dir.resolve("src");
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(source, big);
        Path target = dir.resolve("dst");
        Files.writeString(target, "old");
        AtomicFiles.copy(source, target);
        assertThat(Files.readAllBytes(target)).isEqualTo(big);
        assertThat(list()).containsExactlyInAnyOrder("src", "dst");
    }

    @Test
    void failedCopyLeavesTargetAndNoTemp() throws IOException {
        Path target = dir.resolve("dst");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.copy(dir.resolve("missing"), target))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(list()).containsExactly("dst");
    }

    @Test
    void failedRenameRemovesTemp() throws IOException {
        // a non-empty directory cannot be replaced by a file: the rename fails after the temp was written
        Path target = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(target.resolve("child"), "x");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "new")).isInstanceOf(IOException.class);
        assertThat(list()).containsExactly("taken");
    }

    @Test
    void missingParentFailsWithoutLeftovers() {
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("no/such/file"), "x"))
                .isInstanceOf(NoSuchFileException.class);
    }

    private Stream<String> names() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString());
    }

    private java.util.List<String> list() throws IOException {
        try (Stream<String> names = names()) {
            return names.toList();
        }
    }
}
