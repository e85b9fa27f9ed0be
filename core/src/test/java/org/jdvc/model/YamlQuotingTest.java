package org.jdvc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the writer quotes strings (ruamel's rules under YAML 1.2) and that every form reads back unchanged. */
class YamlQuotingTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            acbd18db4cc2f85cedef654fccc4a4d8 | acbd18db4cc2f85cedef654fccc4a4d8
            12345678901234567890123456789012 | '12345678901234567890123456789012'
            1234e5678                        | '1234e5678'
            2.0                              | '2.0'
            1e5                              | '1e5'
            .5                               | '.5'
            0x1F                             | '0x1F'
            0o17                             | '0o17'
            0b11                             | '0b11'
            1_000                            | '1_000'
            0123                             | '0123'
            -7                               | '-7'
            .inf                             | '.inf'
            .NaN                             | '.NaN'
            null                             | 'null'
            Null                             | 'Null'
            ~                                | '~'
            true                             | 'true'
            False                            | 'False'
            2001-12-14                       | '2001-12-14'
            2001-12-14T21:59:43.10Z          | '2001-12-14T21:59:43.10Z'
            yes                              | yes
            on                               | on
            off                              | off
            y                                | y
            12:30                            | 12:30
            nothing                          | nothing
            # x                              | '# x'
            *star                            | '*star'
            &anchor                          | '&anchor'
            !tag                             | '!tag'
            %pct                             | '%pct'
            @at                              | '@at'
            `tick                            | '`tick'
            a: b                             | 'a: b'
            a #b                             | 'a #b'
            a#b                              | a#b
            ends:                            | 'ends:'
            -                                | '-'
            - x                              | '- x'
            -x                               | -x
            [x                               | '[x'
            x[0]                             | x[0]
            '                                | ''''
            it's                             | it's
            ünïcödé-файл-日本.txt            | ünïcödé-файл-日本.txt
            ../source/external.csv           | ../source/external.csv
            /srv/a b/c                       | /srv/a b/c
            s3://bucket/path                 | s3://bucket/path
            ---                              | '---'
            """)
    void stringScalars(String value, String expected) {
        assertThat(YamlWriter.scalar(value)).isEqualTo(expected);
        assertThat(YamlReader.load("k: " + expected + "\n", "t")).isEqualTo(Map.of("k", value));
    }

    @Test
    void specialStrings() {
        assertThat(YamlWriter.scalar("")).isEqualTo("''");
        assertThat(YamlWriter.scalar(" lead")).isEqualTo("' lead'");
        assertThat(YamlWriter.scalar("trail ")).isEqualTo("'trail '");
        assertThat(YamlWriter.scalar("line1\nline2")).isEqualTo("\"line1\\nline2\"");
        assertThat(YamlWriter.scalar("tab\there")).isEqualTo("\"tab\\there\"");
        assertThat(YamlWriter.scalar("bell\u0007")).isEqualTo("\"bell\\a\"");
        assertThat(YamlWriter.scalar("😀")).isEqualTo("😀");
        for (String s : List.of("line1\nline2", "tab\there", "q\"d\\", "bell\u0007\u0001", "\ufeffbom")) {
            String doc = YamlWriter.write(Map.of("k", s));
            assertThat(YamlReader.load(doc, "t")).isEqualTo(Map.of("k", s));
        }
    }

    @Test
    void otherTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 10L);
        m.put("neg", -3);
        m.put("float", 0.001);
        m.put("small", 1e-5);
        m.put("big", 1e16);
        m.put("whole", 2.0);
        m.put("inf", Double.NEGATIVE_INFINITY);
        m.put("bool", true);
        m.put("none", null);
        m.put("date", LocalDate.of(2001, 12, 14));
        m.put("emptyMap", Map.of());
        m.put("emptyList", List.of());
        m.put("nested", List.of(List.of("a", "b"), Map.of("x", 1)));
        assertThat(YamlWriter.write(m)).isEqualTo("""
                int: 10
                neg: -3
                float: 0.001
                small: 1e-05
                big: 1e+16
                whole: 2.0
                inf: -.inf
                bool: true
                none:
                date: 2001-12-14
                emptyMap: {}
                emptyList: []
                nested:
                - - a
                  - b
                - x: 1
                """);
    }

    @Test
    void longPlainScalarsFoldAtColumn80() {
        String cmd = "python train.py --input data/prepared --output model --epochs 10 --learning-rate 0.001 "
                + "--seed 42";
        String doc = YamlWriter.write(Map.of("stages", Map.of("train", Map.of("cmd", cmd))));
        assertThat(doc).isEqualTo("stages:\n  train:\n    cmd: python train.py --input data/prepared --output model "
                + "--epochs 10 --learning-rate\n      0.001 --seed 42\n");
        assertThat(YamlReader.load(doc, "t")).isEqualTo(Map.of("stages", Map.of("train", Map.of("cmd", cmd))));
    }

    @Test
    void foldingInsideSequencesAndSingleQuotes() {
        // expected bytes produced by PyYAML 6 (same emitter logic as ruamel for these cases)
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("desc", "a ".repeat(50) + "end");
        item.put("x", "it's a very long single quoted: string with many many words in it to force folding yes");
        String doc = YamlWriter.write(Map.of("outs", List.of(item)));
        assertThat(doc).isEqualTo("outs:\n- desc: a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a"
                + " a a\n    a a a a a a a a a a a a a end\n  x: 'it''s a very long single quoted: string with many many"
                + " words in it to force\n    folding yes'\n");
        assertThat(YamlReader.load(doc, "t")).isEqualTo(Map.of("outs", List.of(item)));
    }

    @Test
    void readerFollowsRuamel() {
        Map<?, ?> m = (Map<?, ?>) YamlReader.load("a: yes\nb: on\nc: 1_000\nd: 0b11\ne: 0o17\nf: 0x1F\ng: 0123\n"
                + "h: 1234e5678\ni: ~\nj: 2001-12-14\nk: 12:30\nl: True\nm: '0123'\nn: 1.5\n", "p.yaml");
        assertThat(m.get("a")).isEqualTo("yes");
        assertThat(m.get("b")).isEqualTo("on");
        assertThat(m.get("c")).isEqualTo(1000L);
        assertThat(m.get("d")).isEqualTo(3L);
        assertThat(m.get("e")).isEqualTo(15L);
        assertThat(m.get("f")).isEqualTo(31L);
        assertThat(m.get("g")).isEqualTo(123L);
        assertThat(m.get("h")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(m.containsKey("i")).isTrue();
        assertThat(m.get("i")).isNull();
        assertThat(m.get("j")).isEqualTo(LocalDate.of(2001, 12, 14));
        assertThat(m.get("k")).isEqualTo("12:30");
        assertThat(m.get("l")).isEqualTo(true);
        assertThat(m.get("m")).isEqualTo("0123");
        assertThat(m.get("n")).isEqualTo(1.5);
        assertThat(YamlReader.load("big: 123456789012345678901234567890\n", "t"))
                .isEqualTo(Map.of("big", new java.math.BigInteger("123456789012345678901234567890")));
    }

    @Test
    void parsingIsFastAfterWarmUp() {
        String text = GoldenVectorsTest.F4;
        for (int i = 0; i < 20_000; i++) {
            DvcFile.parse(text, "bar.dvc");
        }
        int n = 20_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            DvcFile.parse(text, "bar.dvc");
        }
        double micros = (System.nanoTime() - t0) / 1000.0 / n;
        System.out.printf("DvcFile.parse of F4: %.1f us%n", micros);
        assertThat(micros).as("microseconds per parse").isLessThan(500);
    }
}
