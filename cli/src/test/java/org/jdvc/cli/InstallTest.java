package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install}: real git runs the hooks, which run a real jdvc process (a launcher script standing in for the
 * {@code jdvc} launcher, with the test's class path and isolated config).
 */
class InstallTest {
    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path repo;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRunner(tmp);
        Path launcher = tmp.resolve("jdvc-launcher");
        Files.writeString(launcher, "#!/bin/sh\n"
                + "export HOME='" + tmp + "' DVC_GLOBAL_CONFIG_DIR='" + tmp.resolve("global") + "' "
                + "DVC_SYSTEM_CONFIG_DIR='" + tmp.resolve("system") + "'\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' "
                + "--enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' org.jdvc.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        cli.env().put("JDVC_LAUNCHER", launcher.toString());
        repo = Files.createDirectories(tmp.resolve("repo"));
        Git.run(repo, "init", "-q");
        ok("init", "-q");
        Files.writeString(repo.resolve("data.txt"), "v1\n");
        ok("add", "-q", "data.txt");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v1");
        Git.run(repo, "tag", "v1");
        Files.delete(repo.resolve("data.txt"));
        Files.writeString(repo.resolve("data.txt"), "v2\n");
        ok("add", "-q", "data.txt");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v2");
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void writesDvcsThreeHooks() throws IOException {
        ok("install");
        Path hooks = repo.resolve(".git/hooks");
        for (String name : new String[] {"post-checkout", "pre-commit", "pre-push"}) {
            assertThat(Files.readString(hooks.resolve(name))).isEqualTo("#!/bin/sh\nexec '"
                    + cli.env().get("JDVC_LAUNCHER") + "' git-hook " + name + " \"$@\"\n");
            assertThat(Files.isExecutable(hooks.resolve(name))).isTrue();
        }
    }

    @Test
    void gitCheckoutRunsCheckoutThroughTheHook() throws IOException {
        ok("install");
        Git.run(repo, "checkout", "-q", "v1");
        assertThat(Files.readString(repo.resolve("data.txt"))).isEqualTo("v1\n");
        Git.run(repo, "checkout", "-q", "main");
        assertThat(Files.readString(repo.resolve("data.txt"))).isEqualTo("v2\n");
    }

    @Test
    void fileCheckoutLeavesDataAlone() throws IOException {
        ok("install");
        // NOTE: checking out a path is flag 0: the hook must not run checkout (data.txt keeps v2)
        Git.run(repo, "checkout", "v1", "--", "data.txt.dvc");
        assertThat(Files.readString(repo.resolve("data.txt"))).isEqualTo("v2\n");
    }

    @Test
    void preCommitRunsStatusAndPrePushRunsPush() throws IOException {
        Path store = tmp.resolve("store");
        ok("remote", "add", "-q", "-d", "store", store.toString());
        Git.run(repo, "commit", "-q", "-am", "remote");
        ok("install");
        Files.writeString(repo.resolve("notes.md"), "x\n");
        Git.run(repo, "add", "notes.md");
        String commit = Git.run(repo, "commit", "-m", "notes");
        assertThat(commit).contains("Data and pipelines are up to date.");
        Path bare = tmp.resolve("origin.git");
        Git.run(tmp, "init", "-q", "--bare", bare.toString());
        Git.run(repo, "push", "-q", bare.toString(), "main");
        try (var objects = Files.walk(store)) {
            assertThat(objects.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void anExistingHookIsAnErrorAndNothingIsWritten() throws IOException {
        Path hooks = Files.createDirectories(repo.resolve(".git/hooks"));
        Files.writeString(hooks.resolve("pre-push"), "#!/bin/sh\n");
        CliRunner.Result r = cli.run(repo, "install");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: Hook 'pre-push' already exists. Please refer to "
                + "<https://man.dvc.org/install> for more info.\n");
        assertThat(hooks.resolve("post-checkout")).doesNotExist();
        assertThat(hooks.resolve("pre-commit")).doesNotExist();
    }
}
