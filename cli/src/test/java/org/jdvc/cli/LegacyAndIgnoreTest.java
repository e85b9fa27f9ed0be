package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DVC 2 entries (no {@code hash: md5}, md5-dos2unix objects in the legacy cache layout, spec §5.4) and
 * {@code .dvcignore} inside tracked directories (spec §8.3); expected hashes and manifests are computed here.
 */
class LegacyAndIgnoreTest {
    private static final byte[] CRLF = "line1\r\nline2\r\n".getBytes(StandardCharsets.UTF_8);

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
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private Path storeLegacy(String oid, byte[] content) throws IOException {
        Path object = repo.resolve(".dvc/cache/" + oid.substring(0, 2) + "/" + oid.substring(2));
        Files.createDirectories(object.getParent());
        Files.write(object, content);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("r--r--r--"));
        return object;
    }

    /** A DVC 2 repository: crlf.txt and a directory, both legacy entries with their objects in the legacy layout. */
    private String legacyRepo() throws IOException {
        String fileOid = RepoTree.md5Dos2Unix(CRLF);
        assertThat(fileOid).isEqualTo(RepoTree.md5("line1\nline2\n")).isNotEqualTo(RepoTree.md5(CRLF));
        Files.write(repo.resolve("crlf.txt"), CRLF);
        storeLegacy(fileOid, CRLF);
        String legacyFile = "outs:\n- md5: " + fileOid + "\n  size: 14\n  path: crlf.txt\n";
        Files.writeString(repo.resolve("crlf.txt.dvc"), legacyFile);

        List<RepoTree.FileSpec> files = List.of(new RepoTree.FileSpec("a.txt", "a\r\n".getBytes(StandardCharsets.UTF_8)),
                new RepoTree.FileSpec("sub/b.txt", "b\n".getBytes(StandardCharsets.UTF_8)));
        RepoTree.write(repo.resolve("dir"), files);
        StringBuilder manifest = new StringBuilder("[");
        for (RepoTree.FileSpec f : files) {
            String oid = RepoTree.md5Dos2Unix(f.content());
            storeLegacy(oid, f.content());
            manifest.append(manifest.length() > 1 ? ", " : "").append("{\"md5\": \"").append(oid)
                    .append("\", \"relpath\": \"").append(f.relpath()).append("\"}");
        }
        String json = manifest.append(']').toString();
        String dirOid = RepoTree.md5(json);
        storeLegacy(dirOid + ".dir", json.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(repo.resolve("dir.dvc"), "outs:\n- md5: " + dirOid + ".dir\n  size: 5\n  nfiles: 2\n"
                + "  path: dir\n");
        Files.writeString(repo.resolve(".gitignore"), "/crlf.txt\n/dir\n");
        return legacyFile;
    }

    @Test
    void legacyEntriesAreCleanRestoredAndKeptByteIdenticalWhileUnchanged() throws IOException {
        String legacyFile = legacyRepo();
        String dirDvc = Files.readString(repo.resolve("dir.dvc"));
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Files.delete(repo.resolve("crlf.txt"));
        org.jdvc.repo.WorkspaceCheckout.deleteAny(repo.resolve("dir"));
        assertThat(ok("checkout").out()).isEqualTo("A       dir/\nA       crlf.txt\n");
        assertThat(Files.readAllBytes(repo.resolve("crlf.txt"))).isEqualTo(CRLF);
        assertThat(Files.readString(repo.resolve("dir/a.txt"))).isEqualTo("a\r\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");

        Map<String, String> before = RepoTree.snapshot(repo);
        ok("commit", "-f");
        ok("add", "-q", "crlf.txt", "dir");
        assertThat(Files.readString(repo.resolve("crlf.txt.dvc"))).isEqualTo(legacyFile);
        assertThat(Files.readString(repo.resolve("dir.dvc"))).isEqualTo(dirDvc);
        assertThat(RepoTree.snapshot(repo).entrySet()).containsAll(before.entrySet());
        assertThat(repo.resolve(".dvc/cache/files")).doesNotExist();
    }

    @Test
    void aChangedLegacyOutputSwitchesToDvc3() throws IOException {
        legacyRepo();
        Files.delete(repo.resolve("crlf.txt"));
        byte[] changed = "line1\r\nline3\r\n".getBytes(StandardCharsets.UTF_8);
        Files.write(repo.resolve("crlf.txt"), changed);
        assertThat(ok("status").out()).isEqualTo("crlf.txt.dvc:\n\tchanged outs:\n\t\tmodified:           crlf.txt\n");
        ok("commit", "-f", "crlf.txt.dvc");
        String md5 = RepoTree.md5(changed);
        // NOTE: the rewrite keeps the existing key order and appends the new key (spec §5.5)
        assertThat(Files.readString(repo.resolve("crlf.txt.dvc")))
                .isEqualTo("outs:\n- md5: " + md5 + "\n  size: 14\n  path: crlf.txt\n  hash: md5\n");
        assertThat(Files.readAllBytes(repo.resolve(".dvc/cache/files/md5/" + md5.substring(0, 2) + "/"
                + md5.substring(2)))).isEqualTo(changed);
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void dvcignoredFilesAreLeftOutOfTheManifestAndAloneOnCheckout() throws IOException {
        Files.writeString(repo.resolve(".dvcignore"), "*.log\n/data/tmp/\n!keep.log\n");
        List<RepoTree.FileSpec> kept = List.of(
                new RepoTree.FileSpec("a.csv", "1,2\n".getBytes(StandardCharsets.UTF_8)),
                new RepoTree.FileSpec("keep.log", "kept\n".getBytes(StandardCharsets.UTF_8)),
                new RepoTree.FileSpec("sub/b.csv", "3,4\n".getBytes(StandardCharsets.UTF_8)),
                new RepoTree.FileSpec("sub/tmp/c.csv", "5\n".getBytes(StandardCharsets.UTF_8)));
        List<RepoTree.FileSpec> ignored = List.of(
                new RepoTree.FileSpec("run.log", "noise\n".getBytes(StandardCharsets.UTF_8)),
                new RepoTree.FileSpec("sub/deep.log", "noise\n".getBytes(StandardCharsets.UTF_8)),
                new RepoTree.FileSpec("tmp/scratch.csv", "scratch\n".getBytes(StandardCharsets.UTF_8)));
        RepoTree.write(repo.resolve("data"), kept);
        RepoTree.write(repo.resolve("data"), ignored);
        ok("add", "-q", "data");
        String manifest = RepoTree.manifest(kept);
        String oid = RepoTree.md5(manifest);
        assertThat(Files.readString(repo.resolve("data.dvc"))).isEqualTo("outs:\n- md5: " + oid + ".dir\n"
                + "  size: 15\n  nfiles: 4\n  hash: md5\n  path: data\n");
        assertThat(Files.readString(repo.resolve(".dvc/cache/files/md5/" + oid.substring(0, 2) + "/"
                + oid.substring(2) + ".dir"))).isEqualTo(manifest);

        Files.writeString(repo.resolve("data/another.log"), "more noise\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Files.delete(repo.resolve("data/a.csv"));
        assertThat(ok("checkout").out()).isEqualTo("M       data/\n");
        assertThat(Files.readString(repo.resolve("data/a.csv"))).isEqualTo("1,2\n");
        for (RepoTree.FileSpec f : ignored) {
            assertThat(Files.readAllBytes(repo.resolve("data").resolve(f.relpath()))).isEqualTo(f.content());
        }
        assertThat(repo.resolve("data/another.log")).exists();
    }
}
