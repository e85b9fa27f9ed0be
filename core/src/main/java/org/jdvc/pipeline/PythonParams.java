package org.jdvc.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameters from a Python file the way DVC reads them (from the syntax tree, never by running it): module-level
 * assignments {@code NAME = <literal>} (annotated ones too), and for each {@code class}, its class-level assignments
 * and the {@code self.name = <literal>} assignments of its {@code __init__}, as a nested mapping. Values are Python
 * literals (numbers, strings, {@code True}/{@code False}/{@code None}, lists, tuples as lists, dicts); assignments of
 * anything else are skipped. Statements may span lines inside brackets.
 */
final class PythonParams {
    private static final Pattern ASSIGN = Pattern.compile("(self\\.)?([A-Za-z_][A-Za-z0-9_]*)\\s*(?::[^=]+)?=(?!=)(.*)",
            Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("class\\s+([A-Za-z_][A-Za-z0-9_]*)\\b.*:\\s*");
    private static final Pattern DEF = Pattern.compile("def\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(.*");

    private PythonParams() {
    }

    static Map<String, Object> parse(String text) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> cls = null;
        int classIndent = -1;
        int defIndent = -1;
        boolean inInit = false;
        for (String stmt : statements(text)) {
            int indent = stmt.length() - stmt.stripLeading().length();
            String code = stmt.strip();
            if (cls != null && indent <= classIndent) {
                cls = null;
            }
            if (defIndent >= 0 && indent <= defIndent) {
                defIndent = -1;
                inInit = false;
            }
            Matcher c = CLASS.matcher(code);
            if (c.matches()) {
                cls = new LinkedHashMap<>();
                root.put(c.group(1), cls);
                classIndent = indent;
                continue;
            }
            Matcher d = DEF.matcher(code);
            if (d.matches()) {
                defIndent = indent;
                inInit = cls != null && d.group(1).equals("__init__");
                continue;
            }
            Matcher a = ASSIGN.matcher(code);
            if (!a.matches()) {
                continue;
            }
            boolean self = a.group(1) != null;
            Map<String, Object> target = defIndent >= 0 ? (inInit && self ? cls : null)
                    : cls != null ? (self ? null : cls) : (self || indent > 0 ? null : root);
            if (target == null) {
                continue;
            }
            try {
                target.put(a.group(2), new Literal(a.group(3).strip()).parseAll());
            } catch (IllegalArgumentException e) {
                // NOTE: not a literal (a call, a name): DVC does not track it either.
            }
        }
        return root;
    }

    /** Logical lines: comments dropped, lines joined while brackets are open. */
    private static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (String line : text.split("\n", -1)) {
            String code = stripComment(line);
            if (depth == 0 && code.isBlank()) {
                continue;
            }
            cur.append(depth == 0 ? code : " " + code.strip());
            for (char ch : withoutStrings(code).toCharArray()) {
                if ("([{".indexOf(ch) >= 0) {
                    depth++;
                } else if (")]}".indexOf(ch) >= 0) {
                    depth--;
                }
            }
            if (depth <= 0) {
                out.add(cur.toString());
                cur.setLength(0);
                depth = 0;
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * {@code code} without its string literals (quotes included). NOTE: a loop, not the regex it was: Java's regex
     * engine recurses once per character in {@code ("(\\.|[^"\\])*")}, so a long string overflowed the stack.
     */
    private static String withoutStrings(String code) {
        StringBuilder out = new StringBuilder(code.length());
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote == 0) {
                if (c == '"' || c == '\'') {
                    quote = c;
                } else {
                    out.append(c);
                }
            } else if (c == '\\') {
                i++;
            } else if (c == quote) {
                quote = 0;
            }
        }
        // NOTE: an unterminated literal is dropped whole, as the regex left it in place but nothing reads it
        return out.toString();
    }

    /** A recursive-descent reader of one Python literal. */
    private static final class Literal {
        private final String s;
        private int pos;

        Literal(String s) {
            this.s = s;
        }

        Object parseAll() {
            Object v = value();
            skip();
            if (pos != s.length()) {
                throw new IllegalArgumentException("not a literal");
            }
            return v;
        }

        private int depth;

        private Object value() {
            // NOTE: recursion once per nesting level; a literal nested deeper than TOML's limit is not a literal
            if (++depth > TomlReader.MAX_DEPTH) {
                throw new IllegalArgumentException("nested too deeply");
            }
            try {
                return valueAtDepth();
            } finally {
                depth--;
            }
        }

        private Object valueAtDepth() {
            skip();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("empty");
            }
            char c = s.charAt(pos);
            if (c == '[' || c == '(') {
                pos++;
                List<Object> items = new ArrayList<>();
                char close = c == '[' ? ']' : ')';
                while (true) {
                    skip();
                    if (peek() == close) {
                        pos++;
                        return items;
                    }
                    items.add(value());
                    skip();
                    if (peek() == ',') {
                        pos++;
                    } else if (peek() != close) {
                        throw new IllegalArgumentException("bad sequence");
                    }
                }
            }
            if (c == '{') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (true) {
                    skip();
                    if (peek() == '}') {
                        pos++;
                        return map;
                    }
                    Object k = value();
                    skip();
                    if (peek() != ':') {
                        throw new IllegalArgumentException("not a dict");
                    }
                    pos++;
                    map.put(String.valueOf(k), value());
                    skip();
                    if (peek() == ',') {
                        pos++;
                    }
                }
            }
            if (c == '"' || c == '\'') {
                return string(c);
            }
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "._+-".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            String t = s.substring(start, pos).replace("_", "");
            return switch (s.substring(start, pos)) {
                case "True" -> true;
                case "False" -> false;
                case "None" -> null;
                default -> number(t);
            };
        }

        private Object number(String t) {
            try {
                if (t.matches("[-+]?[0-9]+")) {
                    return Long.parseLong(t);
                }
                if (t.matches("[-+]?0[xX][0-9a-fA-F]+")) {
                    return Long.parseLong(t.replaceFirst("0[xX]", ""), 16);
                }
                if (t.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    return Double.parseDouble(t);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(e);
            }
            throw new IllegalArgumentException("not a literal: " + t);
        }

        private String string(char quote) {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != quote) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    char e = s.charAt(pos++);
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    sb.append(c);
                }
            }
            pos++;
            return sb.toString();
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
