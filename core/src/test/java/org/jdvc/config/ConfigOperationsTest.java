package org.jdvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jdvc.JdvcException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour of transcript section 06-remote-config, replayed in order on a fresh repository. */
class ConfigOperationsTest {
    @TempDir Path tmp;
    Path scenario;
    Path repo;
    Path dvcDir;
    Map<String, String> env;
    ConfigOperations ops;

    @BeforeEach
    void setUp() throws Exception {
        scenario = tmp.toRealPath();
        repo = Files.createDirectories(scenario.resolve("repo"));
        dvcDir = Files.createDirectories(repo.resolve(".dvc"));
        Files.writeString(dvcDir.resolve("config"), ""); // dvc init writes an empty file
        env = Map.of("DVC_GLOBAL_CONFIG_DIR", scenario.resolve("home/.config/dvc").toString(),
                "DVC_SYSTEM_CONFIG_DIR", scenario.resolve("etc/dvc").toString(), "HOME", scenario.resolve("home")
                        .toString());
        ops = new ConfigOperations(dvcDir, repo, env);
    }

    private String config() throws Exception {
        return Files.readString(dvcDir.resolve("config"));
    }

    private static ConfigException configError(Runnable action) {
        try {
            action.run();
        } catch (ConfigException e) {
            assertThat(e.exitCode()).isEqualTo(251);
            return e;
        }
        throw new AssertionError("no ConfigException");
    }

