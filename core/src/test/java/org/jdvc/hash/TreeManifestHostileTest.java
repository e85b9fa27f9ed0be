package org.jdvc.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jdvc.JdvcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TreeManifestHostileTest {
    private static final String H = "acbd18db4cc2f85cedef654fccc4a4d8";
    private static final String ORIGIN = "files/md5/ab/cdef.dir";

    private static String entry(String relpathJson) {
        return "{\"md5\": \"" + H + "\", \"relpath\": " + relpathJson + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON            | `[{"md5": `                                     | not valid JSON
            garbage             | `\u0000\u0001binary`                             | not valid JSON
            trailing data       | `[] []`                                         | extra data
            not a list          | `{"md5": "x", "relpath": "a"}`                  | not a list
            entry not object    | `["a"]`                                         | entry 0 is not an object
            missing relpath     | `[{"md5": "acbd18db4cc2f85cedef654fccc4a4d8"}]` | has no 'relpath'
            missing hash        | `[{"relpath": "a", "size": 1}]`                 | has no 'md5'
            relpath not string  | `[{"md5": "acbd18db4cc2f85cedef654fccc4a4d8", "relpath": 1}]` | 'relpath' is not a string
            bad md5             | `[{"md5": "../../etc/passwd00000000000000000", "relpath": "a"}]` | is not an md5 hex digest
            bad etag            | `[{"etag": "../x", "relpath": "a"}]`            | is not a valid checksum
            raw control char    | `[{"md5": "acbd18db4cc2f85cedef654fccc4a4d8", "relpath": "a\tb"}]` | control character
            """)
    void rejectsMalformed(String name, String json, String problem) {
        assertCorrupt(json, problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            parent             | `"../x"`        | relpath '../x' escapes the directory
            inner parent       | `"a/../../x"`   | escapes the directory
            trailing parent    | `"a/.."`        | escapes the directory
            absolute           | `"/etc/passwd"` | relpath '/etc/passwd' is absolute
            dot                | `"./a"`         | has a '.' component
            inner dot          | `"a/./b"`       | has a '.' component
            empty              | `""`            | empty relpath
            empty component    | `"a//b"`        | has an empty component
            trailing slash     | `"a/"`          | has an empty component
            NUL                | `"a\\u0000b"`   | contains NUL
            """)
    void rejectsRelpathsEscapingTheDirectory(String name, String relpath, String problem) {
        assertCorrupt("[" + entry(relpath) + "]", problem);
    }

    @Test
    void rejectsDuplicateRelpaths() {
        assertCorrupt("[" + entry("\"a\"") + ", " + entry("\"b\"") + ", " + entry("\"a\"") + "]",
                "duplicate relpath 'a'");
        assertThatThrownBy(() -> TreeManifest.of(List.of(new TreeManifest.Entry("a", H), new TreeManifest.Entry("a", H))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDeepNestingWithoutStackOverflow() {
        assertCorrupt("[" + "[".repeat(100_000), "nesting too deep");
    }

    @Test
    void buildingFromUnsafeRelpathsFails() {
        assertThatThrownBy(() -> TreeManifest.of(List.of(new TreeManifest.Entry("../x", H))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("escapes");
    }

    @Test
    void toleratesDotsInsideNamesAndExtraMembers() {
        TreeManifest m = TreeManifest.parse(("[{\"relpath\": \"..a/b..\", \"md5\": \"" + H
                + "\", \"size\": 3, \"nfiles\": null, \"isexec\": true, \"remote\": {\"x\": [1.5e3]}}]").getBytes(UTF_8), "o");
        assertThat(m.entries()).containsExactly(new TreeManifest.Entry("..a/b..", H));
    }

    private static void assertCorrupt(String json, String problem) {
        assertThatThrownBy(() -> TreeManifest.parse(json.getBytes(UTF_8), ORIGIN))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageStartingWith("'" + ORIGIN + "' is a corrupted directory manifest: ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(((JdvcException) e).exitCode()).isEqualTo(JdvcException.FAILED));
    }
}
