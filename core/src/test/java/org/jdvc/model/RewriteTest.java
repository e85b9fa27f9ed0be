package org.jdvc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;
import org.junit.jupiter.api.Test;

/** Applying a new version onto existing text keeps comments, order and quoting (spec §5.5 rewrite preservation). */
class RewriteTest {
    @Test
    void appendsNewKeysAfterCommentedPath() {
        String original = "# my data\nouts:\n- path: bar # c\n";
        DvcFile parsed = DvcFile.parse(original, "bar.dvc");
        Output out = parsed.outs().getFirst().withHash(HashInfo.md5("acbd18db4cc2f85cedef654fccc4a4d8"))
                .withMeta(3L, null, false);
        String result = DvcFile.rewrite(original, parsed.withOuts(List.of(out)));
        assertThat(result).isEqualTo("# my data\nouts:\n- path: bar # c\n  md5: acbd18db4cc2f85cedef654fccc4a4d8\n"
                + "  size: 3\n  hash: md5\n");
        assertThat(DvcFile.parse(result, "bar.dvc").outs().getFirst()).isEqualTo(out.withPath("bar"));
    }

    @Test
    void replacesChangedScalarsInPlaceKeepingComments() {
        String original = "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8 # old\n  size: 3\n  # note\n  hash: md5\n"
                + "  path: foo\n";
        DvcFile parsed = DvcFile.parse(original, "foo.dvc");
        Output out = parsed.outs().getFirst().withHash(HashInfo.md5("12345678901234567890123456789012"))
                .withMeta(12L, null, false);
        assertThat(DvcFile.rewrite(original, parsed.withOuts(List.of(out)))).isEqualTo(
                "outs:\n- md5: '12345678901234567890123456789012' # old\n  size: 12\n  # note\n  hash: md5\n"
                        + "  path: foo\n");
    }

    @Test
    void legacyEntryBecomesDvc3() {
        String original = GoldenVectorsTest.F3;
        DvcFile parsed = DvcFile.parse(original, "foo.dvc");
        assertThat(YamlRewriter.tryRewrite(original, parsed.toDict())).isEqualTo(original);
        Output out = parsed.outs().getFirst().withHash(HashInfo.md5("d3b07384d113edec49eaa6238ad5ff00"));
        assertThat(DvcFile.rewrite(original, parsed.withOuts(List.of(out)))).isEqualTo(
                "outs:\n- md5: d3b07384d113edec49eaa6238ad5ff00\n  size: 3\n  path: foo\n  hash: md5\n");
    }

    @Test
    void removedKeysLoseTheirLines() {
        String original = "# keep\nouts:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  isexec: true  # x\n"
                + "  hash: md5\n  path: foo\n  desc: old desc\nmeta:\n  owner: me\n  tags:\n  - a\n";
        DvcFile parsed = DvcFile.parse(original, "foo.dvc");
        Output out = new Output(new LinkedHashMap<>(parsed.outs().getFirst().fields)).withMeta(3L, null, false);
        Map<String, Object> fields = new LinkedHashMap<>(out.fields);
        fields.remove("desc");
        DvcFile updated = new DvcFile(null, null, false, List.of(), List.of(new Output(fields)), false, null, null);
        assertThat(YamlRewriter.tryRewrite(original, updated.toDict())).isEqualTo("# keep\n" + GoldenVectorsTest.F1);
    }

    @Test
    void removingTheFirstKeyOfAnItemKeepsTheDash() {
        String original = GoldenVectorsTest.F1;
        DvcFile parsed = DvcFile.parse(original, "foo.dvc");
        Output out = parsed.outs().getFirst().withHash(null).withMeta(null, null, false);
        assertThat(YamlRewriter.tryRewrite(original, parsed.withOuts(List.of(out)).toDict()))
                .isEqualTo("outs:\n- path: foo\n");
    }

