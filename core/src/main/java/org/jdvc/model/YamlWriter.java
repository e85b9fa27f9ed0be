package org.jdvc.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Writes YAML byte-for-byte the way DVC's ruamel.yaml round-trip dumper does, so files jdvc writes cause no diff
 * churn: block style, mappings indented by 2, sequences under a key not indented ({@code outs:} then {@code - md5:}
 * at the same column), {@code \n} line ends, a final newline, no document marker, non-ASCII written raw, plain
 * scalars folded at spaces past column 80.
 *
 * <p>Values are plain Java data: {@code Map<String, ?>} (written in iteration order), {@code List<?>},
 * {@code String}, {@code Boolean}, integral {@code Number}s, {@code Double}/{@code Float}, {@link LocalDate}, and
 * {@code null} (written as nothing after the colon). Strings are written plain unless they would read back as
 * another type or start with / contain an indicator; then single-quoted, or double-quoted when they need escapes.
 * Stateless and thread-safe.
 */
// NOTE: hand-written instead of snakeyaml-engine's emitter: its quoting, indentation and float/null forms differ
// from ruamel's, and exact bytes are the contract.
public final class YamlWriter {
    private static final int BEST_WIDTH = 80;
    private static final int INDENT = 2;

    private YamlWriter() {}

    /** The whole document for a top-level mapping (an empty mapping is written {@code {}}). */
    public static String write(Map<String, ?> document) {
        if (document.isEmpty()) {
            return "{}\n";
        }
        StringBuilder out = new StringBuilder(128);
        writeMapping(out, document, 0, false);
        return out.toString();
    }

    /**
     * The text of one scalar as it would follow {@code "key: "} (no folding): {@code ''} for the empty string,
     * {@code ""} (nothing) for null.
     */
    public static String scalar(Object value) {
        StringBuilder out = new StringBuilder();
        appendScalar(out, value, 0, 0, false);
        return out.toString();
    }

