package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jdvc.hash.FileHasher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transcript section 11 (import-url and update of local files: 11.11–11.15, 11.17, 11.19) with DVC's exact messages
 * and files, golden file F4, and the other modes (directories, --no-exec, --no-download, -f, unfrozen status).
 */
class ImportUrlTranscriptTest {
    private static final String HINT = "\nTo track the changes with git, run:\n\n\tgit add .gitignore raw.csv.dvc\n\n"
            + "To enable auto staging, run:\n\n\tdvc config core.autostage true\n";
    private static final String FROZEN_WARNING = "WARNING: stage: 'raw.csv.dvc' is frozen. Its dependencies are not "
            + "going to be shown in the status output.\n";

    @TempDir
    Path tmp;
    CliRunner cli;
    Path target;
    Path raw;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRunner(tmp);
        raw = Files.createDirectories(tmp.resolve("ext")).resolve("raw.csv");
        Files.writeString(raw, "id,value\n1,10\n");
        target = Files.createDirectories(tmp.resolve("target"));
        Git.run(target, "init", "-q");
        ok(target, "init", "-q");
        Git.run(target, "add", "-A");
        Git.run(target, "commit", "-q", "-m", "Initialize DVC");
    }

    private CliRunner.Result ok(Path dir, String... args) {
        CliRunner.Result r = cli.run(dir, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void importUrlStatusAndUpdateOfALocalFileAsInTheTranscript() throws IOException {
        // 11.11
        CliRunner.Result imported = ok(target, "import-url", "../ext/raw.csv");
        assertThat(imported.out()).isEqualTo("Importing '" + raw + "' -> 'raw.csv'\n" + HINT);
        assertThat(imported.err()).isEmpty();
        assertThat(Files.readString(target.resolve("raw.csv.dvc"))).isEqualTo("""
                md5: 5a923b74e65520d6057fdf6360cd2f75
                frozen: true
                deps:
                - md5: 4050c6f4d32bb47cc9026b827a077bd7
                  size: 14
                  hash: md5
                  path: ../ext/raw.csv
                outs:
                - md5: 4050c6f4d32bb47cc9026b827a077bd7
                  size: 14
                  hash: md5
                  path: raw.csv
                """);
        assertThat(Files.readString(target.resolve("raw.csv"))).isEqualTo("id,value\n1,10\n");
        assertThat(Files.readString(target.resolve(".gitignore"))).isEqualTo("/raw.csv\n");
        assertThat(target.resolve(".dvc/cache/files/md5/40/50c6f4d32bb47cc9026b827a077bd7")).exists();

        // 11.12
        CliRunner.Result again = cli.run(target, "import-url", "../ext/raw.csv");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("ERROR: failed to import ../ext/raw.csv. You could also try downloading it "
                + "manually, and adding it with `dvc add`. - The file 'raw.csv' already exists locally. \nTo override "
                + "it, re-run with '--force'.\n");
        Git.run(target, "add", "-A");
        Git.run(target, "commit", "-q", "-m", "Imports");

        // 11.13
        CliRunner.Result status = ok(target, "status");
        assertThat(status.out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(status.err()).isEqualTo(FROZEN_WARNING);

        // 11.14
        CliRunner.Result unchanged = ok(target, "update", "raw.csv.dvc");
        assertThat(unchanged.out()).isEqualTo("'raw.csv.dvc' didn't change, skipping\n");
        assertThat(unchanged.err()).isEmpty();

        Files.writeString(raw, "2,20\n", StandardOpenOption.APPEND);
        // 11.15: a frozen import-url stage does not show its changed dependency
        CliRunner.Result changedStatus = ok(target, "status");
        assertThat(changedStatus.out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(changedStatus.err()).isEqualTo(FROZEN_WARNING);

        // 11.17
        CliRunner.Result updated = ok(target, "update", "raw.csv.dvc");
        assertThat(updated.out()).isEqualTo("Importing '" + raw + "' -> 'raw.csv'\n");
        assertThat(updated.err()).isEmpty();
        assertThat(Files.readString(target.resolve("raw.csv.dvc"))).isEqualTo("""
                md5: 58e3f583f664b5c822aa0100f923ea21
                frozen: true
                deps:
                - md5: ef5b0ff5762bac4466f906872710eb34
                  size: 19
                  hash: md5
                  path: ../ext/raw.csv
                outs:
                - md5: ef5b0ff5762bac4466f906872710eb34
                  size: 19
                  hash: md5
                  path: raw.csv
                """);
        assertThat(Files.readString(target.resolve("raw.csv"))).isEqualTo("id,value\n1,10\n2,20\n");
        assertThat(ok(target, "status").out()).isEqualTo("Data and pipelines are up to date.\n");

        // 11.19
        Files.copy(target.resolve("raw.csv"), target.resolve("plain.csv"));
        ok(target, "add", "-q", "plain.csv");
        CliRunner.Result notImport = ok(target, "update", "plain.csv.dvc");
        assertThat(notImport.out()).isEmpty();
        assertThat(notImport.err()).isEqualTo("WARNING: Could not update 'plain.csv', it was never pushed to a "
                + "remote\n");
    }

    @Test
    void unfrozenImportShowsItsChangedDependency() throws IOException {
        ok(target, "import-url", "-q", "../ext/raw.csv");
        ok(target, "unfreeze", "raw.csv.dvc");
        assertThat(Files.readString(target.resolve("raw.csv.dvc"))).doesNotContain("frozen");
        CliRunner.Result clean = ok(target, "status");
        assertThat(clean.out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(clean.err()).isEmpty();
        Files.writeString(raw, "2,20\n", StandardOpenOption.APPEND);
        assertThat(ok(target, "status").out()).isEqualTo("raw.csv.dvc:\n\tchanged deps:\n\t\tmodified:           "
                + "../ext/raw.csv\n");
        Files.delete(raw);
        assertThat(ok(target, "status").out()).isEqualTo("raw.csv.dvc:\n\tchanged deps:\n\t\tdeleted:            "
                + "../ext/raw.csv\n");
        CliRunner.Result update = cli.run(target, "update", "raw.csv.dvc");
        assertThat(update.exit()).isEqualTo(1);
        assertThat(update.err()).startsWith("ERROR: update failed - dependency '").endsWith("' does not exist\n");
    }

    @Test
    void freshInRepoImportIsByteIdenticalToGoldenF4() throws IOException {
        Files.writeString(target.resolve("foo"), "foo");
        ok(target, "import-url", "-q", "foo", "bar");
        assertThat(Files.readString(target.resolve("bar.dvc"))).isEqualTo("md5: 8fc199641730e3f512deac0bd9a0e0b6\n"
                + "frozen: true\ndeps:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n"
                + "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: bar\n");
        assertThat(Files.readString(target.resolve("bar"))).isEqualTo("foo");
    }

    @Test
    void directoryImportRecordsTheDirManifestAndUpdatesWhenAFileIsAdded() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ext/data"));
        Files.writeString(dir.resolve("foo"), "foo");
        Files.writeString(dir.resolve("bar"), "bar");
        ok(target, "import-url", "-q", "../ext/data");
        // V5: {foo, bar} is 5ea40360f5b4ec688df672a4db9c17d1.dir
        String dvc = Files.readString(target.resolve("data.dvc"));
        assertThat(dvc).contains("deps:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n"
                + "  hash: md5\n  path: ../ext/data\nouts:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n"
                + "  nfiles: 2\n  hash: md5\n  path: data\n");
        assertThat(Files.readString(target.resolve("data/bar"))).isEqualTo("bar");
        assertThat(ok(target, "update", "data.dvc").out()).isEqualTo("'data.dvc' didn't change, skipping\n");
        Files.writeString(dir.resolve("baz"), "baz");
        ok(target, "update", "-q", "data.dvc");
        assertThat(Files.readString(target.resolve("data.dvc"))).contains("size: 9\n  nfiles: 3\n");
        assertThat(Files.readString(target.resolve("data/baz"))).isEqualTo("baz");
        assertThat(ok(target, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void noExecAndNoDownloadWriteStagesWithoutData() throws IOException {
        ok(target, "import-url", "-q", "--no-exec", "../ext/raw.csv", "a.csv");
        String a = Files.readString(target.resolve("a.csv.dvc"));
        assertThat(a).matches("md5: [0-9a-f]{32}\nfrozen: true\ndeps:\n- path: \\.\\./ext/raw\\.csv\nouts:\n"
                + "- path: a\\.csv\n");
        assertThat(target.resolve("a.csv")).doesNotExist();
        ok(target, "import-url", "-q", "--no-download", "../ext/raw.csv", "b.csv");
        String b = Files.readString(target.resolve("b.csv.dvc"));
        assertThat(b).matches("md5: [0-9a-f]{32}\nfrozen: true\ndeps:\n- md5: 4050c6f4d32bb47cc9026b827a077bd7\n"
                + "  size: 14\n  hash: md5\n  path: \\.\\./ext/raw\\.csv\nouts:\n- path: b\\.csv\n");
        assertThat(target.resolve("b.csv")).doesNotExist();
        assertThat(Files.readString(target.resolve(".gitignore"))).isEqualTo("/a.csv\n/b.csv\n");
        // update downloads what --no-download left out
        ok(target, "update", "-q", "b.csv.dvc");
        assertThat(Files.readString(target.resolve("b.csv"))).isEqualTo("id,value\n1,10\n");
        assertThat(Files.readString(target.resolve("b.csv.dvc"))).contains("outs:\n- path: b.csv\n  md5: "
                + "4050c6f4d32bb47cc9026b827a077bd7\n");
    }

    @Test
    void fsConfigIsRecordedInTheDependencyAndCountsInTheStageChecksum() throws IOException {
        ok(target, "import-url", "-q", "--fs-config", "read_timeout=30", "../ext/raw.csv");
        String text = Files.readString(target.resolve("raw.csv.dvc"));
        assertThat(text).contains("  path: ../ext/raw.csv\n  fs_config:\n    read_timeout: '30'\nouts:\n");
        org.jdvc.model.DvcFile f = org.jdvc.model.DvcFile.parse(text, "raw.csv.dvc");
        assertThat(f.md5()).isEqualTo(org.jdvc.hash.StageChecksum.compute(f.withMd5(null).toDict()))
                .isNotEqualTo("5a923b74e65520d6057fdf6360cd2f75");
        assertThat(ok(target, "update", "raw.csv.dvc").out()).isEqualTo("'raw.csv.dvc' didn't change, skipping\n");
        CliRunner.Result bad = cli.run(target, "import-url", "--fs-config", "novalue", "../ext/raw.csv", "y.csv");
        assertThat(bad.exit()).isEqualTo(254);
    }

    @Test
    void forceOverwritesAndErrorsLeaveNothingBehind() throws IOException {
        Files.writeString(target.resolve("raw.csv"), "mine\n");
        CliRunner.Result refused = cli.run(target, "import-url", "../ext/raw.csv");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(target.resolve("raw.csv.dvc")).doesNotExist();
        ok(target, "import-url", "-q", "-f", "../ext/raw.csv");
        assertThat(FileHasher.md5(target.resolve("raw.csv"))).isEqualTo("4050c6f4d32bb47cc9026b827a077bd7");

        CliRunner.Result missing = cli.run(target, "import-url", "../ext/nosuch.csv");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("ERROR: failed to import ../ext/nosuch.csv. You could also try "
                + "downloading it manually, and adding it with `dvc add`. - dependency '" + tmp.resolve("ext/nosuch.csv")
                + "' does not exist\n");
        assertThat(target.resolve("nosuch.csv.dvc")).doesNotExist();
        assertThat(target.resolve("nosuch.csv")).doesNotExist();

        CliRunner.Result badRemote = cli.run(target, "import-url", "remote://nosuch/x.csv");
        assertThat(badRemote.exit()).isNotZero();
        assertThat(badRemote.err()).contains("remote 'nosuch' doesn't exist").hasLineCount(1);
        CliRunner.Result remoteWithoutToRemote = cli.run(target, "import-url", "-r", "x", "../ext/raw.csv", "c.csv");
        assertThat(remoteWithoutToRemote.exit()).isEqualTo(1);
        assertThat(target.resolve("c.csv.dvc")).doesNotExist();
    }
}
