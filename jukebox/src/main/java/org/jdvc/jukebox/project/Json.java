package org.jdvc.jukebox.project;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the project's records (metrics, model versions): maps, lists, strings, numbers, booleans and null,
 * written pretty-printed with keys in insertion order, so that git diffs of them read well.
 */
public final class Json {
    private Json() {
    }

    /** {@code value} as JSON text, indented by two spaces per level, ending without a newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.toString();
    }

    /**
     * Parses JSON text into maps, lists, strings, numbers, booleans and null (JSON is a subset of YAML 1.2, whose
     * parser core already ships).
     */
    public static Object read(String text) {
        return new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String text) {
        if (read(text) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException("not a JSON object: " + text.strip().lines().findFirst().orElse(""));
    }

    private static void write(StringBuilder sb, Object v, String indent) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> sb.append("null");
            case Float f when f.isNaN() || f.isInfinite() -> sb.append("null");
            case Number n -> sb.append(n);
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append("{\n");
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    sb.append(indent).append("  ");
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), indent + "  ");
                    sb.append(it.hasNext() ? ",\n" : "\n");
                }
                sb.append(indent).append('}');
            }
            case List<?> l -> {
                // NOTE: lists of scalars stay on one line (layer sizes, scores); lists of objects get a line each
                boolean flat = l.stream().noneMatch(o -> o instanceof Map || o instanceof List);
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(flat ? (i == 0 ? "" : " ") : "\n" + indent + "  ");
                    write(sb, l.get(i), indent + "  ");
                }
                sb.append(flat || l.isEmpty() ? "]" : "\n" + indent + "]");
            }
            default -> string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
