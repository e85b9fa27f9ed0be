package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jdvc.hash.FileHasher;
import org.jdvc.hash.TreeManifest;
import org.jdvc.testing.DvcFixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Repositories made by the real DVC 3.64: jdvc reports them as DVC does, restores their data exactly, reads and
 * writes their files byte-identically, and produces the same files when adding the same data afresh.
 */
class DvcFixtureCompatibilityTest {
    @TempDir
    Path tmp;

    private Path unpack(String name) throws IOException {
        return DvcFixtures.unpack(name, tmp).resolve("repo");
    }

    @ParameterizedTest
    @ValueSource(strings = {DvcFixtures.SINGLE_FILE, DvcFixtures.NESTED_DIR, DvcFixtures.TWO_VERSIONS})
    void statusIsCleanAsDvcReportsIt(String fixture) throws IOException {
        Path repo = unpack(fixture);
        CliRunner.Result r = new CliRunner(tmp).run(repo, "status");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(r.err()).isEmpty();
        CliRunner.Result quiet = new CliRunner(tmp).run(repo, "status", "-q");
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.out()).isEmpty();
        CliRunner.Result json = new CliRunner(tmp).run(repo, "status", "--json");
        assertThat(json.out()).isEqualTo("{}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DvcFixtures.SINGLE_FILE, DvcFixtures.NESTED_DIR, DvcFixtures.TWO_VERSIONS})
    void checkoutAfterDeletingTheDataRestoresExactBytesAndModes(String fixture) throws IOException {
        Path repo = unpack(fixture);
        Map<String, String> before = snapshot(repo);
        try (Stream<Path> top = Files.list(repo)) {
            for (Path p : top.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith(".dvc")) {
                    org.jdvc.repo.WorkspaceCheckout.deleteAny(p);
                }
            }
        }
        assertThat(snapshot(repo)).isNotEqualTo(before);
        CliRunner.Result r = new CliRunner(tmp).run(repo, "checkout");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("A       ");
        assertThat(snapshot(repo)).isEqualTo(before);
        assertThat(new CliRunner(tmp).run(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DvcFixtures.SINGLE_FILE, DvcFixtures.NESTED_DIR, DvcFixtures.TWO_VERSIONS})
    void dirManifestsReserializeByteIdentically(String fixture) throws IOException {
        Path cache = unpack(fixture).resolve(".dvc/cache/files/md5");
        int manifests = 0;
        try (Stream<Path> objects = Files.walk(cache)) {
            for (Path p : objects.filter(Files::isRegularFile).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("r--r--r--");
                String oid = p.getParent().getFileName() + p.getFileName().toString();
                if (oid.endsWith(".dir")) {
                    byte[] bytes = Files.readAllBytes(p);
                    TreeManifest m = TreeManifest.parse(bytes, p.toString());
                    assertThat(m.toBytes()).isEqualTo(bytes);
                    assertThat(m.digest() + ".dir").isEqualTo(oid);
                    manifests++;
                } else {
                    assertThat(FileHasher.md5(p)).isEqualTo(oid);
                }
            }
        }
        if (fixture.equals(DvcFixtures.NESTED_DIR)) {
            assertThat(manifests).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {DvcFixtures.SINGLE_FILE, DvcFixtures.NESTED_DIR, DvcFixtures.TWO_VERSIONS})
    void addingTheSameDataAfreshGivesIdenticalDvcFilesAndCacheObjects(String fixture) throws IOException {
        Path dvcRepo = unpack(fixture);
        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        Git.run(fresh, "init", "-q");
        CliRunner cli = new CliRunner(tmp);
        assertThat(cli.run(fresh, "init", "-q").exit()).isZero();
        try (Stream<Path> top = Files.list(dvcRepo)) {
            for (Path dvcFile : top.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".dvc")).sorted().toList()) {
                String data = dvcFile.getFileName().toString().replaceAll("\\.dvc$", "");
                copyTree(dvcRepo.resolve(data), fresh.resolve(data));
                CliRunner.Result r = cli.run(fresh, "add", data);
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(Files.readString(fresh.resolve(data + ".dvc"))).isEqualTo(Files.readString(dvcFile));
            }
        }
        assertThat(Files.readString(fresh.resolve(".gitignore"))).isEqualTo(Files.readString(
                dvcRepo.resolve(".gitignore")));
        Map<String, String> dvcObjects = snapshot(dvcRepo.resolve(".dvc/cache"));
        Map<String, String> ours = snapshot(fresh.resolve(".dvc/cache"));
        if (fixture.equals(DvcFixtures.TWO_VERSIONS)) {
            assertThat(dvcObjects).containsAllEntriesOf(ours); // the fixture's cache also holds v1
        } else {
            assertThat(ours).isEqualTo(dvcObjects);
        }
    }

    /** relpath → "mode md5" of every file below {@code dir}, skipping .git and .dvc/tmp. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String rel = dir.relativize(p).toString();
                if (rel.startsWith(".git") && !rel.startsWith(".gitignore") || rel.startsWith(".dvc/tmp")
                        || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                result.put(rel, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                        + FileHasher.md5(p));
            }
        }
        return result;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.createDirectories(d.getParent());
                    Files.copy(p, d);
                }
            }
        }
    }
}
