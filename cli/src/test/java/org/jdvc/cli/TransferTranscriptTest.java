package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DVC's transcripts 07 (push/fetch/pull with clones), 03 §3.16–3.24 ({@code status -c}) and 08 (gc) replayed with
 * jdvc against a local-folder remote: same stdout, stderr, exit codes and resulting files. Where DVC's line order
 * varies between runs (set order), lines are compared as sets.
 */
class TransferTranscriptTest {
    private static final String MISSING_WARNING = "WARNING: Some of the cache files do not exist neither locally "
            + "nor on remote. Missing cache files:\n";

    @TempDir
    Path tmp;
    CliRunner cli;

    private Path newRepo(String name) throws IOException {
        Path repo = Files.createDirectories(tmp.resolve(name));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        ok(repo, "init", "-q");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
        return repo;
    }

    private CliRunner.Result ok(Path dir, String... args) {
        CliRunner.Result r = cli.run(dir, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private static void write(Path repo, String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        Files.writeString(p, content);
    }

    private static void commit(Path repo, String message) {
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", message);
    }

    private static void deleteObjects(Path odb) throws IOException {
        if (!Files.isDirectory(odb)) {
            return;
        }
        try (Stream<Path> s = Files.walk(odb)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void pushFetchPullAcrossClones() throws IOException {
        Path repo = newRepo("repo");
        write(repo, "data.txt", "hello dvc\n");
        write(repo, "images/a.png", "aaa\n");
        write(repo, "images/b.png", "bbb\n");
        write(repo, "images/c.png", "ccc\n");
        ok(repo, "add", "-q", "data.txt", "images");

        // 7.1
        CliRunner.Result noRemote = cli.run(repo, "push");
        assertThat(noRemote.exit()).isEqualTo(1);
        assertThat(noRemote.out()).isEmpty();
        assertThat(noRemote.err()).isEqualTo("ERROR: failed to push data to the cloud - config file error: no remote "
                + "specified in " + repo + ". Create a default remote with\n"
                + "    dvc remote add -d <remote name> <remote url>\n");

        ok(repo, "remote", "add", "-d", "storage", "../remote");
        commit(repo, "Track data, add remote");
        // 7.2, 7.3
        CliRunner.Result push = ok(repo, "push");
        assertThat(push.out()).isEqualTo("5 files pushed\n");
        assertThat(push.err()).isEmpty();
        assertThat(ok(repo, "push").out()).isEqualTo("Everything is up to date.\n");
        assertThat(Files.readString(tmp.resolve("remote/files/md5/a4/f92ec3d78ed1ee2c736947b0b92007")))
                .isEqualTo("hello dvc\n");
        // 7.4
        CliRunner.Result unknown = cli.run(repo, "push", "-r", "nosuch");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo(
                "ERROR: failed to push data to the cloud - config file error: remote 'nosuch' doesn't exist\n");

        // 7.5 - 7.7
        Git.run(tmp, "clone", "-q", "repo", "clone-a");
        Path a = tmp.resolve("clone-a");
        assertThat(ok(a, "fetch").out()).isEqualTo("5 files fetched\n");
        assertThat(ok(a, "fetch").out()).isEqualTo("Everything is up to date.\n");
        assertThat(ok(a, "checkout").out()).isEqualTo("A       images/\nA       data.txt\n");
        assertThat(Files.readString(a.resolve("images/b.png"))).isEqualTo("bbb\n");

        // 7.8, 7.9
        Git.run(tmp, "clone", "-q", "repo", "clone-b");
        Path b = tmp.resolve("clone-b");
        CliRunner.Result pull = ok(b, "pull");
        assertThat(pull.out()).isEqualTo("A       images/\nA       data.txt\n5 files fetched and 4 files added\n");
        assertThat(pull.err()).isEmpty();
        assertThat(ok(b, "pull").out()).isEqualTo("Everything is up to date.\n");

        // 7.10, 7.11
        write(repo, "data.txt", "hello v2\n");
        write(repo, "images/d.png", "ddd\n");
        Files.delete(repo.resolve("images/a.png"));
        ok(repo, "add", "-q", "data.txt", "images");
        commit(repo, "data v2");
        assertThat(ok(repo, "push", "-j", "2").out()).isEqualTo("3 files pushed\n");
        Git.run(b, "pull", "-q");
        assertThat(ok(b, "pull", "-j", "1").out()).isEqualTo("M       images/\nM       data.txt\n"
                + "3 files fetched, 1 file modified, 1 file added and 1 file deleted\n");
        assertThat(Files.readString(b.resolve("data.txt"))).isEqualTo("hello v2\n");
        assertThat(b.resolve("images/a.png")).doesNotExist();
        assertThat(Files.readString(b.resolve("images/d.png"))).isEqualTo("ddd\n");

        // 7.12
        write(repo, "lost.txt", "never pushed\n");
        ok(repo, "add", "-q", "lost.txt");
        commit(repo, "Track lost.txt (never pushed)");
        Files.delete(repo.resolve(".dvc/cache/files/md5/8a/3506f4b014ba9cc70f52edfc8b7fbb"));
        CliRunner.Result lost = ok(repo, "push");
        assertThat(lost.out()).isEqualTo("Everything is up to date.\n");
        assertThat(lost.err()).isEqualTo(MISSING_WARNING + "md5: 8a3506f4b014ba9cc70f52edfc8b7fbb\n");

        // 7.13 - 7.15
        Git.run(b, "pull", "-q");
        CliRunner.Result pullLost = cli.run(b, "pull");
        assertThat(pullLost.exit()).isEqualTo(1);
        assertThat(pullLost.out()).isEqualTo("Everything is up to date.\n");
        assertThat(pullLost.err()).isEqualTo(MISSING_WARNING + "md5: 8a3506f4b014ba9cc70f52edfc8b7fbb\n"
                + "ERROR: failed to pull data from the cloud - Checkout failed for following targets:\nlost.txt\n"
                + "Is your cache up to date?\n<https://error.dvc.org/missing-files>\n");
        CliRunner.Result fetchLost = ok(b, "fetch");
        assertThat(fetchLost.out()).isEqualTo("Everything is up to date.\n");
        assertThat(fetchLost.err()).isEqualTo(MISSING_WARNING + "md5: 8a3506f4b014ba9cc70f52edfc8b7fbb\n");
        CliRunner.Result single = ok(b, "pull", "data.txt");
        assertThat(single.out()).isEqualTo("Everything is up to date.\n");
        assertThat(single.err()).isEmpty();

        // 7.16, 7.17
        deleteObjects(tmp.resolve("remote/files/md5"));
        org.jdvc.repo.WorkspaceCheckout.deleteAny(a.resolve(".dvc/cache"));
        org.jdvc.repo.WorkspaceCheckout.deleteAny(a.resolve("images"));
        Files.delete(a.resolve("data.txt"));
        Git.run(a, "pull", "-q");
        CliRunner.Result empty = cli.run(a, "pull");
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.out()).isEqualTo("Everything is up to date.\n");
        assertThat(empty.err().lines()).containsExactlyInAnyOrder(
                MISSING_WARNING.strip(), "md5: 8a3506f4b014ba9cc70f52edfc8b7fbb",
                "md5: be25610d091ecb2f6f8d9d1cc86bc8af", "md5: 52a3689ce5d06cfb5df1d1991a69b250.dir",
                "ERROR: failed to pull data from the cloud - Checkout failed for following targets:", "data.txt",
                "images", "lost.txt", "Is your cache up to date?", "<https://error.dvc.org/missing-files>");
        CliRunner.Result status = ok(a, "status", "-c");
        assertThat(status.out().lines()).containsExactlyInAnyOrder("\tmissing:            lost.txt",
                "\tmissing:            data.txt");
        assertThat(status.err()).isEqualTo(MISSING_WARNING + "name: None, md5: 52a3689ce5d06cfb5df1d1991a69b250.dir\n");
    }

    @Test
    void cloudStatus() throws IOException {
        Path repo = newRepo("repo");
        write(repo, "data.txt", "hello dvc\n");
        write(repo, "images/a.png", "aaa\n");
        write(repo, "images/b.png", "bbb\n");
        ok(repo, "add", "-q", "data.txt", "images");
        write(repo, "new.txt", "new\n");
        ok(repo, "add", "-q", "new.txt");
        ok(repo, "remote", "add", "-d", "storage", "../remote");
        // 3.16, 3.17
        assertThat(ok(repo, "status", "-c").out().lines()).containsExactlyInAnyOrder(
                "\tnew:                images", "\tnew:                images/a.png", "\tnew:                new.txt",
                "\tnew:                images/b.png", "\tnew:                data.txt");
        String json = ok(repo, "status", "-c", "--json").out();
        assertThat(json).startsWith("{\"").endsWith("}\n").contains("\"images\": \"new\"", "\"images/a.png\": \"new\"",
                "\"new.txt\": \"new\"", "\"images/b.png\": \"new\"", "\"data.txt\": \"new\"");
        // 3.18, 3.19
        assertThat(ok(repo, "push", "-q").out()).isEmpty();
        assertThat(ok(repo, "status", "-c").out()).isEqualTo("Cache and remote 'storage' are in sync.\n");
        assertThat(ok(repo, "status", "-c", "--json").out()).isEqualTo("{}\n");
        // 3.20, 3.21
        deleteObjects(repo.resolve(".dvc/cache/files/md5"));
        ok(repo, "add", "-q", "images", "new.txt");
        assertThat(ok(repo, "status", "-c").out()).isEqualTo("\tdeleted:            data.txt\n");
        assertThat(ok(repo, "status", "-c", "--json").out()).isEqualTo("{\"data.txt\": \"deleted\"}\n");
        // 3.22, 3.23
        deleteObjects(tmp.resolve("remote/files/md5"));
        deleteObjects(repo.resolve(".dvc/cache/files/md5"));
        ok(repo, "add", "-q", "images", "new.txt");
        assertThat(ok(repo, "status", "-c").out().lines()).containsExactlyInAnyOrder(
                "\tnew:                images", "\tnew:                images/b.png", "\tnew:                images/a.png",
                "\tnew:                new.txt", "\tmissing:            data.txt");
        assertThat(ok(repo, "status", "-c", "--json").out()).contains("\"data.txt\": \"missing\"",
                "\"images\": \"new\"");
        // 3.24
        CliRunner.Result unknown = cli.run(repo, "status", "-c", "-r", "nosuch");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).isEqualTo("ERROR: config file error: remote 'nosuch' doesn't exist\n");
    }

    @Test
    void gcWorkspaceAndCloud() throws IOException {
        Path repo = newRepo("repo");
        ok(repo, "remote", "add", "-d", "storage", "../remote");
        write(repo, "data.txt", "version 1\n");
        ok(repo, "add", "-q", "data.txt");
        commit(repo, "data v1");
        ok(repo, "push", "-q");
        write(repo, "data.txt", "version 2\n");
        ok(repo, "add", "-q", "data.txt");
        commit(repo, "data v2");
        ok(repo, "push", "-q");
        String warning = "WARNING: This will remove all cache except items used in the workspace of the current "
                + "repo.\n";
        String none = "No unused 'repo' cache to remove.\nNo unused 'local' cache to remove.\n"
                + "No unused 'legacy' cache to remove.\n";

        CliRunner.Result noScope = cli.run(repo, "gc");
        assertThat(noScope.exit()).isEqualTo(255);
        assertThat(noScope.out()).isEmpty();
        assertThat(noScope.err()).isEqualTo("ERROR: Either of `-w|--workspace`, `-a|--all-branches`, `-T|--all-tags` "
                + "`--all-experiments`, `--all-commits`, `--date` or `--rev` needs to be set.\n");

        CliRunner.Result prompt = cli.run(repo, "gc", "-w");
        assertThat(prompt.exit()).isEqualTo(1);
        assertThat(prompt.out()).isEqualTo("Are you sure you want to proceed? [y/n]: ");
        assertThat(prompt.err()).isEqualTo(warning);

        CliRunner.Result dry = ok(repo, "gc", "-w", "--dry");
        assertThat(dry.out()).isEqualTo("Removed 1 objects from repo cache.\nRemoved 1 objects from local cache.\n"
                + "No unused 'legacy' cache to remove.\n");
        assertThat(dry.err()).isEqualTo(warning);
        assertThat(ok(repo, "gc", "-w", "-f").out()).isEqualTo("Removed 1 objects from repo cache.\n"
                + "No unused 'local' cache to remove.\nNo unused 'legacy' cache to remove.\n");
        assertThat(ok(repo, "gc", "-w", "-f").out()).isEqualTo(none);

        CliRunner.Result cloudPrompt = cli.run(repo, "gc", "-c", "-w");
        assertThat(cloudPrompt.exit()).isEqualTo(1);
        assertThat(cloudPrompt.out()).isEqualTo("Are you sure you want to proceed? [y/n]: ");
        String removedRemote = "Removed 1 objects from remote.\nNo unused cache to remove from remote.\n";
        assertThat(ok(repo, "gc", "-c", "-w", "--dry", "-f").out()).isEqualTo(none + removedRemote);
        assertThat(countObjects(tmp.resolve("remote"))).isEqualTo(2);
        assertThat(ok(repo, "gc", "-c", "-w", "-f").out()).isEqualTo(none + removedRemote);
        assertThat(countObjects(tmp.resolve("remote"))).isEqualTo(1);
        assertThat(ok(repo, "gc", "-c", "-w", "-f").out()).isEqualTo(none
                + "No unused cache to remove from remote.\nNo unused cache to remove from remote.\n");
        assertThat(Files.readString(repo.resolve("data.txt"))).isEqualTo("version 2\n");
        assertThat(ok(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    private static long countObjects(Path odb) throws IOException {
        try (Stream<Path> s = Files.walk(odb)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
