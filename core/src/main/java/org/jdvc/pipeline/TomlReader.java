package org.jdvc.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;

/**
 * Reads TOML 1.0 parameter files into plain values (maps in file order, lists, strings, {@code Long}, {@code Double},
 * {@code Boolean}; dates and times stay strings). Covers tables, arrays of tables, dotted and quoted keys, inline
 * tables, multi-line arrays, basic / literal / multi-line strings and the number forms ({@code _}, hex, octal,
 * binary, {@code inf}, {@code nan}). Stateless entry point; one parser instance per document.
 */
// NOTE: hand-written: the only maintained JVM TOML libraries pull in Jackson or ANTLR (start-up cost and size far
// beyond what reading a params file needs).
final class TomlReader {
    private final String s;
    private final String name;
    private int pos;

    private TomlReader(String s, String name) {
        this.s = s;
        this.name = name;
    }

    static Map<String, Object> parse(String text, String name) {
        return new TomlReader(text, name).document();
    }

    private Map<String, Object> document() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> current = root;
        while (true) {
            skipBlankLines();
            if (pos >= s.length()) {
                return root;
            }
            if (s.startsWith("[[", pos)) {
                pos += 2;
                List<String> key = key();
                expect("]]");
                current = new LinkedHashMap<>();
                arrayAt(root, key).add(current);
            } else if (s.charAt(pos) == '[') {
                pos++;
                List<String> key = key();
                expect("]");
                current = tableAt(root, key);
            } else {
                List<String> key = key();
                skipSpaces();
                expect("=");
                skipSpaces();
                Object v = value();
                Map<String, Object> t = tableAt(current, key.subList(0, key.size() - 1));
                if (t.containsKey(key.getLast())) {
                    throw error("duplicate key '" + String.join(".", key) + "'");
                }
                t.put(key.getLast(), v);
            }
            endOfLine();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tableAt(Map<String, Object> from, List<String> path) {
        Map<String, Object> t = from;
        for (String k : path) {
            Object v = t.get(k);
            if (v == null) {
                Map<String, Object> n = new LinkedHashMap<>();
                t.put(k, n);
                t = n;
            } else if (v instanceof Map<?, ?> m) {
                t = (Map<String, Object>) m;
            } else if (v instanceof List<?> l && !l.isEmpty() && l.getLast() instanceof Map<?, ?> m) {
                t = (Map<String, Object>) m;
            } else {
                throw error("key '" + k + "' is not a table");
            }
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private List<Object> arrayAt(Map<String, Object> root, List<String> path) {
        Map<String, Object> parent = tableAt(root, path.subList(0, path.size() - 1));
        Object v = parent.computeIfAbsent(path.getLast(), k -> new ArrayList<>());
        if (!(v instanceof List<?>)) {
            throw error("key '" + path.getLast() + "' is not an array of tables");
        }
        return (List<Object>) v;
    }

    private List<String> key() {
        List<String> parts = new ArrayList<>();
        while (true) {
            skipSpaces();
            char c = peek();
            if (c == '"') {
                parts.add(basicString());
            } else if (c == '\'') {
                parts.add(literalString());
            } else {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                        || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a key");
                }
                parts.add(s.substring(start, pos));
            }
            skipSpaces();
            if (peek() != '.') {
                return parts;
            }
            pos++;
        }
    }

    /** Arrays and inline tables nested deeper than this are refused: {@link #value} recurses once per level. */
    static final int MAX_DEPTH = 500;
    private int depth;

    private Object value() {
        if (++depth > MAX_DEPTH) {
            throw error("arrays and tables are nested more than " + MAX_DEPTH + " deep");
        }
        try {
            return valueAtDepth();
        } finally {
            depth--;
        }
    }

    private Object valueAtDepth() {
        char c = peek();
        if (s.startsWith("\"\"\"", pos)) {
            return multiline("\"\"\"", true);
        }
        if (s.startsWith("'''", pos)) {
            return multiline("'''", false);
        }
        if (c == '"') {
            return basicString();
        }
        if (c == '\'') {
            return literalString();
        }
        if (c == '[') {
            pos++;
            List<Object> list = new ArrayList<>();
            while (true) {
                skipWhitespaceAndComments();
                if (peek() == ']') {
                    pos++;
                    return list;
                }
                list.add(value());
                skipWhitespaceAndComments();
                if (peek() == ',') {
                    pos++;
                } else {
                    skipWhitespaceAndComments();
                    expect("]");
                    return list;
                }
            }
        }
        if (c == '{') {
            pos++;
            Map<String, Object> table = new LinkedHashMap<>();
            skipSpaces();
            if (peek() == '}') {
                pos++;
                return table;
            }
            while (true) {
                List<String> key = key();
                skipSpaces();
                expect("=");
                skipSpaces();
                tableAt(table, key.subList(0, key.size() - 1)).put(key.getLast(), value());
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect("}");
                    return table;
                }
            }
        }
        int start = pos;
        while (pos < s.length() && ",]}#\n\r".indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
        String token = s.substring(start, pos).strip();
        pos = start + s.substring(start, pos).stripTrailing().length();
        return scalar(token);
    }

    private Object scalar(String t) {
        switch (t) {
            case "true" -> {
                return true;
            }
            case "false" -> {
                return false;
            }
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        String n = t.replace("_", "");
        try {
            if (n.startsWith("0x")) {
                return Long.parseLong(n.substring(2), 16);
            }
            if (n.startsWith("0o")) {
                return Long.parseLong(n.substring(2), 8);
            }
            if (n.startsWith("0b")) {
                return Long.parseLong(n.substring(2), 2);
            }
            if (n.matches("[-+]?[0-9]+")) {
                return Long.parseLong(n.startsWith("+") ? n.substring(1) : n);
            }
            if (n.matches("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                return Double.parseDouble(n);
            }
        } catch (NumberFormatException e) {
            throw error("invalid number '" + t + "'");
        }
        if (t.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}.*|[0-9]{2}:[0-9]{2}:[0-9]{2}.*")) {
            return t; // NOTE: dates and times are kept as their text
        }
        throw error("invalid value '" + t + "'");
    }

    private String basicString() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length() || s.charAt(pos) == '\n') {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                escape(sb);
            } else {
                sb.append(c);
            }
        }
    }

