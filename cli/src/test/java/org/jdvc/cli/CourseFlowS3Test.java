package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jdvc.hash.FileHasher;
import org.jdvc.model.Dependency;
import org.jdvc.model.DvcFile;
import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteRegistry;
import org.jdvc.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's upstream versioning flow (jukebox reference) end to end against a real S3 server: the ETL writes
 * {@code song_properties.parquet} into bucket {@code data} (remote {@code data-source}); {@code import-url
 * remote://data-source/... --to-remote} puts it into the default remote (bucket {@code data-cache}) without a local
 * copy; a daily {@code update --to-remote} follows new versions; any git revision's {@code pull} gives its bytes.
 */
class CourseFlowS3Test {
    private static final String SOURCE = "song_properties.parquet";

    @TempDir
    Path tmp;
    S3ProxyServer server;
    CliRunner cli;
    Path repo;

    @BeforeEach
    void setUp() throws IOException {
        server = S3ProxyServer.started(tmp.resolve("s3"));
        server.createBucket("data");
        server.createBucket("data-cache");
        cli = new CliRunner(tmp);
        repo = Files.createDirectories(tmp.resolve("repo"));
        Git.run(repo, "init", "-q");
        ok("init", "-q");
        for (String[] r : new String[][] {{"data-source", "s3://data"}, {"s3-version", "s3://data-cache"}}) {
            if (r[0].equals("s3-version")) {
                ok("remote", "add", "-d", r[0], r[1]);
            } else {
                ok("remote", "add", r[0], r[1]);
            }
            ok("remote", "modify", r[0], "endpointurl", server.endpoint().toString());
            ok("remote", "modify", "--local", r[0], "access_key_id", S3ProxyServer.ACCESS_KEY);
            ok("remote", "modify", "--local", r[0], "secret_access_key", S3ProxyServer.SECRET_KEY);
        }
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
    }

    @AfterEach
    void tearDown() {
        server.kill();
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** What the ETL does: writes a new version of the table into the source bucket. */
    private String publish(long seed) throws IOException {
        byte[] bytes = new byte[300_000];
        new Random(seed).nextBytes(bytes);
        Path file = tmp.resolve("etl-" + seed + ".parquet");
        Files.write(file, bytes);
        try (BlobStore data = RemoteRegistry.open("etl", "s3://data", Map.of("endpointurl",
                server.endpoint().toString(), "access_key_id", S3ProxyServer.ACCESS_KEY, "secret_access_key",
                S3ProxyServer.SECRET_KEY))) {
            data.put(SOURCE, file);
        }
        return FileHasher.md5(file);
    }

    private DvcFile stage() throws IOException {
        return DvcFile.parse(Files.readString(repo.resolve(SOURCE + ".dvc")), SOURCE + ".dvc");
    }

    @Test
    void importToRemoteUpdateAndRollBack() throws IOException {
        String v1 = publish(1);
        CliRunner.Result imported = ok("import-url", "remote://data-source/" + SOURCE, "--to-remote");
        assertThat(imported.out()).startsWith("Importing 'remote://data-source/" + SOURCE + "' -> '" + SOURCE + "'\n");
        DvcFile first = stage();
        assertThat(first.frozen()).isTrue();
        assertThat(first.md5()).matches("[0-9a-f]{32}");
        Dependency dep = first.deps().getFirst();
        assertThat(dep.path()).isEqualTo("remote://data-source/" + SOURCE);
        assertThat(dep.get("etag")).isEqualTo(v1); // a single-part upload's ETag is the md5
        assertThat(dep.size()).isEqualTo(300_000L);
        assertThat(first.outs().getFirst().hash().value()).isEqualTo(v1);
        assertThat(Files.readString(repo.resolve(SOURCE + ".dvc"))).startsWith("md5: " + first.md5()
                + "\nfrozen: true\ndeps:\n- etag: " + v1 + "\n  size: 300000\n  hash: md5\n  path: remote://data-source/"
                + SOURCE + "\nouts:\n- md5: " + v1 + "\n  size: 300000\n  hash: md5\n  path: " + SOURCE + "\n");
        // straight to the remote: neither in the workspace nor in the cache
        assertThat(repo.resolve(SOURCE)).doesNotExist();
        assertThat(countFiles(repo.resolve(".dvc/cache"))).isZero();
        assertThat(server.blobsDir().resolve("data-cache/files/md5/" + v1.substring(0, 2) + "/" + v1.substring(2)))
                .exists();
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Updated data to version " + v1);

        assertThat(ok("update", "--to-remote", SOURCE + ".dvc").out())
                .isEqualTo("'" + SOURCE + ".dvc' didn't change, skipping\n");

        String v2 = publish(2);
        assertThat(ok("update", "--to-remote", SOURCE + ".dvc").out())
                .isEqualTo("Importing 'remote://data-source/" + SOURCE + "' -> '" + SOURCE + "'\n");
        DvcFile second = stage();
        assertThat(second.frozen()).isTrue();
        assertThat(second.deps().getFirst().get("etag")).isEqualTo(v2);
        assertThat(second.outs().getFirst().hash().value()).isEqualTo(v2);
        assertThat(second.md5()).isNotEqualTo(first.md5());
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Updated data to version " + v2);

        // training: check out a revision, pull, get exactly that version's bytes
        Git.run(repo, "checkout", "-q", "HEAD~1");
        ok("pull");
        assertThat(FileHasher.md5(repo.resolve(SOURCE))).isEqualTo(v1);
        Git.run(repo, "checkout", "-q", "main");
        ok("pull");
        assertThat(FileHasher.md5(repo.resolve(SOURCE))).isEqualTo(v2);
        assertThat(Git.run(repo, "status", "--porcelain")).isEmpty();
        CliRunner.Result status = ok("status");
        assertThat(status.out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void addToRemoteAndDirectoryImportFromS3() throws IOException {
        String v1 = publish(3);
        ok("add", "remote://data-source/" + SOURCE, "--to-remote", "-r", "s3-version", "-o", "copy.parquet");
        assertThat(Files.readString(repo.resolve("copy.parquet.dvc"))).isEqualTo("outs:\n- md5: " + v1
                + "\n  size: 300000\n  hash: md5\n  path: copy.parquet\n");
        assertThat(repo.resolve("copy.parquet")).doesNotExist();
        ok("pull", "copy.parquet.dvc");
        assertThat(FileHasher.md5(repo.resolve("copy.parquet"))).isEqualTo(v1);

        // a prefix is a directory: its dependency is the .dir md5 of an etag-keyed manifest (V6b)
        ok("import-url", "-q", "remote://data-source/", "bucket");
        String dvc = Files.readString(repo.resolve("bucket.dvc"));
        String manifest = "[{\"etag\": \"" + v1 + "\", \"relpath\": \"" + SOURCE + "\"}]";
        assertThat(dvc).contains("deps:\n- md5: " + FileHasher.md5(manifest.getBytes()) + ".dir\n  size: 300000\n"
                + "  nfiles: 1\n  hash: md5\n  path: remote://data-source/\n");
        assertThat(FileHasher.md5(repo.resolve("bucket/" + SOURCE))).isEqualTo(v1);
        assertThat(ok("update", "bucket.dvc").out()).isEqualTo("'bucket.dvc' didn't change, skipping\n");
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
