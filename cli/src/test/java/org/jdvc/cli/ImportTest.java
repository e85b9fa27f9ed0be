package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jdvc.hash.StageChecksum;
import org.jdvc.model.DvcFile;
import org.jdvc.repo.WorkspaceCheckout;
import org.jdvc.testing.DvcFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import / update / get / pull of imports, against DVC-made fixtures 03 and 05 and jdvc-made sources. */
class ImportTest {
    private static final String DVC_WORK = "/srv/jdvc-fixtures/work/";

    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path source;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRunner(tmp);
        source = DvcFixtures.unpack(DvcFixtures.TWO_VERSIONS, tmp).resolve("repo");
        target = Files.createDirectories(tmp.resolve("target"));
        Git.run(target, "init", "-q");
        ok(target, "init", "-q");
        Git.run(target, "add", "-A");
        Git.run(target, "commit", "-q", "-m", "init");
    }

    private CliRunner.Result ok(Path cwd, String... args) {
        CliRunner.Result r = cli.run(cwd, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    /** Fixture 05's import files, with the absolute paths DVC recorded moved to this test's folder. */
    private Path fixture05() throws IOException {
        Path repo = DvcFixtures.unpack(DvcFixtures.IMPORTS, tmp).resolve("repo");
        for (String f : new String[] {"data.csv.dvc", "data-v1.csv.dvc", "external-abs.csv.dvc"}) {
            Path p = repo.resolve(f);
            Files.writeString(p, Files.readString(p).replace(DVC_WORK, tmp + "/"));
        }
        return repo;
    }

    @Test
    void stageChecksumMatchesDvcOnItsOwnImportFiles() throws IOException {
        Path repo = DvcFixtures.unpack(DvcFixtures.IMPORTS, tmp).resolve("repo");
        for (String f : new String[] {"data.csv.dvc", "data-v1.csv.dvc", "external.csv.dvc"}) {
            DvcFile d = DvcFile.parse(Files.readString(repo.resolve(f)), f);
            assertThat(StageChecksum.compute(d.toDict())).as(f).isEqualTo(d.md5());
        }
    }

    @Test
    void importFromDvcFixtureWritesDvcsShape() throws IOException {
        CliRunner.Result r = ok(target, "import", source.toString(), "data.csv", "--rev", "v1", "-o", "data-v1.csv");
        assertThat(r.out()).startsWith("Importing 'data.csv (" + source + ")' -> 'data-v1.csv'\n\nTo track the changes "
                + "with git, run:\n\n\tgit add .gitignore data-v1.csv.dvc\n");
        String dvcMade = Files.readString(DvcFixtures.unpack(DvcFixtures.IMPORTS, tmp).resolve("repo/data-v1.csv.dvc"))
                .replace(DVC_WORK + "03-two-versions/repo", source.toString());
        String ours = Files.readString(target.resolve("data-v1.csv.dvc"));
        assertThat(ours.replaceFirst("^md5: [0-9a-f]{32}", "md5: X"))
                .isEqualTo(dvcMade.replaceFirst("^md5: [0-9a-f]{32}", "md5: X"));
        DvcFile parsed = DvcFile.parse(ours, "x");
        assertThat(StageChecksum.compute(parsed.toDict())).isEqualTo(parsed.md5());
        assertThat(Files.readString(target.resolve("data-v1.csv"))).isEqualTo("id,value\n1,10\n2,20\n");
        assertThat(Files.readString(target.resolve(".gitignore"))).contains("/data-v1.csv");
    }

    @Test
    void importFromJdvcMadeSourceWithADirectory() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Git.run(src, "init", "-q");
        ok(src, "init", "-q");
        Files.createDirectories(src.resolve("dir"));
        Files.writeString(src.resolve("dir/x.txt"), "x\n");
        Files.writeString(src.resolve("dir/y.txt"), "y\n");
        ok(src, "add", "-q", "dir");
        Git.run(src, "add", "-A");
        Git.run(src, "commit", "-q", "-m", "v1");
        ok(target, "import", "../src", "dir", "-o", "dir-v1");
        String text = Files.readString(target.resolve("dir-v1.dvc"));
        String lock = Git.run(src, "rev-parse", "HEAD").strip();
        String dirOid = RepoTree.md5(RepoTree.manifest(java.util.List.of(
                new RepoTree.FileSpec("x.txt", "x\n".getBytes()), new RepoTree.FileSpec("y.txt", "y\n".getBytes()))));
        assertThat(text).matches("(?s)md5: [0-9a-f]{32}\nfrozen: true\ndeps:\n- path: dir\n  repo:\n    url: \\.\\./src\n"
                + "    rev_lock: " + lock + "\nouts:\n- md5: " + dirOid + "\\.dir\n  size: 4\n  nfiles: 2\n  hash: md5\n"
                + "  path: dir-v1\n");
        assertThat(RepoTree.contents(target.resolve("dir-v1"))).hasSize(2);
        // git-tracked file through get; a DVC directory through get -o
        Files.writeString(src.resolve("README.md"), "# src\n");
        Git.run(src, "add", "README.md");
        Git.run(src, "commit", "-q", "-m", "readme");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        ok(elsewhere, "get", "../src", "README.md");
        ok(elsewhere, "get", "../src", "dir", "-o", "got");
        assertThat(Files.readString(elsewhere.resolve("README.md"))).isEqualTo("# src\n");
        assertThat(Files.readString(elsewhere.resolve("got/y.txt"))).isEqualTo("y\n");
        CliRunner.Result again = cli.run(elsewhere, "get", "../src", "README.md");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("ERROR: failed to get 'README.md' from '../src' - The file 'README.md' "
                + "already exists locally. \nTo override it, re-run with '--force'.\n");
    }

    @Test
    void getReadsEachRevisionFromTheFixture() throws IOException {
        ok(target, "get", source.toString(), "data.csv", "-o", "v1.csv", "--rev", "v1");
        ok(target, "get", source.toString(), "data.csv");
        assertThat(Files.readString(target.resolve("v1.csv"))).isEqualTo("id,value\n1,10\n2,20\n");
        assertThat(Files.readString(target.resolve("data.csv"))).isEqualTo("id,value\n1,10\n2,20\n3,30\n");
    }

    @Test
    void updateAndPullOnDvcMadeImports() throws IOException {
        Path repo = fixture05();
        CliRunner.Result same = ok(repo, "update", "data.csv.dvc", "external.csv.dvc");
        assertThat(same.out()).isEqualTo("'data.csv.dvc' didn't change, skipping\n'external.csv.dvc' didn't change, "
                + "skipping\n");

        // pull with an empty cache and workspace: imports come from fixture 03, external.csv from the remote
        for (String f : new String[] {"data.csv", "data-v1.csv", "external.csv", "external-abs.csv", ".dvc/cache"}) {
            WorkspaceCheckout.deleteAny(repo.resolve(f));
        }
        CliRunner.Result pull = ok(repo, "pull");
        assertThat(Files.readString(repo.resolve("data.csv"))).isEqualTo("id,value\n1,10\n2,20\n3,30\n");
        assertThat(Files.readString(repo.resolve("data-v1.csv"))).isEqualTo("id,value\n1,10\n2,20\n");
        assertThat(Files.readString(repo.resolve("external.csv"))).isEqualTo("k,v\nx,1\ny,2\n");
        assertThat(pull.err()).isEmpty();

        // a new commit in the source: update moves rev_lock and the data
        Files.writeString(source.resolve("data.csv"), "id,value\n4,40\n");
        ok(source, "add", "-q", "data.csv");
        Git.run(source, "commit", "-q", "-am", "v3");
        String v3 = Git.run(source, "rev-parse", "HEAD").strip();
        String before = Files.readString(repo.resolve("data.csv.dvc"));
        CliRunner.Result upd = ok(repo, "update", "data.csv.dvc");
        assertThat(upd.out()).isEqualTo("Importing 'data.csv (" + tmp + "/03-two-versions/repo)' -> 'data.csv'\n");
        String after = Files.readString(repo.resolve("data.csv.dvc"));
        assertThat(after).contains("rev_lock: " + v3).contains("md5: " + RepoTree.md5("id,value\n4,40\n"))
                .contains("size: 14");
        assertThat(after.lines().count()).isEqualTo(before.lines().count());
        assertThat(Files.readString(repo.resolve("data.csv"))).isEqualTo("id,value\n4,40\n");
        DvcFile parsed = DvcFile.parse(after, "x");
        assertThat(StageChecksum.compute(parsed.toDict())).isEqualTo(parsed.md5());

        // --rev v1 records rev
        ok(repo, "update", "--rev", "v1", "data.csv.dvc");
        assertThat(Files.readString(repo.resolve("data.csv.dvc"))).contains("    rev: v1\n");
        assertThat(Files.readString(repo.resolve("data.csv"))).isEqualTo("id,value\n1,10\n2,20\n");
    }

    @Test
    void badInputWritesNothing() throws IOException {
        Map<String, String> before = RepoTree.snapshot(target);
        CliRunner.Result notTracked = cli.run(target, "import", source.toString(), "nosuch.csv");
        assertThat(notTracked.exit()).isEqualTo(1);
        assertThat(notTracked.err()).startsWith("ERROR: failed to import 'nosuch.csv' from '").doesNotContain("\n\n")
                .contains("is not tracked by DVC");
        CliRunner.Result badRev = cli.run(target, "import", source.toString(), "data.csv", "--rev", "nosuch");
        assertThat(badRev.exit()).isEqualTo(1);
        assertThat(badRev.err()).endsWith("unknown Git revision 'nosuch'\n");
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        CliRunner.Result notRepo = cli.run(target, "import", plain.toString(), "data.csv");
        assertThat(notRepo.exit()).isEqualTo(1);
        assertThat(notRepo.err()).isEqualTo("ERROR: failed to import 'data.csv' from '" + plain + "' - '" + plain
                + "' is not a git repository\n");
        // a source whose cache is gone and whose remote is unreachable
        WorkspaceCheckout.deleteAny(source.resolve(".dvc/cache"));
        WorkspaceCheckout.deleteAny(source.resolve("../remote"));
        CliRunner.Result noRemote = cli.run(target, "import", source.toString(), "data.csv");
        assertThat(noRemote.exit()).as(noRemote.toString()).isEqualTo(1);
        assertThat(noRemote.err().lines().count()).isEqualTo(1);
        assertThat(RepoTree.snapshot(target)).isEqualTo(before);
        assertThat(target.resolve(".dvc/cache/files")).doesNotExist();
    }
}
