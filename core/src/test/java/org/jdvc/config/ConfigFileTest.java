package org.jdvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileTest {
    private static final String F6 = "[core]\n    remote = myremote\n['remote \"myremote\"']\n"
            + "    url = s3://bucket/path\n    endpointurl = http://localhost:9000\n";

    @ParameterizedTest
    @ValueSource(strings = {
        F6,
        "[core]\n    remote = local\n['remote \"local\"']\n    url = ../../remote\n",
        "[core]\n    no_scm = True\n",
        "[core]\n    autostage = true\n[cache]\n    dir = ../../shared-cache\n['remote \"storage\"']\n    url = ../../remote3\n",
        "[cache]\n    type = reflink, copy\n",
    })
    void roundTripsDvcWrittenFilesByteForByte(String text) {
        assertThat(ConfigFile.parse(text, "config").format()).isEqualTo(text);
    }

    @Test
    void f6IsExactly118Bytes() {
        var remote = new LinkedHashMap<String, Object>();
        remote.put("url", "s3://bucket/path");
        remote.put("endpointurl", "http://localhost:9000");
        var entries = new LinkedHashMap<String, Object>();
        entries.put("core", Map.of("remote", "myremote"));
        entries.put("remote \"myremote\"", remote);
        String text = ConfigFile.of(entries).format();
        assertThat(text).isEqualTo(F6);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(118);
    }

    @Test
    void booleanIsWrittenAsPythonTrue() {
        assertThat(ConfigFile.of(Map.of("core", Map.of("no_scm", true))).format())
                .isEqualTo("[core]\n    no_scm = True\n");
    }

    @Test
    void emptyFileIsWrittenAsOneNewlineLikeConfigObj() {
        assertThat(ConfigFile.empty().format()).isEqualTo("\n");
    }

    @Test
    void readsQuotesCommentsListsTripleQuotesAndLowerCasesNames() {
        String text = """
                # leading comment
                [Core]
                Remote = "My Remote" # trailing comment
                  Check_Update='false'
                [cache]
                type = reflink, copy
                single = a,
                empty =
                nothing = ,
                hash = "a#b"
                cut = a#b
                ['remote "S3"']
                url = '''s3://x,y'''
                multi = \"\"\"line1
                line2\"\"\"
                """;
        var entries = ConfigFile.parse(text, "c").entries();
        assertThat(entries.keySet()).containsExactly("core", "cache", "remote \"s3\"");
        assertThat(entries.get("core")).isEqualTo(Map.of(
                "remote", "My Remote", "check_update", "false"));
        Map<?, ?> cache = (Map<?, ?>) entries.get("cache");
        assertThat(cache.get("type")).isEqualTo(List.of("reflink", "copy"));
        assertThat(cache.get("single")).isEqualTo(List.of("a"));
        assertThat(cache.get("empty")).isEqualTo("");
        assertThat(cache.get("nothing")).isEqualTo(List.of());
        assertThat(cache.get("hash")).isEqualTo("a#b");
        assertThat(cache.get("cut")).isEqualTo("a");
        Map<?, ?> remote = (Map<?, ?>) entries.get("remote \"s3\"");
        assertThat(remote.get("url")).isEqualTo("s3://x,y");
        assertThat(remote.get("multi")).isEqualTo("line1\nline2");
    }

    @Test
    void quotesValuesByConfigObjRules() {
        var section = new LinkedHashMap<String, Object>();
        section.put("a", "x,y");
        section.put("b", " lead");
        section.put("c", "say \"hi\"");
        section.put("d", "it's");
        section.put("e", "x#y");
        section.put("f", "");
        section.put("g", "both ' and \"");
        section.put("h", "two\nlines");
        section.put("i", List.of("one"));
        section.put("j", List.of("p", "q r"));
        assertThat(ConfigFile.of(Map.of("s", section)).format()).isEqualTo("""
                [s]
                    a = "x,y"
                    b = " lead"
                    c = 'say "hi"'
                    d = it's
                    e = "x#y"
                    f = ""
                    g = '''both ' and \"'''
                    h = '''two
                lines'''
                    i = one,
                    j = p, q r
                """);
    }

    @Test
    void quotedValuesReadBackUnchanged() {
        var section = new LinkedHashMap<String, Object>();
        for (String v : List.of("x,y", " lead", "say \"hi\"", "it's", "x#y", "", "both ' and \"", "two\nlines")) {
            section.put("k" + section.size(), v);
        }
        ConfigFile file = ConfigFile.of(Map.of("s", section));
        assertThat(ConfigFile.parse(file.format(), "c")).isEqualTo(file);
    }

    @Test
    void syntaxErrorHasConfigObjMessageAndExitCode251() {
        assertThatThrownBy(() -> ConfigFile.parse("[core\nremote = x\n", ".dvc/config"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("config file error: .dvc/config: Invalid line ('[core') "
                            + "(matched as neither section nor keyword) at line 1.");
                    assertThat(e.detail()).isEqualTo(
                            "Invalid line ('[core') (matched as neither section nor keyword) at line 1.");
                    assertThat(e.exitCode()).isEqualTo(JdvcException.CONFIG).isEqualTo(251);
                });
    }

    @Test
    void otherSyntaxErrors() {
        assertThat(detail("[a]\nx = 1\nx = 2\n")).isEqualTo("Duplicate keyword name at line 3.");
        assertThat(detail("[a]\n[a]\n")).isEqualTo("Duplicate section name at line 2.");
        assertThat(detail("[a]\nx = \"open\n")).isEqualTo("Parse error in value at line 2.");
        assertThat(detail("[[a]]\n")).isEqualTo("Section too nested at line 1.");
        assertThat(detail("[a]]\n")).isEqualTo("Cannot compute the section depth at line 1.");
        assertThat(detail("[a]\nx = '''never closed\n")).isEqualTo("Parse error in multiline value at line 2.");
        assertThat(detail("oops\nbad\n"))
                .isEqualTo("Parsing failed with several errors. First error at line 1.");
    }

    private static String detail(String text) {
        try {
            ConfigFile.parse(text, "f");
        } catch (ConfigException e) {
            return e.detail();
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void missingAndEmptyFilesReadAsEmpty(@TempDir Path dir) throws Exception {
        assertThat(ConfigFile.read(dir.resolve("nope")).entries()).isEmpty();
        Files.writeString(dir.resolve("empty"), "");
        assertThat(ConfigFile.read(dir.resolve("empty")).entries()).isEmpty();
    }

    @Test
    void invalidUtf8IsAConfigError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config");
        Files.write(file, new byte[] {'[', 'a', ']', '\n', (byte) 0xff});
        assertThatThrownBy(() -> ConfigFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'utf-8' codec can't decode byte 0xff in position 4");
    }

    @Test
    void writeIsAtomicAndLeavesNoTempFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/config");
        ConfigFile.parse(F6, "c").write(file);
        ConfigFile.parse("[core]\n    no_scm = True\n", "c").write(file);
        assertThat(Files.readString(file)).isEqualTo("[core]\n    no_scm = True\n");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config");
        }
    }
}
