package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios of DVC's transcripts (shared/spec/dvc-cli-transcripts.md, sections 01, 02, 03, 05) replayed with
 * jdvc: same files, same stdout, same exit codes.
 */
class WorkspaceTranscriptTest {
    private static final String HINT_TAIL = "\nTo enable auto staging, run:\n\n\tdvc config core.autostage true\n";

    @TempDir
    Path tmp;
    Path repo;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        CliRunner.Result init = cli.run(repo, "init", "-q");
        assertThat(init.exit()).as(init.toString()).isZero();
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        if (Files.exists(p) && !Files.isWritable(p)) {
            Files.delete(p);
        }
        Files.writeString(p, content);
    }

    private String read(String path) throws IOException {
        return Files.readString(repo.resolve(path));
    }

    @Test
    void initCreatesDvcsFilesAndStagesThem() throws IOException {
        assertThat(Files.size(repo.resolve(".dvc/config"))).isZero();
        assertThat(read(".dvc/.gitignore")).isEqualTo("/config.local\n/tmp\n/cache\n");
        assertThat(read(".dvcignore")).isEqualTo("# Add patterns of files dvc should ignore, which could improve\n"
                + "# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n");
        CliRunner.Result again = cli.run(repo, "init");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("ERROR: failed to initiate DVC - '.dvc' exists. Use `-f` to force.\n");
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        CliRunner.Result noGit = cli.run(plain, "init");
        assertThat(noGit.exit()).isEqualTo(1);
        assertThat(noGit.err()).contains("is not tracked by any supported SCM tool");
        CliRunner.Result noScm = cli.run(plain, "init", "--no-scm");
        assertThat(noScm.exit()).isZero();
        assertThat(noScm.out()).startsWith("Initialized DVC repository.\n\nWhat's next?");
        assertThat(Files.readString(plain.resolve(".dvc/config"))).isEqualTo("[core]\n    no_scm = True\n");
        assertThat(cli.run(plain, "status").out()).isEqualTo(
                "There are no data or pipelines tracked in this project yet.\n"
                        + "See <https://dvc.org/doc/start> to get started!\n");
    }

    @Test
    void commandsOutsideARepositoryExit253() throws IOException {
        Path nowhere = Files.createDirectories(tmp.resolve("nowhere"));
        CliRunner.Result r = cli.run(nowhere, "status");
        assertThat(r.exit()).isEqualTo(253);
        assertThat(r.err()).isEqualTo(
                "ERROR: you are not inside of a DVC repository (checked up to mount point '/')\n");
    }

    @Test
    void addWritesDvcFileGitignoreAndHint() throws IOException {
        write("data.txt", "hello dvc\n");
        CliRunner.Result r = ok("add", "data.txt");
        assertThat(r.out()).isEqualTo("\nTo track the changes with git, run:\n\n\tgit add .gitignore data.txt.dvc\n"
                + HINT_TAIL);
        assertThat(read("data.txt.dvc")).isEqualTo(
                "outs:\n- md5: a4f92ec3d78ed1ee2c736947b0b92007\n  size: 10\n  hash: md5\n  path: data.txt\n");
        assertThat(read(".gitignore")).isEqualTo("/data.txt\n");
        assertThat(repo.resolve(".dvc/cache/files/md5/a4/f92ec3d78ed1ee2c736947b0b92007")).exists();

        assertThat(ok("add", "data.txt").out()).isEqualTo("\nTo track the changes with git, run:\n\n"
                + "\tgit add data.txt.dvc\n" + HINT_TAIL);

        write("images/a.png", "aaa\n");
        write("images/b.png", "bbb\n");
        write("images/sub/c.png", "ccc\n");
        ok("add", "images");
        assertThat(read("images.dvc")).isEqualTo("outs:\n- md5: de8d672c60fb6e32c9fa43374933d42e.dir\n  size: 12\n"
                + "  nfiles: 3\n  hash: md5\n  path: images\n");
        write("images/a.png", "AAA\n");
        ok("add", "images/a.png");
        assertThat(read("images.dvc")).isEqualTo("outs:\n- md5: 378cbf9a3c382061e8d2e2f084b19a14.dir\n"
                + "  nfiles: 3\n  hash: md5\n  path: images\n");
    }

    @Test
    void addErrors() throws IOException {
        write("notes.txt", "notes\n");
        Git.run(repo, "add", "notes.txt");
        Git.run(repo, "commit", "-q", "-m", "Add notes");
        CliRunner.Result tracked = cli.run(repo, "add", "notes.txt");
        assertThat(tracked.exit()).isEqualTo(1);
        assertThat(tracked.err()).contains("output 'notes.txt' is already tracked by SCM (e.g. Git).");
        assertThat(repo.resolve("notes.txt.dvc")).doesNotExist();

        Files.writeString(tmp.resolve("outside.txt"), "outside\n");
        CliRunner.Result outside = cli.run(repo, "add", "../outside.txt");
        assertThat(outside.exit()).isEqualTo(1);
        assertThat(outside.err()).isEqualTo("ERROR: Cached output(s) outside of DVC project: "
                + tmp.resolve("outside.txt") + ". See <https://dvc.org/doc/user-guide/data-management/"
                + "importing-external-data> for more info.\n");

        CliRunner.Result missing = cli.run(repo, "add", "missing.txt");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("ERROR: output 'missing.txt' does not exist: [Errno 2] No such file or "
                + "directory: '" + repo.resolve("missing.txt") + "'\n");

        CliRunner.Result glob = cli.run(repo, "add", "--glob", "nomatch/*.bin");
        assertThat(glob.exit()).isEqualTo(1);
        assertThat(glob.err()).isEqualTo("ERROR: Glob ['nomatch/*.bin'] has no matches.\n");

        write("q.txt", "quiet\n");
        CliRunner.Result quiet = cli.run(repo, "add", "-q", "q.txt");
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.out()).isEmpty();
        CliRunner.Result dvcFile = cli.run(repo, "add", "q.txt.dvc");
        assertThat(dvcFile.exit()).isEqualTo(1);
        assertThat(dvcFile.err()).isEqualTo("ERROR: DVC file 'q.txt.dvc' cannot be an output.\n");

        CliRunner.Result noArgs = cli.run(repo, "add");
        assertThat(noArgs.exit()).isEqualTo(254);
    }

    @Test
    void addGlobOutAndNoCommit() throws IOException {
        write("logs/1.log", "one\n");
        write("logs/2.log", "two\n");
        write("logs/keep.txt", "x\n");
        ok("add", "--glob", "logs/*.log");
        assertThat(repo.resolve("logs/1.log.dvc")).exists();
        assertThat(repo.resolve("logs/2.log.dvc")).exists();
        assertThat(repo.resolve("logs/keep.txt.dvc")).doesNotExist();
        assertThat(read("logs/.gitignore")).isEqualTo("/1.log\n/2.log\n");

        Files.writeString(tmp.resolve("outside.txt"), "outside\n");
        ok("add", "../outside.txt", "-o", "copied.txt");
        assertThat(read("copied.txt.dvc")).isEqualTo("outs:\n- md5: c20e4cadb22a9940811171c21f086ae2\n  size: 8\n"
                + "  hash: md5\n  path: copied.txt\n");
        assertThat(read("copied.txt")).isEqualTo("outside\n");

        write("nc.txt", "not committed\n");
        ok("add", "--no-commit", "nc.txt");
        assertThat(repo.resolve(".dvc/cache/files/md5/98/7111d9c677c780ee78e516cd827c95")).doesNotExist();
        assertThat(ok("status").out()).isEqualTo("nc.txt.dvc:\n\tchanged outs:\n\t\tnot in cache:       nc.txt\n");
    }

    @Test
    void autostageStagesWhatAddWrote() throws IOException {
        ok("config", "core.autostage", "true");
        write("auto.txt", "auto\n");
        CliRunner.Result r = ok("add", "auto.txt");
        assertThat(r.out()).isEmpty();
        assertThat(Git.run(repo, "status", "--short", "auto.txt.dvc", ".gitignore"))
                .isEqualTo("A  .gitignore\nA  auto.txt.dvc\n");
    }

    @Test
    void statusReportsModifiedDeletedAndNotInCache() throws IOException {
        write("data.txt", "hello dvc\n");
        write("images/a.png", "aaa\n");
        write("images/b.png", "bbb\n");
        ok("add", "-q", "data.txt", "images");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");

        write("data.txt", "changed\n");
        assertThat(ok("status").out()).isEqualTo("data.txt.dvc:\n\tchanged outs:\n\t\tmodified:           data.txt\n");
        assertThat(ok("status", "--json").out()).isEqualTo(
                "{\"data.txt.dvc\": [{\"changed outs\": {\"data.txt\": \"modified\"}}]}\n");
        assertThat(cli.run(repo, "status", "-q").exit()).isEqualTo(1);
        ok("checkout", "-q", "-f", "data.txt");
        assertThat(read("data.txt")).isEqualTo("hello dvc\n");

        write("images/a.png", "AAA\n");
        assertThat(ok("status").out()).isEqualTo("images.dvc:\n\tchanged outs:\n\t\tmodified:           images\n");
        ok("checkout", "-q", "-f", "images");
        Files.delete(repo.resolve("data.txt"));
        assertThat(ok("status", "--json").out()).isEqualTo(
                "{\"data.txt.dvc\": [{\"changed outs\": {\"data.txt\": \"deleted\"}}]}\n");
        ok("checkout", "-q", "data.txt");

        write("new.txt", "new\n");
        ok("add", "-q", "new.txt");
        Files.delete(repo.resolve("new.txt"));
        Files.delete(repo.resolve(".dvc/cache/files/md5/9c/d599a3523898e6a12e13ec787da50a"));
        assertThat(ok("status").out()).isEqualTo("new.txt.dvc:\n\tchanged outs:\n\t\tnot in cache:       new.txt\n");
        CliRunner.Result checkout = cli.run(repo, "checkout");
        assertThat(checkout.exit()).isEqualTo(255);
        assertThat(checkout.err()).isEqualTo("ERROR: Checkout failed for following targets:\nnew.txt\n"
                + "Is your cache up to date?\n<https://error.dvc.org/missing-files>\n");
        assertThat(ok("status", "data.txt.dvc").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void commitCheckoutRemoveMoveAsInTheTranscripts() throws IOException {
        write("data.txt", "hello dvc\n");
        write("images/a.png", "aaa\n");
        write("images/b.png", "bbb\n");
        ok("add", "-q", "data.txt", "images");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Track data");
        CliRunner.Result nothing = ok("commit");
        assertThat(nothing.out() + nothing.err()).isEmpty();

        write("data.txt", "hello again\n");
        CliRunner.Result refused = cli.run(repo, "commit");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("ERROR: failed to commit - unable to commit changed stage: "
                + "'data.txt.dvc'. Use `-f|--force` to force.\n");
        CliRunner.Result refusedTarget = cli.run(repo, "commit", "data.txt.dvc");
        assertThat(refusedTarget.err()).isEqualTo("ERROR: failed to commit data.txt.dvc - unable to commit changed "
                + "stage: 'data.txt.dvc'. Use `-f|--force` to force.\n");
        ok("commit", "-f");
        assertThat(read("data.txt.dvc")).isEqualTo("outs:\n- md5: 90f4dd73d11e55a3d19b4bd8e4ad1bdb\n  size: 12\n"
                + "  hash: md5\n  path: data.txt\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "data v2");

        Files.delete(repo.resolve("data.txt"));
        assertThat(ok("checkout").out()).isEqualTo("A       data.txt\n");
        Files.delete(repo.resolve("images/a.png"));
        assertThat(ok("checkout").out()).isEqualTo("M       images/\n");
        org.jdvc.repo.WorkspaceCheckout.deleteAny(repo.resolve("images"));
        Files.delete(repo.resolve("data.txt"));
        assertThat(ok("checkout").out()).isEqualTo("A       images/\nA       data.txt\n");
        CliRunner.Result noop = ok("checkout");
        assertThat(noop.out() + noop.err()).isEmpty();

        write("data.txt", "local edit\n");
        CliRunner.Result unsaved = cli.run(repo, "checkout");
        assertThat(unsaved.exit()).isEqualTo(255);
        assertThat(unsaved.err()).isEqualTo("ERROR: Can't remove the following unsaved files without confirmation. "
                + "Use `--force` to force.\n" + repo.resolve("data.txt") + "\n");
        assertThat(read("data.txt")).isEqualTo("local edit\n");
        assertThat(ok("checkout", "-f").out()).isEqualTo("M       data.txt\n");
        assertThat(ok("checkout", "--relink").out()).isEqualTo("Relinked successfully\n");
        CliRunner.Result unknown = cli.run(repo, "checkout", "nosuch.txt");
        assertThat(unknown.exit()).isEqualTo(255);
        assertThat(unknown.err()).isEqualTo("ERROR: Did you mean `git checkout nosuch.txt`?: 'nosuch.txt' does not "
                + "exist as an output or a stage name in 'dvc.yaml': 'dvc.yaml' does not exist\n");

        Git.run(repo, "checkout", "-q", "HEAD~1", "--", "data.txt.dvc");
        assertThat(ok("checkout").out()).isEqualTo("M       data.txt\n");
        assertThat(read("data.txt")).isEqualTo("hello dvc\n");
        Git.run(repo, "checkout", "-q", "HEAD", "--", "data.txt.dvc");
        ok("checkout", "-q");

        write("extra.txt", "extra\n");
        write("images/c.png", "ccc\n");
        ok("add", "-q", "extra.txt", "images");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Add extra.txt and images/c.png");
        Git.run(repo, "checkout", "-q", "HEAD~1");
        assertThat(ok("checkout").out()).isEqualTo("M       images/\nD       extra.txt\n");
        assertThat(repo.resolve("extra.txt")).doesNotExist();
        Git.run(repo, "checkout", "-q", "main");
        assertThat(ok("checkout").out()).isEqualTo("M       images/\nA       extra.txt\n");

        ok("remove", "-q", "extra.txt.dvc");
        Files.delete(repo.resolve("extra.txt"));
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Drop extra.txt");
        assertThat(ok("unprotect", "data.txt").out()).isEmpty();
        CliRunner.Result unprotectMissing = cli.run(repo, "unprotect", "nosuch.txt");
        assertThat(unprotectMissing.exit()).isEqualTo(255);
        assertThat(unprotectMissing.err()).startsWith(
                "ERROR: unexpected error - can't unprotect non-existing data 'nosuch.txt'");

        CliRunner.Result move = ok("move", "data.txt", "renamed.txt");
        assertThat(move.out()).contains("git add ").contains("renamed.txt.dvc").contains("data.txt.dvc");
        assertThat(read("renamed.txt.dvc")).isEqualTo("outs:\n- md5: 90f4dd73d11e55a3d19b4bd8e4ad1bdb\n  size: 12\n"
                + "  hash: md5\n  path: renamed.txt\n");
        assertThat(read(".gitignore")).isEqualTo("/images\n/renamed.txt\n");
        CliRunner.Result moveMissing = cli.run(repo, "move", "nosuch.txt", "other.txt");
        assertThat(moveMissing.exit()).isEqualTo(1);
        assertThat(moveMissing.err()).isEqualTo("ERROR: failed to move 'nosuch.txt' -> 'other.txt' - Unable to find "
                + "DVC file with output 'nosuch.txt'\n");

        assertThat(ok("remove", "renamed.txt.dvc").out()).isEmpty();
        assertThat(read(".gitignore")).isEqualTo("/images\n");
        try (Stream<Path> ls = Files.list(repo)) {
            assertThat(ls.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList())
                    .containsExactly("images", "images.dvc", "renamed.txt");
        }
        ok("remove", "--outs", "images.dvc");
        assertThat(repo.resolve("images")).doesNotExist();
        CliRunner.Result removeMissing = cli.run(repo, "remove", "nosuch.txt.dvc");
        assertThat(removeMissing.exit()).isEqualTo(1);
        assertThat(removeMissing.err()).isEqualTo("ERROR: '" + repo.resolve("nosuch.txt.dvc") + "' does not exist\n");
    }
}