    private void escape(StringBuilder sb) {
        if (pos >= s.length()) {
            throw error("unterminated string");
        }
        char e = s.charAt(pos++);
        switch (e) {
            case 'b' -> sb.append('\b');
            case 't' -> sb.append('\t');
            case 'n' -> sb.append('\n');
            case 'f' -> sb.append('\f');
            case 'r' -> sb.append('\r');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'u', 'U' -> {
                int len = e == 'u' ? 4 : 8;
                int cp;
                try {
                    cp = Integer.parseInt(s.substring(pos, Math.min(s.length(), pos + len)), 16);
                } catch (NumberFormatException ex) {
                    throw error("invalid escape '\\" + e + "': " + len + " hex digits expected");
                }
                if (pos + len > s.length() || !Character.isValidCodePoint(cp) || cp >= 0xD800 && cp <= 0xDFFF) {
                    throw error("invalid escape '\\" + e + "': not a Unicode scalar value");
                }
                sb.appendCodePoint(cp);
                pos += len;
            }
            default -> throw error("invalid escape '\\" + e + "'");
        }
    }

    private String literalString() {
        int end = s.indexOf('\'', pos + 1);
        if (end < 0) {
            throw error("unterminated string");
        }
        String v = s.substring(pos + 1, end);
        pos = end + 1;
        return v;
    }

    private String multiline(String quote, boolean escapes) {
        pos += 3;
        if (s.startsWith("\n", pos)) {
            pos++;
        } else if (s.startsWith("\r\n", pos)) {
            pos += 2;
        }
        StringBuilder sb = new StringBuilder();
        while (!s.startsWith(quote, pos) || s.startsWith(quote + quote.charAt(0), pos)) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (escapes && c == '\\') {
                if (pos < s.length() && (s.charAt(pos) == '\n' || s.charAt(pos) == ' ' || s.charAt(pos) == '\r')) {
                    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                        pos++;
                    }
                } else {
                    escape(sb);
                }
            } else {
                sb.append(c);
            }
        }
        pos += 3;
        return sb.toString();
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void expect(String token) {
        if (!s.startsWith(token, pos)) {
            throw error("expected '" + token + "'");
        }
        pos += token.length();
    }

    private void skipSpaces() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipWhitespaceAndComments() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipBlankLines() {
        skipWhitespaceAndComments();
    }

    private void endOfLine() {
        skipSpaces();
        if (peek() == '#') {
            while (pos < s.length() && s.charAt(pos) != '\n') {
                pos++;
            }
        }
        if (pos < s.length() && s.charAt(pos) == '\r') {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) != '\n') {
            throw error("expected the end of the line");
        }
    }

    private JdvcException error(String problem) {
        int line = 1;
        for (int i = 0; i < Math.min(pos, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return new JdvcException("unable to read parameters from '" + name + "': invalid TOML: " + problem
                + ", in line " + line);
    }
}
