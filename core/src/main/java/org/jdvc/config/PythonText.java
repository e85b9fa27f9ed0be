package org.jdvc.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders config values the way Python's {@code str()} and {@code repr()} do, because DVC prints config values and
 * validation paths through them ({@code dvc config -l} shows a list as {@code ['reflink', 'copy']}, a validation
 * error shows its path as {@code data['core']['x']}).
 */
final class PythonText {
    private PythonText() {}

    /** Python {@code str(value)} for the value types a config tree holds. */
    static String str(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> s;
            case Boolean b -> b ? "True" : "False";
            case ConfigTree.RelPath p -> p.path();
            case ConfigTree.ExpPath p -> p.expanded();
            default -> repr(value);
        };
    }

    /** Python {@code repr(value)}. */
    static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> reprString(s);
            case ConfigTree.RelPath p -> reprString(p.path());
            case ConfigTree.ExpPath p -> reprString(p.expanded());
            case Boolean b -> b ? "True" : "False";
            case List<?> l -> l.stream().map(PythonText::repr).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> m -> m.entrySet().stream()
                    .map(e -> repr(e.getKey()) + ": " + repr(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            default -> String.valueOf(value);
        };
    }

    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        });
        return out.append(quote).toString();
    }

    // NOTE: Python's str.isprintable(): everything except "Other" and "Separator" categories, but ' ' is printable.
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
