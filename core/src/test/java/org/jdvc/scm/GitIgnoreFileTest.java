package org.jdvc.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jdvc.JdvcException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitIgnoreFileTest {
    @TempDir
    Path tmp;
    Path root;
    GitIgnoreFile gitignore;

    @BeforeEach
    void init() throws Exception {
        root = GitTestRepo.init(tmp);
        gitignore = new GitIgnoreFile(new GitCli(root));
    }

    @Test
    void freshDvcDirGetsExactlyDvcsThreeLines() throws Exception {
        Path dvcDir = Files.createDirectories(root.resolve(".dvc"));
        assertThat(gitignore.ensureDvcDirIgnores(dvcDir, true)).containsExactly(dvcDir.resolve(".gitignore"));
        assertThat(Files.readString(dvcDir.resolve(".gitignore"))).isEqualTo("/config.local\n/tmp\n/cache\n");
        // idempotent: git now ignores all three
        assertThat(gitignore.ensureDvcDirIgnores(dvcDir, true)).isEmpty();
        assertThat(Files.readString(dvcDir.resolve(".gitignore"))).isEqualTo("/config.local\n/tmp\n/cache\n");
    }

    @Test
    void nonDefaultCacheIsNotIgnored() throws Exception {
        Path dvcDir = Files.createDirectories(root.resolve(".dvc"));
        gitignore.ensureDvcDirIgnores(dvcDir, false);
        assertThat(Files.readString(dvcDir.resolve(".gitignore"))).isEqualTo("/config.local\n/tmp\n");
    }

    @Test
    void appendsEscapedEntryAfterMissingNewlineAndGitAgrees() throws Exception {
        Path dir = Files.createDirectories(root.resolve("data"));
        Files.writeString(dir.resolve(".gitignore"), "# mine\n*.tmp");
        Path output = dir.resolve("weird [v1]!*#?.csv");
        assertThat(gitignore.ensureIgnored(output)).contains(dir.resolve(".gitignore"));
        assertThat(Files.readString(dir.resolve(".gitignore")))
                .isEqualTo("# mine\n*.tmp\n/weird \\[v1\\]\\!\\*\\#\\?.csv\n");
        Files.writeString(output, "x");
        assertThat(new GitCli(root).isIgnored(output)).isTrue();
        assertThat(new GitCli(root).isIgnored(dir.resolve("weird [v1]!x#?.csv"))).isFalse();
    }

    @Test
    void directoriesGetNoTrailingSlashAndNoDuplicates() throws Exception {
        Path models = Files.createDirectories(root.resolve("models"));
        gitignore.ensureIgnored(models);
        assertThat(Files.readString(root.resolve(".gitignore"))).isEqualTo("/models\n");
        // a line already present is not re-added even when git would not be asked
        Files.writeString(root.resolve(".gitignore"), "/models\n/other\n");
        assertThat(new GitIgnoreFile(new NoScmButGit(root)).ensureIgnored(models)).isEmpty();
        assertThat(Files.readString(root.resolve(".gitignore"))).isEqualTo("/models\n/other\n");
    }

    @Test
    void skipsWhenGitAlreadyIgnoresIt() throws Exception {
        Files.writeString(root.resolve(".gitignore"), "*.csv\n");
        Path dir = Files.createDirectories(root.resolve("sub"));
        assertThat(gitignore.ensureIgnored(dir.resolve("a.csv"))).isEmpty();
        assertThat(dir.resolve(".gitignore")).doesNotExist();
    }

    @Test
    void keepsPermissionsOfExistingGitignore() throws Exception {
        Path file = root.resolve(".gitignore");
        Files.writeString(file, "x\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        gitignore.ensureIgnored(root.resolve("data"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-rw-r--");
    }

    @Test
    void removeDropsTrimmedEqualLinesAndDeletesEmptyFile() throws Exception {
        Path file = root.resolve(".gitignore");
        Files.writeString(file, "/data\n  /data  \n/other\n/data");
        assertThat(gitignore.remove(root.resolve("data"))).contains(file);
        assertThat(Files.readString(file)).isEqualTo("/other\n");
        gitignore.remove(root.resolve("other"));
        assertThat(file).doesNotExist();
        assertThat(gitignore.remove(root.resolve("other"))).isEmpty();
    }

    @Test
    void removeLeavesEscapedEntriesLikeDvc() throws Exception {
        Path output = root.resolve("a[1]");
        gitignore.ensureIgnored(output);
        gitignore.remove(output);
        assertThat(Files.readString(root.resolve(".gitignore"))).isEqualTo("/a\\[1\\]\n");
    }

    @Test
    void outsideTheRepositoryIsAnError() {
        assertThatThrownBy(() -> gitignore.ensureIgnored(tmp.getParent().resolve("elsewhere")))
                .isInstanceOf(JdvcException.class).hasMessageContaining("outside of the git repository");
    }

    @Test
    void noScmWritesNothing() throws Exception {
        GitIgnoreFile none = new GitIgnoreFile(new NoScm(root));
        Path dvcDir = Files.createDirectories(root.resolve(".dvc"));
        assertThat(none.ensureDvcDirIgnores(dvcDir, true)).isEmpty();
        assertThat(none.ensureIgnored(root.resolve("data"))).isEmpty();
        assertThat(dvcDir.resolve(".gitignore")).doesNotExist();
        assertThat(root.resolve(".gitignore")).doesNotExist();
    }

    /** A git-like Scm that ignores nothing, to reach the duplicate-line check. */
    private record NoScmButGit(Path root) implements Scm {
        @Override
        public boolean isTracked(Path path) {
            return false;
        }

        @Override
        public boolean isIgnored(Path path) {
            return false;
        }

        @Override
        public void add(java.util.Collection<Path> paths) {
        }
    }
}
