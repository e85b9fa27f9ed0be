package org.jdvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir Path tmp;
    Path dvcDir;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        dvcDir = Files.createDirectories(tmp.resolve("repo/.dvc")).toRealPath();
        env = Map.of("DVC_GLOBAL_CONFIG_DIR", tmp.resolve("global").toString(),
                "DVC_SYSTEM_CONFIG_DIR", tmp.resolve("system").toString(), "HOME", tmp.resolve("home").toString());
    }

    private void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void levelFilesFollowEnvironment() {
        assertThat(ConfigLevel.GLOBAL.file(dvcDir, env)).contains(tmp.resolve("global/config"));
        assertThat(ConfigLevel.SYSTEM.file(null, env)).contains(tmp.resolve("system/config"));
        assertThat(ConfigLevel.REPO.file(dvcDir, env)).contains(dvcDir.resolve("config"));
        assertThat(ConfigLevel.LOCAL.file(dvcDir, env)).contains(dvcDir.resolve("config.local"));
        assertThat(ConfigLevel.LOCAL.file(null, env)).isEmpty();
        Map<String, String> xdg = Map.of("XDG_CONFIG_HOME", "/x/home", "XDG_CONFIG_DIRS", "/x/a:/x/b", "HOME", "/h");
        assertThat(ConfigLevel.GLOBAL.file(null, xdg)).contains(Path.of("/x/home/dvc/config"));
        assertThat(ConfigLevel.SYSTEM.file(null, xdg)).contains(Path.of("/x/a/dvc/config"));
        assertThat(ConfigLevel.GLOBAL.file(null, Map.of("HOME", "/h"))).contains(Path.of("/h/.config/dvc/config"));
        assertThat(ConfigLevel.SYSTEM.file(null, Map.of("HOME", "/h"))).contains(Path.of("/etc/xdg/dvc/config"));
    }

    @Test
    void laterLevelsShadowEarlierOnesKeyByKey() throws Exception {
        write(tmp.resolve("system/config"), "[core]\n    autostage = true\n    checksum_jobs = 3\n");
        write(tmp.resolve("global/config"), "[core]\n    autostage = false\n    remote = A\n"
                + "['remote \"a\"']\n    url = /srv/a\n    jobs = 2\n");
        write(dvcDir.resolve("config"), "[core]\n    no_scm = True\n['remote \"a\"']\n    jobs = 4\n");
        write(dvcDir.resolve("config.local"), "[cache]\n    type = hardlink, copy\n    shared = GROUP\n");
        Config config = Config.load(dvcDir, env);
        assertThat(config.autostage()).isFalse();
        assertThat(config.checksumJobs()).hasValue(3);
        assertThat(config.defaultRemote()).contains("a");
        assertThat(config.noScm()).isTrue();
        assertThat(config.cacheTypes()).containsExactly("hardlink", "copy");
        assertThat(config.cacheShared()).contains("group");
        RemoteConfig a = config.remote("A");
        assertThat(a.url()).isEqualTo("/srv/a");
        assertThat(a.options()).containsEntry("jobs", 4L);
        assertThat(config.cacheDir()).contains(dvcDir.resolve("cache"));
    }

    @Test
    void relativePathsResolveAgainstTheirConfigFile() throws Exception {
        write(dvcDir.resolve("config"), "[cache]\n    dir = ../cache2\n['remote \"r\"']\n    url = ../../store\n");
        write(tmp.resolve("global/config"), "['remote \"g\"']\n    url = store\n['remote \"h\"']\n    url = ~/x\n");
        Config config = Config.load(dvcDir, env);
        assertThat(config.cacheDir()).contains(dvcDir.getParent().resolve("cache2"));
        assertThat(config.remote("r").url()).isEqualTo(tmp.toRealPath().resolve("store").toString());
        assertThat(config.remote("g").url()).isEqualTo(tmp.resolve("global/store").toString());
        assertThat(config.remote("h").url()).isEqualTo(tmp.resolve("home/x").toString());
    }

    @Test
    void remoteReferencesResolveWithMergedOptions() throws Exception {
        write(dvcDir.resolve("config"), "['remote \"server\"']\n    url = ssh://host/srv\n    user = root\n"
                + "    port = 22\n['remote \"images\"']\n    url = remote://server/tmp/pictures\n    user = alice\n");
        RemoteConfig images = Config.load(dvcDir, env).remote("images");
        assertThat(images.url()).isEqualTo("ssh://host/srv/tmp/pictures");
        assertThat(images.options()).containsEntry("user", "alice").containsEntry("port", 22L);
        assertThatThrownBy(() -> Config.load(dvcDir, env).remote("nosuch"))
                .hasMessage("config file error: remote 'nosuch' doesn't exist");
    }

    @Test
    void unknownOptionIsRejectedWithDvcsMessage() throws Exception {
        write(dvcDir.resolve("config"), "[core]\n    nosuchoption = 1\n");
        assertThatThrownBy(() -> Config.load(dvcDir, env)).isInstanceOf(ConfigException.class)
                .hasMessage("config file error: extra keys not allowed @ data['core']['nosuchoption']");
    }

    @Test
    void validationMessages() throws Exception {
        assertThat(error("[nosection]\n    key = x\n")).isEqualTo("extra keys not allowed @ data['nosection']");
        assertThat(error("[core]\n    autostage = maybe\n"))
                .isEqualTo("expected true or false for dictionary value @ data['core']['autostage']");
        assertThat(error("[core]\n    checksum_jobs = 0\n"))
                .isEqualTo("value must be at least 1 for dictionary value @ data['core']['checksum_jobs']");
        assertThat(error("[core]\n    checksum_jobs = x\n"))
                .isEqualTo("expected int for dictionary value @ data['core']['checksum_jobs']");
        assertThat(error("[cache]\n    type = reflink, foo\n"))
                .isEqualTo("Unsupported cache type(s): foo for dictionary value @ data['cache']['type']");
        assertThat(error("['remote \"s\"']\n    url = /x\n    nosuchoption = 1\n"))
                .isEqualTo("extra keys not allowed @ data['remote']['s']['nosuchoption']");
        assertThat(error("['remote \"s\"']\n    jobs = 1\n"))
                .isEqualTo("expected 'url' for dictionary value @ data['remote']['s']");
        assertThat(error("['remote \"s\"']\n    url = foo://x/y\n"))
                .isEqualTo("Unsupported URL type foo:// for dictionary value @ data['remote']['s']");
        assertThat(error("[hydra]\n    config_dir = a\n    config_module = b\n")).isEqualTo(
                "two or more values in the same group of exclusion 'config_source' @ data['hydra'][<config_source>]");
    }

    @Test
    void unknownFeatureKeysAreDroppedWithAWarning() throws Exception {
        write(dvcDir.resolve("config"), "[feature]\n    b = 1\n    a = 2\n");
        assertThat(Config.load(dvcDir, env).warnings())
                .containsExactly("'feature.a', 'feature.b' config options are unsupported");
    }

    private String error(String text) throws Exception {
        write(dvcDir.resolve("config"), text);
        try {
            Config.load(dvcDir, env);
        } catch (ConfigException e) {
            return e.detail();
        }
        throw new AssertionError("valid: " + text);
    }

    @Test
    void remoteOptionsAreTyped() throws Exception {
        write(dvcDir.resolve("config"), "['remote \"s3\"']\n    url = s3://b/p\n    use_ssl = False\n"
                + "    ssl_verify = /ca.pem\n");
        RemoteConfig s3 = Config.load(dvcDir, env).remote("s3");
        assertThat(s3.options()).containsEntry("use_ssl", false).containsEntry("ssl_verify", "/ca.pem")
                .containsEntry("allow_anonymous_login", false);
        assertThat(List.copyOf(Config.load(dvcDir, env).remoteNames())).containsExactly("s3");
    }
}
