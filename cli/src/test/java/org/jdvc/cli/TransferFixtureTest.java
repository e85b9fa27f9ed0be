package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jdvc.repo.WorkspaceCheckout;
import org.jdvc.testing.DvcFixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Remotes pushed by the real DVC 3.64 (fixtures 01–03): jdvc pulls from them into an empty cache, and a remote jdvc
 * pushes from the same data has exactly their layout (paths, modes, bytes).
 */
class TransferFixtureTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {DvcFixtures.SINGLE_FILE, DvcFixtures.NESTED_DIR, DvcFixtures.TWO_VERSIONS})
    void pullFromDvcsRemoteRestoresTheData(String fixture) throws IOException {
        Path repo = DvcFixtures.unpack(fixture, tmp).resolve("repo");
        Map<String, String> before = snapshot(repo, true);
        WorkspaceCheckout.deleteAny(repo.resolve(".dvc/cache"));
        try (Stream<Path> top = Files.list(repo)) {
            for (Path p : top.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith(".dvc")) {
                    WorkspaceCheckout.deleteAny(p);
                }
            }
        }
        CliRunner cli = new CliRunner(tmp);
        CliRunner.Result pull = cli.run(repo, "pull");
        assertThat(pull.exit()).as(pull.toString()).isZero();
        assertThat(pull.out()).contains("fetched and").contains("added");
        assertThat(snapshot(repo, true)).isEqualTo(before);
        assertThat(cli.run(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(cli.run(repo, "status", "-c").out()).isEqualTo("Cache and remote 'local' are in sync.\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DvcFixtures.SINGLE_FILE, DvcFixtures.NESTED_DIR, DvcFixtures.TWO_VERSIONS})
    void remotePushedByJdvcHasDvcsLayout(String fixture) throws IOException {
        Path dvc = DvcFixtures.unpack(fixture, tmp);
        Path fresh = Files.createDirectories(tmp.resolve("fresh/repo"));
        Git.run(fresh, "init", "-q");
        CliRunner cli = new CliRunner(tmp);
        assertThat(cli.run(fresh, "init", "-q").exit()).isZero();
        assertThat(cli.run(fresh, "remote", "add", "-d", "local", "../remote").exit()).isZero();
        if (fixture.equals(DvcFixtures.TWO_VERSIONS)) {
            Files.writeString(fresh.resolve("data.csv"), "id,value\n1,10\n2,20\n");
            assertThat(cli.run(fresh, "add", "-q", "data.csv").exit()).isZero();
            assertThat(cli.run(fresh, "push").out()).isEqualTo("1 file pushed\n");
            Files.delete(fresh.resolve("data.csv"));
        }
        try (Stream<Path> top = Files.list(dvc.resolve("repo"))) {
            for (Path dvcFile : top.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".dvc")).sorted().toList()) {
                String data = dvcFile.getFileName().toString().replaceAll("\\.dvc$", "");
                copyTree(dvc.resolve("repo").resolve(data), fresh.resolve(data));
                assertThat(cli.run(fresh, "add", "-q", data).exit()).isZero();
            }
        }
        CliRunner.Result push = cli.run(fresh, "push");
        assertThat(push.exit()).as(push.toString()).isZero();
        assertThat(snapshot(tmp.resolve("fresh/remote"), false)).isEqualTo(snapshot(dvc.resolve("remote"), false));
    }

    /** relpath → mode + bytes of every regular file (without .git/.dvc when {@code workspace}). */
    private static Map<String, String> snapshot(Path root, boolean workspace) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString();
                if (workspace && (rel.startsWith(".git") || rel.startsWith(".dvc/"))) {
                    continue;
                }
                String mode = workspace ? "" : PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " ";
                m.put(rel, mode + java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
