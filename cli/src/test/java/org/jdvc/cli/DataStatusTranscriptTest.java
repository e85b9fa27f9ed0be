package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcript section 04 ({@code dvc data status}) replayed with jdvc. */
class DataStatusTranscriptTest {
    @TempDir
    Path tmp;
    Path repo;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        ok("init", "-q");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
        write("tracked.txt", "tracked v1\n");
        write("other.txt", "other\n");
        write("stable.txt", "stable\n");
        write("dir/f1.txt", "f1\n");
        write("dir/f2.txt", "f2\n");
        ok("add", "-q", "tracked.txt", "other.txt", "stable.txt", "dir");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Track data");
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        Files.writeString(p, content);
    }

    private void changeEverything() throws IOException {
        write("tracked.txt", "tracked v2\n");
        ok("add", "-q", "tracked.txt");
        write("added.txt", "brand new\n");
        ok("add", "-q", "added.txt");
        write("dir/f1.txt", "f1 changed\n");
        write("dir/f3.txt", "f3\n");
        Files.delete(repo.resolve("dir/f2.txt"));
        Files.delete(repo.resolve("other.txt"));
        write("untracked.txt", "plain\n");
    }

    @Test
    void noChanges() {
        assertThat(ok("data", "status").out()).isEqualTo("No changes.\n");
        assertThat(ok("data", "status", "--json").out()).isEqualTo("{}\n");
    }

    @Test
    void committedUncommittedGranularUnchangedAndJson() throws IOException {
        changeEverything();
        String committed = """
                DVC committed changes:
                  (git commit the corresponding dvc files to update the repo)
                        modified: tracked.txt
                        added: added.txt
                """;
        String uncommittedHead = """
                DVC uncommitted changes:
                  (use "dvc commit <file>..." to track changes)
                  (use "dvc checkout <file>..." to discard changes)
                """;
        String tail = "(there are other changes not tracked by dvc, use \"git status\" to see)\n";
        assertThat(ok("data", "status").out()).isEqualTo(committed + uncommittedHead
                + "        modified: dir/\n        deleted: other.txt\n" + tail);
        assertThat(ok("data", "status", "--granular").out()).isEqualTo(committed + uncommittedHead
                + "        modified: dir/\n        modified: dir/f1.txt\n        added: dir/f3.txt\n"
                + "        deleted: dir/f2.txt\n        deleted: other.txt\n" + tail);
        assertThat(ok("data", "status", "--unchanged").out()).isEqualTo(committed + uncommittedHead
                + "        modified: dir/\n        deleted: other.txt\n"
                + "DVC unchanged files:\n        stable.txt\n" + tail);
        assertThat(ok("data", "status", "--untracked-files").out()).contains("""
                Untracked files:
                  (use "git add <file> ..." or "dvc add <file>..." to commit to git or to dvc)
                """).contains("        untracked.txt\n").contains("        added.txt.dvc\n");
        assertThat(ok("data", "status", "--json").out()).isEqualTo("{\"committed\": {\"modified\": "
                + "[\"tracked.txt\"], \"added\": [\"added.txt\"]}, \"uncommitted\": {\"modified\": [\"dir/\"], "
                + "\"deleted\": [\"other.txt\"]}}\n");
        assertThat(ok("data", "status", "--granular", "--json").out()).isEqualTo("{\"committed\": {\"modified\": "
                + "[\"tracked.txt\"], \"added\": [\"added.txt\"]}, \"uncommitted\": {\"modified\": [\"dir/\", "
                + "\"dir/f1.txt\"], \"added\": [\"dir/f3.txt\"], \"deleted\": [\"dir/f2.txt\", \"other.txt\"]}}\n");
    }

    @Test
    void emptyCacheListsNotInCacheFirst() throws IOException {
        changeEverything();
        try (Stream<Path> objects = Files.walk(repo.resolve(".dvc/cache/files/md5"))) {
            for (Path p : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        String out = ok("data", "status").out();
        assertThat(out).startsWith("Not in cache:\n  (use \"dvc fetch <file>...\" to download files)\n");
        assertThat(out.lines().limit(7).skip(2).map(String::strip).sorted().toList())
                .containsExactly("added.txt", "dir/", "other.txt", "stable.txt", "tracked.txt");
    }
}