    @Test
    void listsOfAnotherLengthAreReplacedWhole() {
        String original = "# top\nouts:  # the outputs\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n"
                + "  hash: md5\n  path: foo\n# tail\n";
        DvcFile parsed = DvcFile.parse(original, "foo.dvc");
        Output second = Output.of("bar", HashInfo.md5("37b51d194a7513e45b56f6524f2d51f2"), 3L, null, true);
        String result = DvcFile.rewrite(original, parsed.withOuts(List.of(parsed.outs().getFirst(), second)));
        assertThat(result).isEqualTo("# top\nouts:  # the outputs\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n"
                + "  size: 3\n  hash: md5\n  path: foo\n- md5: 37b51d194a7513e45b56f6524f2d51f2\n  size: 3\n"
                + "  isexec: true\n  hash: md5\n  path: bar\n# tail\n");
    }

    @Test
    void newTopLevelKeysAppendAndKeepQuotingStyle() {
        String original = "outs:\n- md5: 'acbd18db4cc2f85cedef654fccc4a4d8'\n  size: 3\n  hash: md5\n  path: foo\n";
        DvcFile parsed = DvcFile.parse(original, "foo.dvc");
        assertThat(DvcFile.rewrite(original, parsed)).isEqualTo(original);
        Output out = parsed.outs().getFirst().withHash(HashInfo.md5("d3b07384d113edec49eaa6238ad5ff00"));
        String result = DvcFile.rewrite(original, parsed.withOuts(List.of(out)).withFrozen(true).withDesc("x: y"));
        assertThat(result).isEqualTo("outs:\n- md5: 'd3b07384d113edec49eaa6238ad5ff00'\n  size: 3\n  hash: md5\n"
                + "  path: foo\ndesc: 'x: y'\nfrozen: true\n");
    }

    @Test
    void genericRewriteOfNestedMapsAndNulls() {
        String original = "schema: '2.0'\nstages:\n  a:\n    cmd: echo 1\n    params:\n      params.yaml:\n"
                + "        lr: 0.1 # tuned\n";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.2);
        params.put("epochs", 5);
        Map<String, Object> stageA = new LinkedHashMap<>();
        stageA.put("cmd", "echo 2");
        stageA.put("params", Map.of("params.yaml", params));
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("a", stageA);
        stages.put("b", Map.of("cmd", List.of("x", "y")));
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("schema", "2.0");
        lock.put("stages", stages);
        assertThat(YamlRewriter.rewrite(original, lock)).isEqualTo("schema: '2.0'\nstages:\n  a:\n    cmd: echo 2\n"
                + "    params:\n      params.yaml:\n        lr: 0.2 # tuned\n        epochs: 5\n  b:\n    cmd:\n"
                + "    - x\n    - y\n");
    }

    @Test
    void scalarToCollectionAndBack() {
        String original = "a: 1\nb:\n- x\n- y\nc: [1, 2]\n";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of("p"));
        m.put("b", null);
        m.put("c", List.of(1, 2));
        assertThat(YamlRewriter.rewrite(original, m)).isEqualTo("a:\n- p\nb:\nc: [1, 2]\n");
    }

    @Test
    void unpatchableLayoutsFallBackToAFreshFile() {
        String original = "{outs: [{path: foo}]}\n";
        DvcFile parsed = DvcFile.parse(original, "foo.dvc");
        assertThat(YamlRewriter.tryRewrite(original, parsed.toDict())).isNull();
        assertThat(DvcFile.rewrite(original, parsed)).isEqualTo("outs:\n- path: foo\n");
    }

    @Test
    void unicodeTextKeepsOffsets() {
        String original = "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8 # 😀 ünï\n  size: 3\n  hash: md5\n"
                + "  path: 日本.txt\n";
        DvcFile parsed = DvcFile.parse(original, "x.dvc");
        Output out = parsed.outs().getFirst().withMeta(4L, null, false);
        assertThat(DvcFile.rewrite(original, parsed.withOuts(List.of(out))))
                .isEqualTo(original.replace("size: 3", "size: 4"));
    }
}
