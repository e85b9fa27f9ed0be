package org.jdvc.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a config tree exactly as Python's ConfigObj 5 does when DVC saves a config: scalars before subsections,
 * members indented by four spaces per level, {@code key = value}, {@code \n} line ends and a final newline (an empty
 * tree is written as a single {@code \n}, like ConfigObj). Values are quoted by ConfigObj's rules: a comma, a leading
 * or trailing space or quote, or a {@code #} forces quotes; a newline, or both kinds of quote, forces triple quotes.
 *
 * <p>NOTE: hand-written on purpose, see {@link ConfigObjReader}.
 */
final class ConfigObjWriter {
    private static final String INDENT = "    ";
    private static final String WSPACE_PLUS = " \r\n\u000b\t'\"";

    private ConfigObjWriter() {}

    static String format(Map<String, Object> root) {
        List<String> out = new ArrayList<>();
        write(root, 0, out);
        return String.join("\n", out) + "\n";
    }

    private static void write(Map<String, Object> section, int depth, List<String> out) {
        String indent = INDENT.repeat(depth);
        section.forEach((key, value) -> {
            if (!(value instanceof Map)) {
                out.add(indent + quote(key, false) + " = " + quoteValue(value));
            }
        });
        section.forEach((key, value) -> {
            if (value instanceof Map<?, ?> sub) {
                out.add(indent + "[".repeat(depth + 1) + quote(key, false) + "]".repeat(depth + 1));
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) sub;
                write(typed, depth + 1, out);
            }
        });
    }

    private static String quoteValue(Object value) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return ",";
            }
            if (list.size() == 1) {
                return quote(PythonText.str(list.getFirst()), false) + ",";
            }
            return list.stream().map(v -> quote(PythonText.str(v), false)).collect(Collectors.joining(", "));
        }
        return quote(PythonText.str(value), true);
    }

    static String quote(String value, boolean multiline) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        boolean hasSingle = value.indexOf('\'') >= 0;
        boolean hasDouble = value.indexOf('"') >= 0;
        boolean needTriple = multiline && ((hasSingle && hasDouble) || value.indexOf('\n') >= 0);
        String quoted;
        if (!needTriple) {
            if (value.indexOf('\n') >= 0) {
                throw cannotQuote(value);
            }
            boolean plain = WSPACE_PLUS.indexOf(value.charAt(0)) < 0
                    && WSPACE_PLUS.indexOf(value.charAt(value.length() - 1)) < 0
                    && value.indexOf(',') < 0;
            if (plain && value.indexOf('#') < 0) {
                return value;
            }
            quoted = singleQuote(value);
        } else {
            boolean hasTripleDouble = value.contains("\"\"\"");
            if (hasTripleDouble && value.contains("'''")) {
                throw cannotQuote(value);
            }
            quoted = hasTripleDouble ? "\"\"\"" + value + "\"\"\"" : "'''" + value + "'''";
        }
        return quoted;
    }

    private static String singleQuote(String value) {
        boolean hasSingle = value.indexOf('\'') >= 0;
        boolean hasDouble = value.indexOf('"') >= 0;
        if (hasSingle && hasDouble) {
            throw cannotQuote(value);
        }
        return hasDouble ? "'" + value + "'" : "\"" + value + "\"";
    }

    private static ConfigException cannotQuote(String value) {
        return new ConfigException("Value \"" + value + "\" cannot be safely quoted.");
    }
}
