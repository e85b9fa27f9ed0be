package org.jdvc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;
import org.junit.jupiter.api.Test;

/** F1-F7 of dvc-golden-vectors.md: exact bytes DVC writes. */
class GoldenVectorsTest {
    static final String F1 = "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n";
    static final String F2 =
            "outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n";
    static final String F3 = "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  path: foo\n";
    static final String F4 = "md5: 8fc199641730e3f512deac0bd9a0e0b6\nfrozen: true\ndeps:\n"
            + "- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\nouts:\n"
            + "- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: bar\n";
    static final String F5 = "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    deps:\n    - path: data\n"
            + "      hash: md5\n      md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n      size: 6\n      nfiles: 2\n"
            + "    - path: train.py\n      hash: md5\n      md5: d41d8cd98f00b204e9800998ecf8427e\n      size: 0\n"
            + "    params:\n      params.yaml:\n        lr: 0.001\n        train.epochs: 10\n    outs:\n"
            + "    - path: model.pkl\n      hash: md5\n      md5: acbd18db4cc2f85cedef654fccc4a4d8\n      size: 3\n";
    static final String F7 = "outs:\n- md5: '12345678901234567890123456789012'\n  size: 1\n  hash: md5\n  path: x\n";

    @Test
    void f1FreshFileOutput() {
        DvcFile f = DvcFile.of(List.of(Output.of("foo", HashInfo.md5("acbd18db4cc2f85cedef654fccc4a4d8"), 3L, null,
                false)));
        assertThat(f.toYaml()).isEqualTo(F1).hasSize(80);
    }

    @Test
    void f2DirectoryOutput() {
        DvcFile f = DvcFile.of(List.of(Output.of("data", HashInfo.md5("5ea40360f5b4ec688df672a4db9c17d1.dir"), 6L,
                2L, false)));
        assertThat(f.toYaml()).isEqualTo(F2).hasSize(97);
    }

    @Test
    void f3LegacyOutput() {
        Output legacy = Output.of("foo", new HashInfo(HashInfo.MD5_DOS2UNIX, "acbd18db4cc2f85cedef654fccc4a4d8"), 3L,
                null, false);
        assertThat(legacy.isLegacy()).isTrue();
        assertThat(DvcFile.of(List.of(legacy)).toYaml()).isEqualTo(F3).hasSize(68);
        DvcFile parsed = DvcFile.parse(F3, "foo.dvc");
        assertThat(parsed.outs().getFirst().hash().name()).isEqualTo(HashInfo.MD5_DOS2UNIX);
        assertThat(parsed.hasLegacyEntries()).isTrue();
        assertThat(parsed.toYaml()).isEqualTo(F3);
    }

    @Test
    void f4ImportUrl() {
        HashInfo foo = HashInfo.md5("acbd18db4cc2f85cedef654fccc4a4d8");
        DvcFile f = DvcFile.of(List.of(Output.of("bar", foo, 3L, null, false)))
                .withDeps(List.of(Dependency.of("foo", foo, 3L, null, false)))
                .withFrozen(true)
                .withMd5("8fc199641730e3f512deac0bd9a0e0b6");
        assertThat(f.toYaml()).isEqualTo(F4).hasSize(211);
        assertThat(DvcFile.parse(F4, "bar.dvc")).isEqualTo(f);
    }

    @Test
    void f5LockFileThroughSharedWriter() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.001);
        params.put("train.epochs", 10);
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("cmd", "python train.py");
        stage.put("deps", List.of(
                entry("data", "5ea40360f5b4ec688df672a4db9c17d1.dir", 6, 2),
                entry("train.py", "d41d8cd98f00b204e9800998ecf8427e", 0, null)));
        stage.put("params", Map.of("params.yaml", params));
        stage.put("outs", List.of(entry("model.pkl", "acbd18db4cc2f85cedef654fccc4a4d8", 3, null)));
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("schema", "2.0");
        lock.put("stages", Map.of("train", stage));
        assertThat(YamlWriter.write(lock)).isEqualTo(F5).hasSize(452);
        assertThat(YamlRewriter.tryRewrite(F5, lock)).isEqualTo(F5);
        assertThat(YamlWriter.write(castMap(YamlReader.load(F5, "dvc.lock")))).isEqualTo(F5);
    }

    @Test
    void f7DigitOnlyHashIsQuoted() {
        DvcFile f = DvcFile.of(List.of(Output.of("x", HashInfo.md5("12345678901234567890123456789012"), 1L, null,
                false)));
        assertThat(f.toYaml()).isEqualTo(F7).hasSize(80);
        assertThat(DvcFile.parse(F7, "x.dvc").outs().getFirst().hash().value())
                .isEqualTo("12345678901234567890123456789012");
    }

    private static Map<String, Object> entry(String path, String md5, int size, Integer nfiles) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("hash", "md5");
        m.put("md5", md5);
        m.put("size", size);
        if (nfiles != null) {
            m.put("nfiles", nfiles);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
