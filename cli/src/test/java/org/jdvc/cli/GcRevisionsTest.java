package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gc -a/-T/-A/--rev}: keeps every object the selected commits use (files and directory entries). */
class GcRevisionsTest {
    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path repo;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRunner(tmp);
        repo = Files.createDirectories(tmp.resolve("repo"));
        Git.run(repo, "init", "-q");
        ok("init", "-q");
        commit("init");
        write("data.txt", "version 1\n");
        write("dir/a.txt", "a1\n");
        ok("add", "-q", "data.txt", "dir");
        commit("v1");
        Git.run(repo, "tag", "v1");
        write("data.txt", "version 2\n");
        write("dir/a.txt", "a2\n");
        ok("add", "-q", "data.txt", "dir");
        commit("v2");
        Git.run(repo, "checkout", "-q", "-b", "side");
        write("data.txt", "side\n");
        ok("add", "-q", "data.txt");
        commit("side");
        Git.run(repo, "checkout", "-q", "main");
        ok("checkout", "-q");
        write("data.txt", "version 3\n");
        ok("add", "-q", "data.txt");
        commit("v3");
        write("data.txt", "never committed\n");
        ok("add", "-q", "data.txt");
        write("data.txt", "version 3\n");
        ok("add", "-q", "data.txt");
    }

    private void commit(String msg) {
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", msg);
    }

    private void write(String rel, String text) throws IOException {
        Path p = repo.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        Files.writeString(p, text);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private Set<String> cache() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(repo.resolve(".dvc/cache/files/md5"))) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(p.getParent().getFileName() + p.getFileName().toString()));
        }
        return out;
    }

    private static String dirOid(String... relpathAndContent) {
        java.util.List<RepoTree.FileSpec> files = new java.util.ArrayList<>();
        for (int i = 0; i < relpathAndContent.length; i += 2) {
            files.add(new RepoTree.FileSpec(relpathAndContent[i], relpathAndContent[i + 1].getBytes()));
        }
        return RepoTree.md5(RepoTree.manifest(files)) + ".dir";
    }

    @Test
    void allCommitsKeepsEveryCommittedObjectAndRemovesTheRest() throws IOException {
        Set<String> everything = Set.of(RepoTree.md5("version 1\n"), RepoTree.md5("version 2\n"),
                RepoTree.md5("version 3\n"), RepoTree.md5("side\n"), RepoTree.md5("a1\n"), RepoTree.md5("a2\n"),
                dirOid("a.txt", "a1\n"), dirOid("a.txt", "a2\n"));
        String junk = RepoTree.md5("never committed\n");
        assertThat(cache()).containsAll(everything).contains(junk);

        CliRunner.Result dry = ok("gc", "-A", "--dry");
        assertThat(dry.out()).startsWith("Removed 1 objects from repo cache.\n");
        assertThat(dry.err()).isEqualTo("WARNING: This will remove all cache except items used in the workspace and "
                + "all git commits of the current repo.\n");
        assertThat(cache()).contains(junk);

        CliRunner.Result r = ok("gc", "-A", "-f");
        assertThat(r.out()).isEqualTo("Removed 1 objects from repo cache.\nNo unused 'local' cache to remove.\n"
                + "No unused 'legacy' cache to remove.\n");
        assertThat(cache()).isEqualTo(everything);
        assertThat(ok("gc", "-A", "-f").out()).startsWith("No unused 'repo' cache to remove.\n");
    }

    @Test
    void tagsBranchesAndRevKeepOnlyTheirCommits() throws IOException {
        ok("gc", "-T", "-f");
        assertThat(cache()).containsExactlyInAnyOrder(RepoTree.md5("version 1\n"), RepoTree.md5("a1\n"),
                dirOid("a.txt", "a1\n"), RepoTree.md5("version 3\n"), RepoTree.md5("a2\n"), dirOid("a.txt", "a2\n"));
        ok("gc", "--rev", "HEAD", "-f");
        assertThat(cache()).containsExactlyInAnyOrder(RepoTree.md5("version 3\n"), RepoTree.md5("a2\n"),
                dirOid("a.txt", "a2\n"));
    }

    @Test
    void branchesKeepTheirTips() throws IOException {
        ok("gc", "-a", "-f");
        assertThat(cache()).contains(RepoTree.md5("side\n"), RepoTree.md5("version 3\n"))
                .doesNotContain(RepoTree.md5("version 1\n"), RepoTree.md5("version 2\n"));
    }

    @Test
    void revWithNumKeepsThatManyCommits() throws IOException {
        ok("gc", "--rev", "main", "-n", "2", "-f");
        assertThat(cache()).contains(RepoTree.md5("version 3\n"), RepoTree.md5("version 2\n"))
                .doesNotContain(RepoTree.md5("version 1\n"), RepoTree.md5("side\n"));
    }

    @Test
    void unknownRevDeletesNothing() throws IOException {
        Set<String> before = cache();
        CliRunner.Result r = cli.run(repo, "gc", "--rev", "nosuch", "-f");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).endsWith("ERROR: failed to collect garbage - unknown Git revision 'nosuch'\n");
        assertThat(cache()).isEqualTo(before);
    }
}
