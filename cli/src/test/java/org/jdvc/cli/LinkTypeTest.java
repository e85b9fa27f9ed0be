package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cache.type} hardlink, symlink and copy: add, checkout and status; links are read-only and {@code unprotect}
 * turns them into writable copies without touching the cache; {@code checkout --relink} converts a workspace.
 */
class LinkTypeTest {
    private static final List<String> FILES = List.of("file.txt", "dir/a.txt", "dir/sub/b.txt", "dir/empty");

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
        for (String f : FILES) {
            Files.createDirectories(repo.resolve(f).getParent());
            Files.writeString(repo.resolve(f), f.endsWith("empty") ? "" : "content of " + f + "\n");
        }
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private Path object(String f) throws IOException {
        String md5 = RepoTree.md5(Files.readAllBytes(repo.resolve(f)));
        return repo.resolve(".dvc/cache/files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2));
    }

    private String content(String f) {
        return f.endsWith("empty") ? "" : "content of " + f + "\n";
    }

    /** Each workspace file is what {@code type} makes of its cache object. */
    private void assertLinkedAs(String type) throws IOException {
        for (String f : FILES) {
            Path ws = repo.resolve(f);
            Path obj = object(f);
            assertThat(Files.readString(ws)).as(f).isEqualTo(content(f));
            assertThat(Files.getPosixFilePermissions(obj)).as(obj.toString())
                    .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
            boolean empty = f.endsWith("empty");
            switch (type) {
                case "hardlink" -> {
                    assertThat(Files.isSymbolicLink(ws)).isFalse();
                    // NOTE: DVC materialises the empty object as a new empty file, not a link (spec §2.4)
                    assertThat(Files.isSameFile(ws, obj)).as(f).isEqualTo(!empty);
                    if (!empty) {
                        // NOTE: modes, not Files.isWritable: the tests may run as root, who can write anything
                        assertThat(Files.getPosixFilePermissions(ws)).as(f)
                                .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
                    }
                }
                case "symlink" -> {
                    assertThat(Files.isSymbolicLink(ws)).as(f).isTrue();
                    assertThat(Files.readSymbolicLink(ws)).isEqualTo(obj.toAbsolutePath());
                }
                default -> {
                    assertThat(Files.isSymbolicLink(ws)).isFalse();
                    assertThat(Files.isSameFile(ws, obj)).isFalse();
                    assertThat(Files.getPosixFilePermissions(ws, LinkOption.NOFOLLOW_LINKS))
                            .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
                }
            }
        }
    }

    private Map<String, String> cacheSnapshot() throws IOException {
        return new TreeMap<>(RepoTree.snapshot(repo.resolve(".dvc/cache")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hardlink", "symlink", "copy"})
    void addCheckoutStatusUnprotect(String type) throws IOException {
        ok("config", "cache.type", type);
        ok("add", "-q", "file.txt", "dir");
        assertLinkedAs(type);
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");

        org.jdvc.repo.WorkspaceCheckout.deleteAny(repo.resolve("dir"));
        Files.delete(repo.resolve("file.txt"));
        assertThat(ok("checkout").out()).isEqualTo("A       dir/\nA       file.txt\n");
        assertLinkedAs(type);
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");

        Map<String, String> cache = cacheSnapshot();
        ok("unprotect", "file.txt", "dir");
        for (String f : FILES) {
            Path ws = repo.resolve(f);
            assertThat(Files.isSymbolicLink(ws)).as(f).isFalse();
            assertThat(Files.isSameFile(ws, object(f))).as(f).isFalse();
            assertThat(Files.getPosixFilePermissions(ws)).as(f)
                    .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            assertThat(Files.readString(ws)).isEqualTo(content(f));
        }
        assertThat(cacheSnapshot()).isEqualTo(cache);
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Files.writeString(repo.resolve("file.txt"), "edited\n");
        assertThat(cacheSnapshot()).isEqualTo(cache);
        assertThat(ok("status").out()).isEqualTo("file.txt.dvc:\n\tchanged outs:\n\t\tmodified:           file.txt\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hardlink", "symlink", "copy"})
    void relinkSwitchesAnExistingWorkspaceToTheConfiguredType(String type) throws IOException {
        String from = type.equals("copy") ? "symlink" : "copy";
        ok("config", "cache.type", from);
        ok("add", "-q", "file.txt", "dir");
        assertLinkedAs(from);
        ok("config", "cache.type", type);
        Map<String, String> cache = cacheSnapshot();
        assertThat(ok("checkout").out()).isEmpty();
        assertLinkedAs(from);
        assertThat(ok("checkout", "--relink").out()).isEqualTo("Relinked successfully\n");
        assertLinkedAs(type);
        assertThat(cacheSnapshot()).isEqualTo(cache);
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }
}
