package org.jdvc.hash;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Serializes plain Java values exactly like Python's {@code json.dumps(value, sort_keys=True)} with default options:
 * separators {@code ", "} and {@code ": "}, ASCII-only output with lowercase {@code \\uXXXX} escapes, object keys
 * sorted by code point, floats in Python {@code repr} form ({@code 1e-05}, {@code 1.0}, {@code Infinity}).
 *
 * <p>Supported: {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Integer}/{@code Long}/{@code Short}/
 * {@code Byte}/{@code BigInteger}, {@code Double}/{@code Float}, {@code Boolean}, {@code null}. Anything else (or a
 * non-String key) throws {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class PythonJson {
    private PythonJson() {
    }

    public static String dumps(Object value) {
        JsonOut out = new JsonOut(64);
        write(out, value);
        return out.toString();
    }

    private static void write(JsonOut out, Object v) {
        switch (v) {
            case null -> out.ascii("null");
            case String s -> out.string(s);
            case Boolean b -> out.ascii(b ? "true" : "false");
            case Integer i -> out.ascii(Integer.toString(i));
            case Long l -> out.ascii(Long.toString(l));
            case Short s -> out.ascii(Short.toString(s));
            case Byte b -> out.ascii(Byte.toString(b));
            case BigInteger b -> out.ascii(b.toString());
            case Double d -> out.ascii(floatRepr(d));
            case Float f -> out.ascii(floatRepr(f.doubleValue()));
            case Map<?, ?> m -> writeMap(out, m);
            case List<?> l -> {
                out.ascii('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        out.ascii(", ");
                    }
                    write(out, l.get(i));
                }
                out.ascii(']');
            }
            default -> throw new IllegalArgumentException("cannot serialize " + v.getClass().getName() + " as JSON");
        }
    }

    private static void writeMap(JsonOut out, Map<?, ?> m) {
        String[] keys = new String[m.size()];
        int n = 0;
        for (Object k : m.keySet()) {
            if (!(k instanceof String s)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + k);
            }
            keys[n++] = s;
        }
        Arrays.sort(keys, TreeManifest.CODE_POINT_ORDER);
        out.ascii('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.ascii(", ");
            }
            out.string(keys[i]);
            out.ascii(": ");
            write(out, m.get(keys[i]));
        }
        out.ascii('}');
    }

    /** Python's {@code float.__repr__} (shortest round-trip digits), spelled as {@code json} spells specials. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // NOTE: Double.toString yields the shortest round-trip digits since JDK 19 (same digits as Python's repr);
        // only the layout differs, so take digits + exponent from it and lay them out Python's way.
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        if (bd.precision() == 2) {
            // NOTE: Java prints at least 2 significant digits (4.9E-324); Python prints 1 when 1 round-trips (5e-324).
            BigDecimal one = new BigDecimal(Math.abs(d)).round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == Math.abs(d)) {
                bd = one.stripTrailingZeros();
            }
        }
        String digits = bd.unscaledValue().toString();
        int decpt = digits.length() - bd.scale(); // value = 0.<digits> * 10^decpt
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").repeat('0', -decpt).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).repeat('0', decpt - digits.length()).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        }
        return sb.toString();
    }
}
