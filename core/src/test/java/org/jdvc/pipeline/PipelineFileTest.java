package org.jdvc.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdvc.model.DvcFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dvc.yaml parsing: validation messages, {@code ${}} interpolation, foreach / matrix stage names, params. */
class PipelineFileTest {
    @TempDir
    Path root;

    private PipelineFile parse(String text) {
        return PipelineFile.parse(text, root.resolve("dvc.yaml"), root);
    }

    private List<String> names(PipelineFile f) {
        return f.stages().stream().map(PipelineStage::name).toList();
    }

    @Test
    void interpolatesFromParamsYamlKeepingTypesOfWholeValues() throws IOException {
        Files.writeString(root.resolve("params.yaml"), "train:\n  lr: 0.01\n  epochs: 5\n  flag: true\n"
                + "opts:\n  depth: 3\n  name: a b\n");
        PipelineFile f = parse("stages:\n  train:\n    cmd: python train.py ${train.lr} ${train.epochs} "
                + "${train.flag} ${opts}\n    deps:\n    - data-${train.epochs}.csv\n    meta: ${train.epochs}\n"
                + "    desc: literal \\${x}\n");
        PipelineStage s = f.stages().getFirst();
        assertThat(s.cmd()).isEqualTo("python train.py 0.01 5 true --depth 3 --name 'a b'");
        assertThat(s.deps()).containsExactly("data-5.csv");
        assertThat(s.meta()).isEqualTo(5L);
        assertThat(s.desc()).isEqualTo("literal ${x}");
        assertThat(s.parametrized()).isTrue();
    }

    @Test
    void foreachAndMatrixGenerateDvcsStageNames() {
        PipelineFile f = parse("""
                vars:
                - models: [a, b]
                stages:
                  build:
                    foreach: ${models}
                    do:
                      cmd: echo ${item} > ${item}.txt
                      outs:
                      - ${item}.txt
                  dict:
                    foreach:
                      us: {rate: 1}
                      eu: {rate: 2}
                    do:
                      cmd: echo ${key} ${item.rate}
                  objs:
                    foreach:
                    - {x: 1}
                    - {x: 2}
                    do:
                      cmd: echo ${item.x}
                  flags:
                    foreach: [true, 0.5]
                    do:
                      cmd: echo ${item}
                  fit:
                    matrix:
                      lr: [0.1, 1]
                      opt: [adam, {name: sgd}]
                    cmd: fit ${item.lr} ${item.opt}
                """);
        assertThat(names(f)).containsExactly("build@a", "build@b", "dict@us", "dict@eu", "objs@0", "objs@1",
                "flags@true", "flags@0.5", "fit@0.1-adam", "fit@0.1-opt1", "fit@1-adam", "fit@1-opt1");
        assertThat(f.stage("build@b").orElseThrow().outs().getFirst().path()).isEqualTo("b.txt");
        assertThat(f.stage("dict@eu").orElseThrow().cmd()).isEqualTo("echo eu 2");
        assertThat(f.stage("fit@1-opt1").orElseThrow().cmd()).isEqualTo("fit 1 --name sgd");
    }

    @Test
    void validationNamesTheKeyAndLine() {
        assertThatThrownBy(() -> parse("stages:\n  hello:\n    cmd: echo hi > hi.txt\n    outs:\n    - hi.txt\n"
                + "    colour: red\n")).isInstanceOf(DvcFileException.class).hasMessage("'./dvc.yaml' validation "
                + "failed: extra keys not allowed, in stages -> hello -> colour, line 3, column 5");
        assertThatThrownBy(() -> parse("stages:\n  hello:\n    cmd: x\nfoo: 1\n"))
                .hasMessage("'./dvc.yaml' validation failed: extra keys not allowed, in foo");
        assertThatThrownBy(() -> parse("stages:\n  hello:\n    outs:\n    - x\n"))
                .hasMessage("'./dvc.yaml' validation failed: required key not provided, in stages -> hello -> cmd, "
                        + "line 3, column 5");
        assertThatThrownBy(() -> parse("stages:\n  a:\n    cmd: echo ${nope}\n"))
                .hasMessage("failed to parse 'stages.a.cmd' in 'dvc.yaml': Could not find 'nope'");
    }

    @Test
    void paramsGroupByFileDefaultFirst() {
        PipelineFile f = parse("stages:\n  s:\n    cmd: x\n    params:\n    - b\n    - cfg.json:\n      - k\n"
                + "    - a\n    - whole.toml:\n");
        assertThat(f.stages().getFirst().params()).containsExactly(new ParamSpec("params.yaml", List.of("b", "a")),
                new ParamSpec("cfg.json", List.of("k")), new ParamSpec("whole.toml", List.of()));
    }

    @Test
    void stageDefinitionIsWrittenInDvcsOrder() {
        PipelineStage s = new PipelineStage("t", root.resolve("dvc.yaml"), root, "run", List.of("z", "a"),
                List.of(new ParamSpec("p.json", List.of()), new ParamSpec("params.yaml", List.of("y", "x"))),
                List.of(new StageOut("m.json", StageOut.Kind.METRICS, Map.of("cache", false)),
                        new StageOut("b", StageOut.Kind.OUTS, Map.of()), new StageOut("a", StageOut.Kind.OUTS,
                                Map.of("persist", true))), false, true, "d", null, false);
        assertThat(org.jdvc.model.YamlWriter.write(StageDefinition.toDict(s, null))).isEqualTo("""
                desc: d
                cmd: run
                deps:
                - a
                - z
                params:
                - x
                - y
                - p.json:
                outs:
                - a:
                    persist: true
                - b
                metrics:
                - m.json:
                    cache: false
                always_changed: true
                """);
    }
}
