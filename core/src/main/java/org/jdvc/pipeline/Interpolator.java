package org.jdvc.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.model.DvcFileException;
import org.jdvc.model.YamlWriter;

/**
 * DVC's {@code ${...}} templating over plain YAML values: a string that is exactly one {@code ${expr}} takes the
 * referenced value with its type; otherwise each {@code ${expr}} is replaced by the value's text ({@code true} /
 * {@code false} for booleans, Python's float repr). Inside {@code cmd} a mapping becomes {@code --key value} flags
 * and a list its items joined by spaces; elsewhere collections cannot be put into text. {@code \${} is a literal
 * {@code ${}. Expressions are dotted keys with optional {@code [index]} parts ({@code train.layers[0].units}).
 *
 * <p>Stateless; errors are {@link DvcFileException}s in DVC's words
 * ({@code failed to parse 'stages.train.cmd' in 'dvc.yaml': Could not find 'lr'}).
 */
final class Interpolator {
    private final String fileName;
    private java.util.function.BiConsumer<String, Object> onLookup = (expr, value) -> { };

    Interpolator(String fileName) {
        this.fileName = fileName;
    }

    /** Receives every expression resolved to a scalar with its value (DVC tracks those as parameters). */
    void onLookup(java.util.function.BiConsumer<String, Object> listener) {
        onLookup = listener;
    }

    /** True when {@code value} (at any depth) contains an unescaped {@code ${}. */
    static boolean isTemplated(Object value) {
        return switch (value) {
            case String s -> hasTemplate(s);
            case Map<?, ?> m -> m.values().stream().anyMatch(Interpolator::isTemplated);
            case List<?> l -> l.stream().anyMatch(Interpolator::isTemplated);
            case null, default -> false;
        };
    }

    private static boolean hasTemplate(String s) {
        int i = s.indexOf("${");
        while (i >= 0) {
            if (i == 0 || s.charAt(i - 1) != '\\') {
                return true;
            }
            i = s.indexOf("${", i + 2);
        }
        return false;
    }

    /**
     * {@code value} with every string resolved against {@code context}. {@code where} is the dotted location for
     * error messages ({@code stages.train}); keys named {@code cmd} get the command rules.
     */
    Object resolve(Object value, Map<String, Object> context, String where) {
        return switch (value) {
            case String s -> resolveString(s, context, where, where.endsWith(".cmd") || where.contains(".cmd."));
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String k = resolveKey(String.valueOf(e.getKey()), context, where);
                    out.put(k, resolve(e.getValue(), context, where + "." + k));
                }
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                for (Object item : l) {
                    out.add(resolve(item, context, where));
                }
                yield out;
            }
            case null, default -> value;
        };
    }

    private String resolveKey(String key, Map<String, Object> context, String where) {
        Object k = resolveString(key, context, where, false);
        return k instanceof String s ? s : text(k, false, where);
    }

    Object resolveString(String s, Map<String, Object> context, String where, boolean inCmd) {
        if (!s.contains("${")) {
            return s;
        }
        int start = s.indexOf("${");
        if (start == 0 && s.endsWith("}") && s.indexOf("}") == s.length() - 1 && s.indexOf("${", 2) < 0) {
            return lookup(s.substring(2, s.length() - 1).strip(), context, where);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("${", i);
            if (open < 0) {
                out.append(s, i, s.length());
                break;
            }
            if (open > 0 && s.charAt(open - 1) == '\\') {
                out.append(s, i, open - 1).append("${");
                i = open + 2;
                continue;
            }
            int close = s.indexOf('}', open + 2);
            if (close < 0) {
                throw error(where, "Unexpected end of string in '" + s + "'");
            }
            out.append(s, i, open);
            Object v = lookup(s.substring(open + 2, close).strip(), context, where);
            out.append(text(v, inCmd, where));
            i = close + 1;
        }
        return out.toString();
    }

    /** The value at a dotted/indexed path, or an error naming the missing part. */
    Object lookup(String expr, Map<String, Object> context, String where) {
        Object current = context;
        for (String part : splitPath(expr)) {
            if (current instanceof Map<?, ?> m && m.containsKey(part)) {
                current = m.get(part);
            } else if (current instanceof List<?> l && isIndex(part) && Integer.parseInt(part) < l.size()) {
                current = l.get(Integer.parseInt(part));
            } else {
                throw error(where, "Could not find '" + expr + "'");
            }
        }
        if (!(current instanceof Map<?, ?>) && !(current instanceof List<?>)) {
            onLookup.accept(expr, current);
        }
        return current;
    }

    private static boolean isIndex(String part) {
        return !part.isEmpty() && part.chars().allMatch(Character::isDigit);
    }

    private static List<String> splitPath(String expr) {
        List<String> parts = new ArrayList<>();
        for (String dotted : expr.split("\\.", -1)) {
            int b = dotted.indexOf('[');
            if (b < 0) {
                parts.add(dotted);
                continue;
            }
            if (b > 0) {
                parts.add(dotted.substring(0, b));
            }
            while (b >= 0) {
                int e = dotted.indexOf(']', b);
                parts.add(dotted.substring(b + 1, e < 0 ? dotted.length() : e).strip());
                b = e < 0 ? -1 : dotted.indexOf('[', e);
            }
        }
        return parts;
    }

    private String text(Object v, boolean inCmd, String where) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "true" : "false";
            case Double d -> YamlWriter.scalar(d);
            case Map<?, ?> m when inCmd -> flags(m);
            case List<?> l when inCmd -> {
                List<String> items = new ArrayList<>();
                for (Object o : l) {
                    items.add(text(o, false, where));
                }
                yield String.join(" ", items);
            }
            case Map<?, ?> m -> throw error(where, "Cannot interpolate data of type 'dict'");
            case List<?> l -> throw error(where, "Cannot interpolate data of type 'list'");
            default -> String.valueOf(v);
        };
    }

    /** A mapping as command-line flags, nested keys dotted: {@code --lr 0.1 --opt.name adam}; true → {@code --k}. */
    private String flags(Map<?, ?> m) {
        StringBuilder out = new StringBuilder();
        flatten("", m, out);
        return out.toString().strip();
    }

    private void flatten(String prefix, Map<?, ?> m, StringBuilder out) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> sub) {
                flatten(key + ".", sub, out);
            } else if (v instanceof Boolean b) {
                if (b) {
                    out.append("--").append(key).append(' ');
                }
            } else if (v instanceof List<?> l) {
                out.append("--").append(key);
                for (Object o : l) {
                    out.append(' ').append(shellWord(text(o, false, key)));
                }
                out.append(' ');
            } else if (v instanceof String s) {
                out.append("--").append(key).append(' ').append(shellWord(s)).append(' ');
            } else {
                out.append("--").append(key).append(' ').append(text(v, false, key)).append(' ');
            }
        }
    }

    /** Python's {@code shlex.quote}. */
    private static String shellWord(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%+=:,./-_".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    DvcFileException error(String where, String problem) {
        return new DvcFileException("failed to parse '" + where + "' in '" + fileName + "': " + problem);
    }
}
