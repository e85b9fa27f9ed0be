package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jdvc.hash.FileHasher;
import org.jdvc.hash.StageChecksum;
import org.jdvc.model.DvcFile;
import org.jdvc.remote.ssh.SshBlobStoreFactory;
import org.jdvc.testing.DvcFixtures;
import org.jdvc.testing.HttpServerProcess;
import org.jdvc.testing.SshServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-url from other sources: DVC-made import-url stages (fixture 05, relocated), HTTP (ETag as {@code checksum},
 * md5 when the server sends none) and SSH ({@code md5}, read over SFTP), against real servers.
 */
class ImportUrlSourcesTest {
    private static final String DVC_WORK = "/srv/jdvc-fixtures/work/05-imports";

    @TempDir
    Path tmp;

    private static CliRunner.Result ok(CliRunner cli, Path dir, String... args) {
        CliRunner.Result r = cli.run(dir, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** Moves a DVC stage's absolute source path to where the fixture was unpacked; the stage md5 follows. */
    private static void relocate(Path dvcFile, String from, String to) throws IOException {
        String text = Files.readString(dvcFile).replace(from, to);
        DvcFile f = DvcFile.parse(text, dvcFile.toString());
        String md5 = StageChecksum.compute(f.withMd5(null).toDict());
        Files.writeString(dvcFile, text.replace(f.md5(), md5));
    }

    @Test
    void dvcMadeImportUrlStagesReportStatusAndUpdate() throws IOException {
        Path work = DvcFixtures.unpack(DvcFixtures.IMPORTS, tmp);
        Path repo = work.resolve("repo");
        relocate(repo.resolve("external-abs.csv.dvc"), DVC_WORK, work.toString());
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "relocated");
        CliRunner cli = new CliRunner(tmp);

        CliRunner.Result status = ok(cli, repo, "status");
        assertThat(status.out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(status.err()).isEqualTo("WARNING: stage: 'external-abs.csv.dvc' is frozen. Its dependencies are "
                + "not going to be shown in the status output.\nWARNING: stage: 'external.csv.dvc' is frozen. Its "
                + "dependencies are not going to be shown in the status output.\n");
        assertThat(ok(cli, repo, "update", "external.csv.dvc", "external-abs.csv.dvc").out()).isEqualTo(
                "'external.csv.dvc' didn't change, skipping\n'external-abs.csv.dvc' didn't change, skipping\n");
        assertThat(Git.run(repo, "status", "--porcelain")).isEmpty();

        Files.writeString(work.resolve("source/external.csv"), "z,3\n", StandardOpenOption.APPEND);
        Path source = work.resolve("source/external.csv");
        assertThat(ok(cli, repo, "update", "external.csv.dvc").out())
                .isEqualTo("Importing '" + source + "' -> 'external.csv'\n");
        String md5 = FileHasher.md5(source);
        String text = Files.readString(repo.resolve("external.csv.dvc"));
        assertThat(text).endsWith("frozen: true\ndeps:\n- md5: " + md5 + "\n  size: 16\n  hash: md5\n  path: "
                + "../source/external.csv\nouts:\n- md5: " + md5 + "\n  size: 16\n  hash: md5\n  path: external.csv\n");
        DvcFile f = DvcFile.parse(text, "external.csv.dvc");
        assertThat(f.md5()).isEqualTo(StageChecksum.compute(f.withMd5(null).toDict()));
        assertThat(Files.readString(repo.resolve("external.csv"))).isEqualTo("k,v\nx,1\ny,2\nz,3\n");
        // the absolute one still has the old data until it is updated too
        assertThat(ok(cli, repo, "update", "external-abs.csv.dvc").out())
                .isEqualTo("Importing '" + source + "' -> 'external-abs.csv'\n");
        assertThat(Files.readString(repo.resolve("external-abs.csv.dvc"))).contains("  path: " + source + "\n");
        assertThat(ok(cli, repo, "push").out()).isEqualTo("1 file pushed\n");
        assertThat(ok(cli, repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void httpSourceRecordsTheEtagAsChecksum() throws IOException {
        Path served = Files.createDirectories(tmp.resolve("www/files"));
        Files.writeString(served.resolve("a.csv"), "a,b\n1,2\n");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Git.run(repo, "init", "-q");
        CliRunner cli = new CliRunner(tmp);
        ok(cli, repo, "init", "-q");
        String md5 = FileHasher.md5(served.resolve("a.csv"));
        try (HttpServerProcess etags = HttpServerProcess.start(tmp.resolve("www"), "--etag");
                HttpServerProcess plain = HttpServerProcess.start(tmp.resolve("www"))) {
            String url = etags.url("/files/a.csv");
            assertThat(ok(cli, repo, "import-url", url).out()).startsWith("Importing '" + url + "' -> 'a.csv'\n");
            assertThat(Files.readString(repo.resolve("a.csv.dvc"))).contains("deps:\n- checksum: " + md5
                    + "\n  size: 8\n  hash: md5\n  path: " + url + "\nouts:\n- md5: " + md5 + "\n  size: 8\n");
            assertThat(ok(cli, repo, "update", "a.csv.dvc").out()).isEqualTo("'a.csv.dvc' didn't change, skipping\n");
            Files.writeString(served.resolve("a.csv"), "3,4\n", StandardOpenOption.APPEND);
            ok(cli, repo, "update", "-q", "a.csv.dvc");
            assertThat(Files.readString(repo.resolve("a.csv"))).isEqualTo("a,b\n1,2\n3,4\n");
            // NOTE: a server without ETag/Content-MD5: jdvc hashes the bytes and records md5
            String plainUrl = plain.url("/files/a.csv");
            ok(cli, repo, "import-url", "-q", plainUrl, "b.csv");
            assertThat(Files.readString(repo.resolve("b.csv.dvc"))).contains("deps:\n- md5: "
                    + FileHasher.md5(served.resolve("a.csv")) + "\n  size: 12\n  hash: md5\n  path: " + plainUrl);
            CliRunner.Result missing = cli.run(repo, "import-url", etags.url("/files/nosuch.csv"));
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).endsWith("dependency '" + etags.url("/files/nosuch.csv") + "' does not exist\n");
        }
    }

    @Test
    void sshSourceRecordsMd5() throws IOException {
        Path remoteDir = Files.createDirectories(tmp.resolve("sftp/exports"));
        Files.writeString(remoteDir.resolve("data.bin"), "ssh data\n");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Git.run(repo, "init", "-q");
        CliRunner cli = new CliRunner(tmp);
        ok(cli, repo, "init", "-q");
        String old = System.getProperty(SshBlobStoreFactory.SSH_DIR_PROPERTY);
        try (SshServerProcess server = SshServerProcess.start(tmp.resolve("sshd"))) {
            System.setProperty(SshBlobStoreFactory.SSH_DIR_PROPERTY, server.sshDir().toString());
            String url = server.url(remoteDir.resolve("data.bin").toString());
            ok(cli, repo, "import-url", "-q", url);
            String md5 = FileHasher.md5(remoteDir.resolve("data.bin"));
            assertThat(Files.readString(repo.resolve("data.bin.dvc"))).contains("deps:\n- md5: " + md5
                    + "\n  size: 9\n  hash: md5\n  path: " + url + "\n");
            assertThat(Files.readString(repo.resolve("data.bin"))).isEqualTo("ssh data\n");
            // a folder over SFTP is a directory source
            Files.writeString(remoteDir.resolve("more.bin"), "more\n");
            ok(cli, repo, "import-url", "-q", server.url(remoteDir.toString()), "exports");
            assertThat(Files.readString(repo.resolve("exports/more.bin"))).isEqualTo("more\n");
            assertThat(Files.readString(repo.resolve("exports.dvc"))).contains("  size: 14\n  nfiles: 2\n");
        } finally {
            if (old == null) {
                System.clearProperty(SshBlobStoreFactory.SSH_DIR_PROPERTY);
            } else {
                System.setProperty(SshBlobStoreFactory.SSH_DIR_PROPERTY, old);
            }
        }
    }
}
