package org.jdvc.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonJsonTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.001, 0.001", "1e-05, 1e-05", "1.0, 1.0", "1e16, 1e+16", "1e15, 1000000000000000.0",
        "123456789.123, 123456789.123", "-2.5e-300, -2.5e-300", "0.30000000000000004, 0.30000000000000004",
        "1e22, 1e+22", "4.9e-324, 5e-324", "0.0001, 0.0001", "-0.0, -0.0", "0.0, 0.0", "1.5e300, 1.5e+300",
        "12345678901234567.0, 1.2345678901234568e+16", "Infinity, Infinity", "-Infinity, -Infinity", "NaN, NaN"})
    void floatsAsPythonRepr(double value, String expected) {
        assertThat(PythonJson.dumps(value)).isEqualTo(expected);
    }

    @Test
    void nestedValuesWithSortedKeysAndEscapes() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("\ud83d\ude00", 2);
        inner.put("\uff21", 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", Arrays.asList(1, true, null, "x\u00e9\ud83d\ude00\"\\/\n\u007f\u0001"));
        m.put("a", inner);
        m.put("B", new BigInteger("1000000000000000000000000000000"));
        m.put("c", List.of(false, 7L, List.of()));
        m.put("d", Map.of());
        // expected bytes produced by CPython 3 json.dumps(..., sort_keys=True)
        assertThat(PythonJson.dumps(m)).isEqualTo("{\"B\": 1000000000000000000000000000000, "
                + "\"a\": {\"\\uff21\": 1, \"\\ud83d\\ude00\": 2}, "
                + "\"b\": [1, true, null, \"x\\u00e9\\ud83d\\ude00\\\"\\\\/\\n\\u007f\\u0001\"], "
                + "\"c\": [false, 7, []], \"d\": {}}");
    }

    @Test
    void rejectsUnsupportedValues() {
        assertThatThrownBy(() -> PythonJson.dumps(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonJson.dumps(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void floatsMatchCPythonOnThousandsOfRandomDoubles() throws Exception {
        try (var in = PythonJsonTest.class.getResourceAsStream("python-floats.txt")) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.startsWith("#")).toList();
            assertThat(lines).hasSizeGreaterThan(1000);
            for (String line : lines) {
                String[] f = line.split(" ");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
                assertThat(PythonJson.dumps(d)).as(f[0]).isEqualTo(f[1]);
            }
        }
    }
}
