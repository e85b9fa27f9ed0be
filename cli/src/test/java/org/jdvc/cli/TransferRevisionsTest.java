package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push/fetch/pull/status -c with -a/-T/-A/--rev: the data of several git revisions at once, real git. */
class TransferRevisionsTest {
    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path repo;
    private Path store;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRunner(tmp);
        repo = Files.createDirectories(tmp.resolve("repo"));
        store = tmp.resolve("store");
        Git.run(repo, "init", "-q");
        ok(repo, "init", "-q");
        ok(repo, "remote", "add", "-q", "-d", "store", store.toString());
        write("data.txt", "v1\n");
        write("dir/a.txt", "a1\n");
        ok(repo, "add", "-q", "data.txt", "dir");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v1");
        Git.run(repo, "tag", "v1");
        write("data.txt", "v2\n");
        write("dir/a.txt", "a2\n");
        ok(repo, "add", "-q", "data.txt", "dir");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v2");
    }

    private void write(String rel, String text) throws IOException {
        Path p = repo.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        Files.writeString(p, text);
    }

    private String ok(Path cwd, String... args) {
        CliRunner.Result r = cli.run(cwd, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Path object(Path cacheOrStore, String md5) {
        return cacheOrStore.resolve("files/md5").resolve(md5.substring(0, 2)).resolve(md5.substring(2));
    }

    @Test
    void pushAllCommitsThenFetchAllCommitsIntoAnotherClone() throws IOException {
        assertThat(ok(repo, "status", "-c", "-A")).contains("new:").contains("data.txt");
        assertThat(ok(repo, "push", "-A")).isEqualTo("6 files pushed\n");
        assertThat(ok(repo, "status", "-c", "-A")).isEqualTo("Cache and remote 'store' are in sync.\n");

        Path clone = tmp.resolve("clone");
        Git.run(tmp, "clone", "-q", repo.toString(), clone.toString());
        ok(clone, "fetch", "-A");
        Path cache = clone.resolve(".dvc/cache");
        for (String text : new String[] {"v1\n", "v2\n", "a1\n", "a2\n"}) {
            assertThat(object(cache, md5(text))).as(text).exists();
        }
        try (var files = Files.walk(cache.resolve("files"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(6); // 4 files + 2 .dir manifests
        }
    }

    @Test
    void plainPushLeavesOldRevisionsOutAndRevPushesThem() throws IOException {
        ok(repo, "push");
        assertThat(object(store, md5("v1\n"))).doesNotExist();
        assertThat(ok(repo, "status", "-c", "--rev", "v1")).contains("new:").contains("data.txt");
        ok(repo, "push", "--rev", "v1");
        assertThat(object(store, md5("v1\n"))).exists();
        assertThat(object(store, md5("a1\n"))).exists();
    }

    @Test
    void targetsSelectTheirPathInEveryRevisionEvenWhenAnotherPathSharesTheObject() throws IOException {
        // NOTE: copy.txt holds what data.txt held in v1: the v1 object is used by two paths
        write("copy.txt", "v1\n");
        ok(repo, "add", "-q", "copy.txt");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "copy");
        ok(repo, "push", "data.txt", "-A");
        assertThat(object(store, md5("v1\n"))).exists();
        assertThat(object(store, md5("v2\n"))).exists();
        assertThat(object(store, md5("a1\n"))).doesNotExist();
    }

    @Test
    void pullAllTagsFetchesTaggedDataAndChecksOutTheWorkspace() throws IOException {
        ok(repo, "push", "-T");
        Path clone = tmp.resolve("clone");
        Git.run(tmp, "clone", "-q", repo.toString(), clone.toString());
        ok(clone, "pull", "-T");
        assertThat(Files.readString(clone.resolve("data.txt"))).isEqualTo("v2\n");
        assertThat(object(clone.resolve(".dvc/cache"), md5("v1\n"))).exists();
    }
}