    /**
     * Writes the entries of {@code map} with keys at column {@code indent}; when {@code inline}, the first key
     * continues the current line (after a sequence dash). Each entry ends with a newline.
     */
    static void writeMapping(StringBuilder out, Map<String, ?> map, int indent, boolean inline) {
        boolean first = true;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!(first && inline)) {
                spaces(out, indent);
            }
            first = false;
            writeEntry(out, e.getKey(), e.getValue(), indent);
        }
    }

    /** Writes {@code key: value} with the key at column {@code indent} (already indented); ends with a newline. */
    static void writeEntry(StringBuilder out, String key, Object value, int indent) {
        appendScalar(out, key, 0, 0, false);
        out.append(':');
        writeValue(out, value, indent, indent + INDENT);
    }

    /**
     * Writes a value after {@code key:} (or after a dash): scalars on the same line, non-empty collections on the
     * following lines. {@code nodeIndent} is the column of the owning key or dash.
     */
    static void writeValue(StringBuilder out, Object value, int nodeIndent, int childIndent) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            writeMapping(out, castMap(m), childIndent, false);
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            writeSequence(out, l, nodeIndent, false);
        } else {
            if (value != null) {
                out.append(' ');
                appendScalar(out, value, column(out), childIndent, true);
            }
            out.append('\n');
        }
    }

    /** Writes the items of {@code list} with dashes at column {@code indent}. */
    static void writeSequence(StringBuilder out, List<?> list, int indent, boolean inline) {
        boolean first = true;
        for (Object item : list) {
            if (!(first && inline)) {
                spaces(out, indent);
            }
            first = false;
            out.append('-');
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                out.append(' ');
                writeMapping(out, castMap(m), indent + INDENT, true);
            } else if (item instanceof List<?> l && !l.isEmpty()) {
                out.append(' ');
                writeSequence(out, l, indent + INDENT, true);
            } else {
                if (item != null) {
                    out.append(' ');
                    appendScalar(out, item, column(out), indent + INDENT, true);
                }
                out.append('\n');
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static int column(StringBuilder out) {
        int nl = out.lastIndexOf("\n");
        return out.codePointCount(nl + 1, out.length());
    }

    private static void spaces(StringBuilder out, int n) {
        out.repeat(' ', n);
    }

    /**
     * Appends a scalar. {@code column} is the current column (for folding), {@code foldIndent} the indentation of
     * continuation lines; {@code split} allows folding.
     */
    static void appendScalar(StringBuilder out, Object value, int column, int foldIndent, boolean split) {
        switch (value) {
            case null -> {}
            case String s -> appendString(out, s, column, foldIndent, split);
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(formatFloat(d));
            case Float f -> out.append(formatFloat(f.doubleValue()));
            case Long n -> out.append(n);
            case Integer n -> out.append(n);
            case Short n -> out.append(n);
            case Byte n -> out.append(n);
            case BigInteger n -> out.append(n);
            case LocalDate d -> out.append(d);
            case Map<?, ?> m when m.isEmpty() -> out.append("{}");
            case List<?> l when l.isEmpty() -> out.append("[]");
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as YAML");
        }
    }

    /** How a string must be written. */
    enum Style { PLAIN, SINGLE, DOUBLE }

    static Style styleOf(String s) {
        if (s.isEmpty()) {
            return Style.SINGLE;
        }
        boolean special = false;
        boolean lineBreak = false;
        boolean indicators = false;
        int len = s.length();
        if (s.startsWith("---") || s.startsWith("...")) {
            indicators = true;
        }
        boolean precededBySpace = true;
        for (int i = 0; i < len; i++) {
            char ch = s.charAt(i);
            boolean followedBySpace = i + 1 >= len || isBlankOrBreak(s.charAt(i + 1));
            if (i == 0) {
                switch (ch) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
                            indicators = true;
                    case '?', ':', '-' -> indicators |= followedBySpace;
                    default -> {}
                }
            } else if ((ch == ':' && followedBySpace) || (ch == '#' && precededBySpace)) {
                indicators = true;
            }
            if (ch == '\n' || ch == '\r' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') {
                lineBreak = true;
            } else if (!printable(ch)) {
                special = true;
            }
            precededBySpace = isBlankOrBreak(ch);
        }
        if (special || lineBreak) {
            // NOTE: ruamel would single-quote multi-line strings with folded line breaks; double quotes with
            // escapes read back identically and keep the emitter simple (such values do not occur in DVC files).
            return Style.DOUBLE;
        }
        if (indicators || s.charAt(0) == ' ' || s.charAt(len - 1) == ' ' || YamlReader.resolvePlain(s) != Tag.STR) {
            return Style.SINGLE;
        }
        return Style.PLAIN;
    }

    private static boolean isBlankOrBreak(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\u0085' || ch == '\u2028'
                || ch == '\u2029' || ch == '\0';
    }

    private static boolean printable(char ch) {
        // NOTE: surrogates are printable here; supplementary characters are written raw (allow_unicode).
        return (ch >= 0x20 && ch <= 0x7E) || ch == 0x85 || (ch >= 0xA0 && ch <= 0xFFFD && ch != 0xFEFF);
    }

    static void appendString(StringBuilder out, String s, int column, int foldIndent, boolean split) {
        switch (styleOf(s)) {
            case PLAIN -> appendFolded(out, s, column, foldIndent, split, false);
            case SINGLE -> {
                out.append('\'');
                appendFolded(out, s, column + 1, foldIndent, split, true);
                out.append('\'');
            }
            case DOUBLE -> appendDoubleQuoted(out, s);
        }
    }

    /**
     * Writes text, replacing a single space by a line break plus indentation once the column passes 80 (ruamel's
     * plain and single-quoted folding); single quotes are doubled when {@code quoted}.
     */
    private static void appendFolded(StringBuilder out, String s, int column, int foldIndent, boolean split,
            boolean quoted) {
        int len = s.length();
        if (!split || column + s.length() <= BEST_WIDTH) {
            // NOTE: fast path: folding needs the column to pass the width, impossible for short values.
            out.append(quoted ? s.replace("'", "''") : s);
            return;
        }
        int col = column;
        int start = 0;
        boolean spaces = false;
        for (int end = 0; end <= len; end++) {
            int ch = end < len ? s.charAt(end) : -1;
            if (spaces) {
                if (ch != ' ') {
                    boolean inner = !quoted || (start != 0 && end != len);
                    if (start + 1 == end && col > BEST_WIDTH && inner) {
                        out.append('\n');
                        spaces(out, foldIndent);
                        col = foldIndent;
                    } else {
                        out.append(s, start, end);
                        col += s.codePointCount(start, end);
                    }
                    start = end;
                }
            } else if (ch == -1 || ch == ' ' || (quoted && ch == '\'')) {
                if (start < end) {
                    out.append(s, start, end);
                    col += s.codePointCount(start, end);
                    start = end;
                }
            }
            if (quoted && ch == '\'') {
                out.append("''");
                col += 2;
                start = end + 1;
            }
            if (ch != -1) {
                spaces = ch == ' ';
            }
        }
    }

    static void appendDoubleQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\0' -> out.append("\\0");
                case '\u0007' -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\u000B' -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '\u001B' -> out.append("\\e");
                case '\u0085' -> out.append("\\N");
                case '\u2028' -> out.append("\\L");
                case '\u2029' -> out.append("\\P");
                default -> {
                    if (printable(ch) && ch != '\u00A0') {
                        out.append(ch);
                    } else if (ch == '\u00A0') {
                        out.append("\\_");
                    } else if (ch <= 0xFF) {
                        out.append("\\x").append(String.format("%02X", (int) ch));
                    } else {
                        out.append("\\u").append(String.format("%04X", (int) ch));
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)} lower-cased, as ruamel writes floats ({@code 0.001}, {@code 1e-05}, {@code .inf}). */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp10 = digits.length() - 1 - bd.scale();
        if (exp10 >= -4 && exp10 < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int abs = Math.abs(exp10);
        return sign + mantissa + "e" + (exp10 < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
    }
}
