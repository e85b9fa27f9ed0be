package org.jdvc.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.junit.jupiter.api.Test;

/** Parameters files by DVC's extension rule, TOML included, and dotted key lookup. */
class ParamsFileTest {
    @Test
    void extensionRuleUsesEverythingAfterTheFirstDot() {
        assertThat(ParamsFile.format("params.json")).isEqualTo("json");
        assertThat(ParamsFile.format("a.b.json")).isEqualTo("yaml");
        assertThat(ParamsFile.format("cfg.toml")).isEqualTo("toml");
        assertThat(ParamsFile.format("noext")).isEqualTo("yaml");
    }

    @Test
    void readsTomlTablesArraysAndNumbers() {
        Map<String, Object> p = ParamsFile.parse("""
                # comment
                title = "run \\"one\\""
                seed = 1_000
                [train]
                lr = 0.001 # inline comment
                layers = [
                  64,
                  32,
                ]
                opt = { name = 'adam', beta = 9e-1 }
                "quoted key".x = true
                [[runs]]
                id = 0x1F
                [[runs]]
                id = 0o17
                date = 2024-01-01
                """, "params.toml");
        assertThat(p).containsEntry("title", "run \"one\"").containsEntry("seed", 1000L);
        assertThat(ParamsFile.valueAt(p, "train.lr")).isEqualTo(0.001);
        assertThat(ParamsFile.valueAt(p, "train.layers")).isEqualTo(List.of(64L, 32L));
        assertThat(ParamsFile.valueAt(p, "train.opt.beta")).isEqualTo(0.9);
        assertThat(ParamsFile.valueAt(p, "train.quoted key.x")).isEqualTo(true);
        assertThat(ParamsFile.valueAt(p, "runs.1.id")).isEqualTo(15L);
        assertThat(ParamsFile.valueAt(p, "runs.1.date")).isEqualTo("2024-01-01");
        assertThat(ParamsFile.valueAt(p, "train.nope")).isSameAs(ParamsFile.MISSING);
        assertThatThrownBy(() -> ParamsFile.parse("a = 1\na = 2\n", "p.toml")).isInstanceOf(JdvcException.class)
                .hasMessage("unable to read parameters from 'p.toml': invalid TOML: duplicate key 'a', in line 2");
    }

    @Test
    void readsJsonAsPythonWould() {
        Map<String, Object> p = ParamsFile.parse("{\"a\": {\"b\": [1, 2.5, \"x\"]}, \"c\": null}", "p.json");
        assertThat(ParamsFile.valueAt(p, "a.b")).isEqualTo(List.of(1L, 2.5, "x"));
        assertThat(p).containsEntry("c", null);
    }

    @Test
    void readsPythonLiteralAssignmentsAndClasses() {
        Map<String, Object> p = ParamsFile.parse("""
                import os
                LR = 0.01  # learning rate
                EPOCHS: int = 1_0
                NAME = 'net'
                LAYERS = [
                    64,  # first
                    32,
                ]
                SHAPE = (1, 2)
                OPTS = {"a": True, 'b': None}
                COMPUTED = os.getenv("X")

                class Train:
                    batch = 32
                    def __init__(self):
                        self.dropout = 0.5
                        local = 3

                def helper():
                    inner = 1
                AFTER = "x # not a comment"
                """, "params.py");
        assertThat(p).containsEntry("LR", 0.01).containsEntry("EPOCHS", 10L).containsEntry("NAME", "net")
                .containsEntry("LAYERS", List.of(64L, 32L)).containsEntry("SHAPE", List.of(1L, 2L))
                .containsEntry("AFTER", "x # not a comment").doesNotContainKeys("COMPUTED", "inner", "local", "os");
        assertThat(ParamsFile.valueAt(p, "OPTS.a")).isEqualTo(true);
        assertThat(ParamsFile.valueAt(p, "Train.batch")).isEqualTo(32L);
        assertThat(ParamsFile.valueAt(p, "Train.dropout")).isEqualTo(0.5);
        assertThat(ParamsFile.valueAt(p, "Train.local")).isSameAs(ParamsFile.MISSING);
    }
}
