package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdvc.testing.DvcFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcript 09 (dvc diff) replayed with jdvc on a real git repository, and fixture 03 made by real DVC. */
class DiffTranscriptTest {
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
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
        write("data.txt", "data v1\n");
        write("old.txt", "old\n");
        write("dir/a.txt", "a\n");
        write("dir/b.txt", "b\n");
        write("dir/c.txt", "c\n");
        ok("add", "-q", "data.txt", "old.txt", "dir");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v1");
        Git.run(repo, "tag", "v1");
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

    private void makeV2() throws IOException {
        write("data.txt", "data v2\n");
        ok("add", "-q", "data.txt");
        ok("remove", "-q", "--outs", "old.txt.dvc");
        write("new.txt", "new\n");
        ok("add", "-q", "new.txt");
        Files.delete(repo.resolve("dir/b.txt"));
        write("dir/c.txt", "c v2\n");
        write("dir/d.txt", "d\n");
        ok("add", "-q", "dir");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v2");
        Git.run(repo, "tag", "v2");
    }

    private static final String V1_V2 = """
            Added:
                dir/d.txt
                new.txt

            Deleted:
                dir/b.txt
                old.txt

            Modified:
                data.txt
                dir/
                dir/c.txt

            files summary: 2 added, 2 deleted, 2 modified
            """;

    @Test
    void noChangesPrintsNothing() {
        CliRunner.Result r = ok("diff");
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void betweenRevisionsAsDvcPrintsIt() throws IOException {
        makeV2();
        assertThat(ok("diff", "HEAD~1").out()).isEqualTo(V1_V2); // 9.2
        assertThat(ok("diff", "v1", "v2").out()).isEqualTo(V1_V2); // 9.3
        assertThat(ok("diff", "--json", "v1", "v2").out()).isEqualTo( // 9.4
                "{\"added\": [{\"path\": \"dir/d.txt\"}, {\"path\": \"new.txt\"}], \"deleted\": [{\"path\": "
                        + "\"dir/b.txt\"}, {\"path\": \"old.txt\"}], \"modified\": [{\"path\": \"data.txt\"}, "
                        + "{\"path\": \"dir/\"}, {\"path\": \"dir/c.txt\"}], \"renamed\": []}\n");
        assertThat(ok("diff", "--md", "v1", "v2").out()).isEqualTo(""" 
                | Status   | Path      |
                |----------|-----------|
                | added    | dir/d.txt |
                | added    | new.txt   |
                | deleted  | dir/b.txt |
                | deleted  | old.txt   |
                | modified | data.txt  |
                | modified | dir/      |
                | modified | dir/c.txt |

                """); // 9.5
        String showHash = ok("diff", "--show-hash", "v1", "v2").out(); // 9.6
        assertThat(showHash).contains("    " + RepoTree.md5("d\n").substring(0, 8) + "  dir/d.txt\n")
                .contains("    " + RepoTree.md5("old\n").substring(0, 8) + "  old.txt\n")
                .contains("    " + RepoTree.md5("data v1\n").substring(0, 8) + ".."
                        + RepoTree.md5("data v2\n").substring(0, 8) + "  data.txt\n")
                .endsWith("files summary: 2 added, 2 deleted, 2 modified\n");
        assertThat(ok("diff", "--targets", "dir", "--", "v1", "v2").out()).isEqualTo(""" 
                Added:
                    dir/d.txt

                Deleted:
                    dir/b.txt

                Modified:
                    dir/
                    dir/c.txt

                files summary: 1 added, 1 deleted, 1 modified
                """); // 9.7
        assertThat(ok("diff", "--json", "--targets", "dir", "--", "v1", "v2").out()).isEqualTo(
                "{\"added\": [{\"path\": \"dir/d.txt\"}], \"deleted\": [{\"path\": \"dir/b.txt\"}], \"modified\": "
                        + "[{\"path\": \"dir/\"}, {\"path\": \"dir/c.txt\"}], \"renamed\": []}\n"); // 9.8
        assertThat(ok("diff", "v2", "v1").out()).isEqualTo(""" 
                Added:
                    dir/b.txt
                    old.txt

                Deleted:
                    dir/d.txt
                    new.txt

                Modified:
                    data.txt
                    dir/
                    dir/c.txt

                files summary: 2 added, 2 deleted, 2 modified
                """); // 9.9

        write("data.txt", "data workspace\n");
        Files.delete(repo.resolve("new.txt"));
        String ws = """
                Deleted:
                    new.txt

                Modified:
                    data.txt

                files summary: 1 deleted, 1 modified
                """;
        assertThat(ok("diff").out()).isEqualTo(ws); // 9.10
        assertThat(ok("diff", "--json").out()).isEqualTo("{\"added\": [], \"deleted\": [{\"path\": \"new.txt\"}], "
                + "\"modified\": [{\"path\": \"data.txt\"}], \"renamed\": [], \"not in cache\": []}\n"); // 9.11
        assertThat(ok("diff", "--hide-missing").out()).isEqualTo(ws); // 9.12
    }

    @Test
    void unknownRevisionIsAnError() {
        CliRunner.Result r = cli.run(repo, "diff", "nosuchrev");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ERROR: failed to get diff - unknown Git revision 'nosuchrev'\n");
    }

    @Test
    void renamesPairSameContent() throws IOException {
        ok("move", "data.txt", "moved.txt");
        CliRunner.Result r = ok("diff", "--json");
        assertThat(r.out()).contains("\"renamed\": [{\"path\": {\"old\": \"data.txt\", \"new\": \"moved.txt\"}}]");
        assertThat(ok("diff").out()).contains("Renamed:\n    data.txt -> moved.txt\n")
                .endsWith("files summary: 1 renamed\n");
    }

    @Test
    void fixture03DiffV1V2AsDvc() throws IOException {
        Path f = DvcFixtures.unpack(DvcFixtures.TWO_VERSIONS, tmp).resolve("repo");
        CliRunner.Result r = cli.run(f, "diff", "v1", "v2");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Modified:\n    data.csv\n\nfiles summary: 1 modified\n");
        CliRunner.Result h = cli.run(f, "diff", "--show-hash", "--json", "v1", "v2");
        assertThat(h.out()).isEqualTo("{\"added\": [], \"deleted\": [], \"modified\": [{\"path\": \"data.csv\", "
                + "\"hash\": {\"old\": \"ef5b0ff5762bac4466f906872710eb34\", \"new\": "
                + "\"bbd304055be67c211495c95f4e697eb2\"}}], \"renamed\": []}\n");
        assertThat(cli.run(f, "diff", "v2").out()).isEmpty();
    }
}
