package org.jdvc.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jdvc.scm.GitTestRepo.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jdvc.JdvcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCliTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheWorkingTreeFromASubdirectory() throws Exception {
        Path root = GitTestRepo.init(tmp);
        Path sub = Files.createDirectories(root.resolve("a/b"));
        assertThat(GitCli.find(sub)).map(GitCli::root).contains(root);
    }

    @Test
    void findReturnsEmptyOutsideGit() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        // NOTE: GIT_CEILING_DIRECTORIES cannot be set from here; the temp dir is assumed not inside a work tree.
        assertThat(GitCli.find(plain)).isEmpty();
    }

    @Test
    void trackedMeansInTheIndex() throws Exception {
        Path root = GitTestRepo.init(tmp);
        Files.writeString(root.resolve("data[1].dvc"), "x");
        Files.writeString(root.resolve("data1.dvc"), "x");
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/f"), "x");
        GitCli scm = new GitCli(root);
        assertThat(scm.isTracked(root.resolve("data[1].dvc"))).isFalse();
        git(root, "add", "dir/f", "data1.dvc");
        assertThat(scm.isTracked(root.resolve("dir/f"))).isTrue();
        assertThat(scm.isTracked(root.resolve("dir"))).isTrue();
        // literal pathspecs: "data[1].dvc" must not match the tracked data1.dvc as a glob
        assertThat(scm.isTracked(root.resolve("data[1].dvc"))).isFalse();
        assertThat(scm.isTracked(tmp.getParent())).isFalse();
    }

    @Test
    void ignoredByAnyRuleEvenWhenTracked() throws Exception {
        Path root = GitTestRepo.init(tmp);
        Files.writeString(root.resolve(".gitignore"), "*.csv\nmodels/\n");
        Files.createDirectories(root.resolve("models"));
        Files.writeString(root.resolve("a.csv"), "x");
        GitCli scm = new GitCli(root);
        assertThat(scm.isIgnored(root.resolve("a.csv"))).isTrue();
        assertThat(scm.isIgnored(root.resolve("not-yet-there.csv"))).isTrue();
        assertThat(scm.isIgnored(root.resolve("models"))).isTrue();
        assertThat(scm.isIgnored(root.resolve("a.txt"))).isFalse();
        git(root, "add", "-f", "a.csv");
        assertThat(scm.isIgnored(root.resolve("a.csv"))).isTrue();
    }

    @Test
    void addStagesFilesSoACommitContainsThem() throws Exception {
        Path root = GitTestRepo.init(tmp);
        Files.writeString(root.resolve("data.csv.dvc"), "outs: []\n");
        Files.writeString(root.resolve(".gitignore"), "/data.csv\n");
        GitCli scm = new GitCli(root);
        scm.add(List.of(root.resolve("data.csv.dvc"), root.resolve(".gitignore")));
        scm.add(List.of());
        git(root, "commit", "-q", "-m", "track data");
        assertThat(git(root, "ls-tree", "--name-only", "HEAD").lines()).containsExactly(".gitignore", "data.csv.dvc");
    }

    @Test
    void pathsThroughASymlinkToTheWorkingTreeCountAsInside() throws Exception {
        Path root = GitTestRepo.init(Files.createDirectories(tmp.resolve("real")));
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), root);
        Files.writeString(root.resolve("f"), "x");
        git(root, "add", "f");
        GitCli scm = GitCli.find(alias).orElseThrow();
        assertThat(scm.root()).isEqualTo(root);
        assertThat(scm.isTracked(alias.resolve("f"))).isTrue();
        assertThat(scm.isTracked(alias.resolve("new/file"))).isFalse();
    }

    @Test
    void gitFailuresAreReportedWithGitsMessage() throws Exception {
        Path root = GitTestRepo.init(tmp);
        GitCli scm = new GitCli(root);
        assertThatThrownBy(() -> scm.add(List.of(root.resolve("missing.dvc"))))
                .isInstanceOf(JdvcException.class)
                .hasMessageContaining("git add")
                .hasMessageContaining("missing.dvc");
        assertThatThrownBy(() -> new GitCli(root, "/nonexistent/git").isTracked(root.resolve("x")))
                .isInstanceOf(JdvcException.class).hasMessageStartingWith("Cannot run git");
    }

    @Test
    void noScmDoesNothing() {
        NoScm scm = new NoScm(tmp);
        assertThat(scm.isTracked(tmp.resolve("x"))).isFalse();
        assertThat(scm.isIgnored(tmp.resolve("x"))).isFalse();
        scm.add(List.of(tmp.resolve("x")));
        assertThat(scm.root()).isEqualTo(tmp.toAbsolutePath());
    }
}