    @Test
    void transcript06() throws Exception {
        // 6.1
        assertThat(ops.remoteList(null)).isEmpty();
        // 6.2 - 6.4
        ops.remoteAdd(null, "storage", "../remote", false, false);
        assertThat(config()).isEqualTo("['remote \"storage\"']\n    url = ../../remote\n");
        String before = config();
        assertThat(configError(() -> ops.remoteAdd(null, "storage", "../other", false, false)).getMessage())
                .isEqualTo("config file error: remote 'storage' already exists. Use `-f|--force` to overwrite it.");
        assertThat(config()).isEqualTo(before);
        ops.remoteAdd(null, "storage", "../remote2", false, true);
        // 6.5
        assertThat(ConfigOperations.defaultRemoteNotice("backup")).isEqualTo("Setting 'backup' as a default remote.");
        ops.remoteAdd(null, "backup", scenario.resolve("backup").toString(), true, false);
        // 6.6
        assertThat(ops.remoteList(null)).extracting(ConfigOperations.Remote::line).containsExactly(
                "storage " + scenario.resolve("remote2"), expandTabs("backup\t" + scenario.resolve("backup")
                        + "\t(default)"));
        assertThat(config()).isEqualTo("[core]\n    remote = backup\n['remote \"storage\"']\n    url = ../../remote2\n"
                + "['remote \"backup\"']\n    url = " + scenario.resolve("backup") + "\n");
        // 6.7 - 6.11
        assertThat(ops.remoteDefault(null)).contains("backup");
        ops.remoteSetDefault(null, "storage");
        assertThat(ops.remoteDefault(null)).contains("storage");
        assertThat(configError(() -> ops.remoteSetDefault(null, "nosuch")).getMessage())
                .isEqualTo("config file error: default remote must be present in remote list.");
        ops.remoteUnsetDefault(null);
        assertThat(ops.remoteDefault(null)).isEmpty();
        // 6.12 - 6.15
        ops.remoteModify(null, "storage", "url", "../remote3");
        before = config();
        assertThat(configError(() -> ops.remoteModify(null, "storage", "nosuchoption", "1")).getMessage())
                .isEqualTo("config file error: extra keys not allowed @ data['remote']['storage']['nosuchoption']");
        assertThat(config()).isEqualTo(before);
        assertThat(configError(() -> ops.remoteModify(null, "nosuch", "url", "../x")).getMessage())
                .isEqualTo("config file error: remote 'nosuch' doesn't exist.");
        ops.remoteModifyUnset(null, "storage", "jobs");
        // 6.16 - 6.19
        ops.remoteRename(null, "backup", "bak");
        assertThat(configError(() -> ops.remoteRename(null, "nosuch", "x")).getMessage())
                .isEqualTo("config file error: remote 'nosuch' doesn't exist.");
        ops.remoteRemove(null, "bak");
        assertThat(configError(() -> ops.remoteRemove(null, "nosuch")).getMessage())
                .isEqualTo("config file error: remote 'nosuch' doesn't exist.");
        // 6.20 - 6.22
        ops.remoteAdd(ConfigLevel.LOCAL, "secret", "../secret", false, false);
        assertThat(ops.remoteList(null)).extracting(ConfigOperations.Remote::line).containsExactly(
                "storage " + scenario.resolve("remote3"), "secret  " + scenario.resolve("secret"));
        assertThat(ops.remoteList(ConfigLevel.LOCAL)).extracting(ConfigOperations.Remote::line)
                .containsExactly("secret  " + scenario.resolve("secret"));
        assertThat(config()).isEqualTo("['remote \"storage\"']\n    url = ../../remote3\n");
        assertThat(Files.readString(dvcDir.resolve("config.local")))
                .isEqualTo("['remote \"secret\"']\n    url = ../../secret\n");
        // 6.23 - 6.31
        ops.set(null, ConfigName.parse("core.autostage"), "true");
        assertThat(ops.get(null, ConfigName.parse("core.autostage"))).map(ConfigOperations.Entry::value)
                .contains("true");
        assertThat(configError(() -> ops.set(null, ConfigName.parse("core.nosuch"), "x")).getMessage())
                .isEqualTo("config file error: extra keys not allowed @ data['core']['nosuch']");
        assertThat(configError(() -> ops.set(null, ConfigName.parse("nosection.key"), "x")).getMessage())
                .isEqualTo("config file error: extra keys not allowed @ data['nosection']");
        assertThat(configError(() -> ops.set(null, ConfigName.parse("core.autostage"), "maybe")).getMessage())
                .isEqualTo("config file error: expected true or false for dictionary value @ data['core']['autostage']");
        assertThatThrownBy(() -> ConfigName.parse("autostage")).isInstanceOfSatisfying(JdvcException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(254);
            assertThat(e.getMessage()).isEqualTo("argument name: name argument should look like "
                    + "remote.name.option or db.name.option or section.option");
        });
        ops.unset(null, ConfigName.parse("core.autostage"));
        assertThat(configError(() -> ops.unset(null, ConfigName.parse("core.autostage"))).getMessage())
                .isEqualTo("config file error: option 'autostage' doesn't exist in section 'core'");
        assertThat(ops.get(null, ConfigName.parse("core.autostage"))).isEmpty();
        ops.set(null, ConfigName.parse("core.autostage"), "true");
        // 6.32 - 6.37
        ops.set(ConfigLevel.LOCAL, ConfigName.parse("core.remote"), "secret");
        assertThat(ops.list(null)).extracting(e -> e.name() + "=" + e.value()).containsExactly(
                "remote.storage.url=" + scenario.resolve("remote3"), "core.autostage=true",
                "remote.secret.url=" + scenario.resolve("secret"), "core.remote=secret");
        assertThat(ops.list(ConfigLevel.LOCAL)).extracting(e -> e.name() + "=" + e.value()).containsExactly(
                "remote.secret.url=" + scenario.resolve("secret"), "core.remote=secret");
        assertThat(ops.list(ConfigLevel.REPO)).extracting(e -> e.name() + "=" + e.value()).containsExactly(
                "remote.storage.url=" + scenario.resolve("remote3"), "core.autostage=true");
        assertThat(ops.list(null)).extracting(ConfigOperations.Entry::origin)
                .containsExactly(".dvc/config", ".dvc/config", ".dvc/config.local", ".dvc/config.local");
        assertThat(ops.get(null, ConfigName.parse("core.remote")))
                .contains(new ConfigOperations.Entry(".dvc/config.local", "core.remote", "secret"));
        // 6.38 - 6.39
        ops.set(ConfigLevel.GLOBAL, ConfigName.parse("core.analytics"), "false");
        assertThat(ops.list(ConfigLevel.GLOBAL)).extracting(e -> e.name() + "=" + e.value())
                .containsExactly("core.analytics=false");
        assertThat(Files.readString(scenario.resolve("home/.config/dvc/config")))
                .isEqualTo("[core]\n    analytics = false\n");
        ops.unset(ConfigLevel.GLOBAL, ConfigName.parse("core.analytics"));
        // 6.40 - 6.44
        assertThat(ops.cacheDir(null)).isEqualTo(repo.resolve(".dvc/cache").toString());
        ops.setCacheDir(null, "../shared-cache");
        assertThat(ops.cacheDir(null)).isEqualTo(scenario.resolve("shared-cache").toString());
        assertThat(config()).isEqualTo("[core]\n    autostage = true\n[cache]\n    dir = ../../shared-cache\n"
                + "['remote \"storage\"']\n    url = ../../remote3\n");
        ops.unsetCacheDir(null);
        assertThat(ops.cacheDir(null)).isEqualTo(repo.resolve(".dvc/cache").toString());
    }

    private static String expandTabs(String s) {
        return ConfigOperations.expandTabs(s);
    }

    @Test
    void pathsGivenRelativeToCwdAreWrittenRelativeToTheConfigFile() throws Exception {
        ops.remoteAdd(null, "r", "../store", false, false);
        ops.setCacheDir(null, "cache2");
        assertThat(config()).isEqualTo("[cache]\n    dir = ../cache2\n['remote \"r\"']\n    url = ../../store\n");
        var fromSub = new ConfigOperations(dvcDir, Files.createDirectories(repo.resolve("sub")), env);
        fromSub.remoteAdd(null, "s", "store", false, false);
        fromSub.remoteAdd(null, "u", "s3://bucket/x", false, false);
        fromSub.remoteAdd(null, "h", "~/x", false, false);
        assertThat(config()).endsWith("['remote \"s\"']\n    url = ../sub/store\n['remote \"u\"']\n"
                + "    url = s3://bucket/x\n['remote \"h\"']\n    url = ~/x\n");
    }

    @Test
    void remoteNamesAreLowerCasedAndDefaultIsWrittenFirst() throws Exception {
        ops.remoteAdd(null, "MyRemote", "s3://bucket/path", true, false);
        ops.remoteModify(null, "myremote", "endpointurl", "http://localhost:9000");
        assertThat(config()).isEqualTo("[core]\n    remote = myremote\n['remote \"myremote\"']\n"
                + "    url = s3://bucket/path\n    endpointurl = http://localhost:9000\n");
    }

    @Test
    void removeDeletesDefaultReferencesInShadowingLevels() throws Exception {
        ops.remoteAdd(null, "a", "/srv/a", true, false);
        ops.set(ConfigLevel.LOCAL, ConfigName.parse("core.remote"), "a");
        ops.remoteRemove(null, "a");
        assertThat(config()).isEqualTo("\n");
        assertThat(Files.readString(dvcDir.resolve("config.local"))).isEqualTo("\n");
    }

    @Test
    void renameMovesRemoteToTheEndAndUpdatesDefaults() throws Exception {
        ops.remoteAdd(null, "a", "/srv/a", true, false);
        ops.remoteAdd(null, "b", "/srv/b", false, false);
        ops.remoteRename(null, "a", "c");
        assertThat(config()).isEqualTo("[core]\n    remote = c\n['remote \"b\"']\n    url = /srv/b\n"
                + "['remote \"c\"']\n    url = /srv/a\n");
        assertThat(configError(() -> ops.remoteRename(null, "b", "c")).getMessage())
                .isEqualTo("config file error: Rename failed. Remote name 'c' already exists.");
    }

    @Test
    void forceReplacesTheWholeRemoteInPlace() throws Exception {
        ops.remoteAdd(null, "a", "/srv/a", false, false);
        ops.remoteModify(null, "a", "jobs", "4");
        ops.remoteAdd(null, "b", "/srv/b", false, false);
        ops.remoteAdd(null, "a", "/srv/new", false, true);
        assertThat(config()).isEqualTo("['remote \"a\"']\n    url = /srv/new\n['remote \"b\"']\n    url = /srv/b\n");
    }

    @Test
    void repoLevelsOutsideARepoFail() {
        var outside = new ConfigOperations(null, tmp, env);
        assertThat(configError(() -> outside.remoteAdd(null, "a", "/x", false, false)).getMessage())
                .isEqualTo("config file error: Not inside a DVC repo");
        assertThat(configError(() -> outside.list(ConfigLevel.LOCAL)).getMessage())
                .isEqualTo("config file error: Not inside a DVC repo");
        outside.remoteAdd(ConfigLevel.GLOBAL, "g", "/x", false, false);
        assertThat(outside.remoteList(null)).extracting(ConfigOperations.Remote::name).containsExactly("g");
    }

    @Test
    void brokenConfigFileReportsSyntaxErrorAndValidationErrors() throws Exception {
        Files.writeString(dvcDir.resolve("config"), "[core\nremote = x\n");
        assertThat(configError(() -> ops.list(null)).detail())
                .isEqualTo("Invalid line ('[core') (matched as neither section nor keyword) at line 1.");
        Files.writeString(dvcDir.resolve("config"), "[core]\n    nosuchoption = 1\n");
        assertThat(configError(() -> Config.load(dvcDir, env)).getMessage())
                .isEqualTo("config file error: extra keys not allowed @ data['core']['nosuchoption']");
    }

    @Test
    void getWithALevelReportsMissingOptions() {
        assertThat(configError(() -> ops.get(ConfigLevel.REPO, ConfigName.parse("core.autostage"))).getMessage())
                .isEqualTo("config file error: option 'autostage' doesn't exist in section 'core'");
        assertThat(configError(() -> ops.get(ConfigLevel.REPO, ConfigName.parse("remote.x.url"))).getMessage())
                .isEqualTo("config file error: remote 'x' doesn't exist");
        assertThat(configError(() -> ops.cacheDir(ConfigLevel.REPO)).getMessage())
                .isEqualTo("config file error: option 'dir' doesn't exist in section 'cache'");
    }

    @Test
    void failedValidationWritesNothingAndNoTempFilesRemain() throws Exception {
        ops.remoteAdd(null, "a", "/srv/a", false, false);
        String before = config();
        configError(() -> ops.set(null, ConfigName.parse("cache.type"), "bogus"));
        configError(() -> ops.remoteAdd(null, "b", "foo://x/y", false, false));
        assertThat(config()).isEqualTo(before);
        try (var files = Files.list(dvcDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config");
        }
    }

    @Test
    void initNoScmConfigRoundTrips() throws Exception {
        Files.writeString(dvcDir.resolve("config"), "[core]\n    no_scm = True\n");
        ops.remoteAdd(null, "local", "../../remote", true, false);
        assertThat(config()).isEqualTo("[core]\n    no_scm = True\n    remote = local\n['remote \"local\"']\n"
                + "    url = ../../../remote\n");
        assertThat(Config.load(dvcDir, env).noScm()).isTrue();
    }
}
