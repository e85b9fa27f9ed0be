package org.jdvc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdvc.JdvcException;
import org.junit.jupiter.api.Test;

/** Invalid .dvc files fail with one line naming the file and line, exit code 1 (transcripts 12-file-errors). */
class DvcFileErrorsTest {
    private static DvcFileException failure(String text) {
        try {
            DvcFile.parse(text, "./bad.dvc");
        } catch (DvcFileException e) {
            assertThat(e.exitCode()).isEqualTo(JdvcException.FAILED).isEqualTo(1);
            assertThat(e.getMessage()).doesNotContain("\n");
            return e;
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void invalidYamlNamesProblemAndLine() {
        // 12.1: DVC says "Did not find expected ',' or ']', in line 3, column 7"
        assertThat(failure("outs:\n- md5: [unclosed\n  path: bad.txt\n").getMessage())
                .isEqualTo("'./bad.dvc' is invalid: did not find expected ',' or ']', in line 3, column 7");
    }

    @Test
    void unknownKeysAllReported() {
        // 12.2: DVC reports the line of the entry holding the unknown key, and no line at the top level
        String text = "outs:\n- md5: 5a8dd3ad0756a93ded72b823b19dd877\n  size: 6\n  path: data.txt\n  colour: red\n"
                + "frobnicate: 1\n";
        assertThat(failure(text).getMessage()).isEqualTo("'./bad.dvc' validation failed: extra keys not allowed, in "
                + "outs -> 0 -> colour, line 2, column 3; extra keys not allowed, in frobnicate");
    }

    @Test
    void wrongTypes() {
        String text = "outs:\n- md5: abcdef\n  size: big\n  isexec: yes\n  path: x\nfrozen: 1\n";
        assertThat(failure(text).getMessage()).isEqualTo("'./bad.dvc' validation failed: "
                + "expected int, in outs -> 0 -> size, line 2, column 3; "
                + "expected bool, in outs -> 0 -> isexec, line 2, column 3; expected bool, in frozen");
        assertThat(failure("outs: foo\n").getMessage())
                .isEqualTo("'./bad.dvc' validation failed: expected a list, in outs");
        assertThat(failure("outs:\n- path: x\n  labels:\n  - a\n  - [b]\n").getMessage())
                .isEqualTo("'./bad.dvc' validation failed: expected str, in outs -> 0 -> labels -> 1, "
                        + "line 5, column 5");
    }

    @Test
    void duplicateKeys() {
        assertThat(failure("outs:\n- md5: abcdef\n  path: x\n  path: y\n").getMessage())
                .isEqualTo("'./bad.dvc' is invalid: found duplicate key \"path\" with value \"y\" "
                        + "(original value: \"x\"), in line 4, column 3");
    }

    @Test
    void cmdMetricPlotAndShortChecksumsRejected() {
        assertThat(failure("cmd: echo\nouts:\n- path: x\n").getMessage())
                .isEqualTo("'./bad.dvc' validation failed: extra keys not allowed, in cmd");
        assertThat(failure("outs:\n- path: x\n  metric: true\n").getMessage())
                .isEqualTo("'./bad.dvc' validation failed: extra keys not allowed, in outs -> 0 -> metric, "
                        + "line 2, column 3");
        assertThat(failure("outs:\n- path: x\n  plot: true\n").getMessage()).contains("outs -> 0 -> plot");
        assertThat(failure("outs:\n- md5: ab\n  path: x\n").getMessage())
                .isEqualTo("'./bad.dvc' validation failed: length of value must be at least 3, in outs -> 0 -> md5, "
                        + "line 2, column 3");
    }

    @Test
    void missingPathAndRepoUrl() {
        assertThat(failure("outs:\n- md5: abcdef\n").getMessage())
                .isEqualTo("'./bad.dvc' validation failed: required key not provided, in outs -> 0 -> path, "
                        + "line 2, column 3");
        assertThat(failure("deps:\n- path: a\n  repo:\n    rev: x\nouts:\n- path: b\n").getMessage())
                .isEqualTo("'./bad.dvc' validation failed: required key not provided, in deps -> 0 -> repo -> url, "
                        + "line 4, column 5");
    }

    @Test
    void emptyChecksumAndNullsAccepted() {
        DvcFile f = DvcFile.parse("wdir:\nouts:\n- md5: ''\n  path: x\ndeps:\nlocked: true\n", "x.dvc");
        assertThat(f.outs().getFirst().hash()).isNull();
        assertThat(f.frozen()).isTrue();
        assertThat(f.deps()).isEmpty();
        assertThatThrownBy(() -> DvcFile.parse("- a\n", "x.dvc")).isInstanceOf(DvcFileException.class)
                .hasMessage("'x.dvc' validation failed: expected a dictionary");
    }
}
