package org.jdvc.model;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Reads YAML the way DVC does (ruamel.yaml's safe loader): YAML 1.2 core schema, so {@code yes}/{@code on}/{@code y}
 * stay strings, plus ruamel's extra number forms ({@code 1_000}, {@code 0b11}, {@code 0o17}, {@code 0x1F}, leading
 * zeros read as decimal, {@code 1234e5678} as a float) and dates ({@code 2001-12-14}).
 *
 * <p>{@link #compose} returns snakeyaml-engine node trees that keep marks (line/column), so callers can name the
 * line of a schema error and rewrite text in place. Duplicate mapping keys are an error. Every failure is a
 * {@link DvcFileException} with a one-line message naming the file. Stateless and thread-safe.
 */
public final class YamlReader {
    /** Tag of ruamel's implicit dates; {@link #toValue} turns plain dates into {@link LocalDate}. */
    public static final Tag TIMESTAMP = new Tag(Tag.PREFIX + "timestamp");

    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setUseMarks(true)
            .setSchema(new RuamelSchema())
            .setAllowDuplicateKeys(true) // NOTE: checked by compose() so the message can carry both values
            .setCodePointLimit(Integer.MAX_VALUE)
            .setLabel("")
            .build();

    private YamlReader() {}

    /**
     * Parses the single YAML document in {@code text}.
     *
     * @return the root node, or {@code null} for an empty document
     * @throws DvcFileException for invalid YAML or duplicate keys: {@code '<displayName>' is invalid: <problem>, in
     *     line L, column C}
     */
    public static Node compose(String text, String displayName) {
        Node root;
        try {
            root = new Compose(SETTINGS).composeString(text).orElse(null);
        } catch (StackOverflowError e) {
            // NOTE: the composer recurses once per nesting level and has no limit of its own; a hostile file of
            // "[[[[..." must be a message, and unwinding the stack leaves the parser without state to repair
            throw new DvcFileException("'" + displayName + "' is invalid: collections are nested too deeply");
        } catch (MarkedYamlEngineException e) {
            throw invalid(displayName, problemText(e.getProblem()), e.getProblemMark().orElse(null), e);
        } catch (YamlEngineException e) {
            throw new DvcFileException("'" + displayName + "' is invalid: " + e.getMessage(), e);
        }
        if (root != null) {
            checkDepth(root, displayName);
            checkDuplicates(root, displayName);
        }
        return root;
    }

    /** Collections nested deeper than this are refused: what reads the tree recurses once per level. */
    static final int MAX_DEPTH = 500;

    /** Fails when {@code root} nests collections more than {@link #MAX_DEPTH} deep (walked without recursion). */
    private static void checkDepth(Node root, String displayName) {
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {root, 1});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Node n = (Node) top[0];
            int depth = (Integer) top[1];
            if (depth > MAX_DEPTH) {
                throw invalid(displayName, "collections are nested more than " + MAX_DEPTH + " deep",
                        n.getStartMark().orElse(null), null);
            }
            if (n instanceof SequenceNode seq) {
                seq.getValue().forEach(c -> stack.push(new Object[] {c, depth + 1}));
            } else if (n instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    stack.push(new Object[] {t.getKeyNode(), depth + 1});
                    stack.push(new Object[] {t.getValueNode(), depth + 1});
                }
            }
        }
    }

    /** {@link #compose} then {@link #toValue}. */
    public static Object load(String text, String displayName) {
        Node root = compose(text, displayName);
        return root == null ? null : toValue(root);
    }

    /**
     * The plain Java value of a composed node: {@code LinkedHashMap<String, Object>} (keys in document order, as the
     * key's scalar text), {@code ArrayList}, {@code String}, {@code Long} or {@code BigInteger}, {@code Double},
     * {@code Boolean}, {@code LocalDate}, or {@code null}.
     */
    public static Object toValue(Node node) {
        return switch (node) {
            case ScalarNode s -> scalarValue(s);
            case SequenceNode seq -> {
                List<Object> list = new ArrayList<>(seq.getValue().size());
                for (Node item : seq.getValue()) {
                    list.add(toValue(item));
                }
                yield list;
            }
            case MappingNode map -> {
                Map<String, Object> out = LinkedHashMap.newLinkedHashMap(map.getValue().size());
                for (NodeTuple t : map.getValue()) {
                    out.put(keyText(t.getKeyNode()), toValue(t.getValueNode()));
                }
                yield out;
            }
            default -> throw new IllegalArgumentException("unexpected node " + node.getNodeType());
        };
    }

    /** The value of a scalar node according to its resolved tag. */
    public static Object scalarValue(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(Tag.STR)) {
            return v;
        } else if (tag.equals(Tag.INT)) {
            return parseInt(v);
        } else if (tag.equals(Tag.NULL)) {
            return null;
        } else if (tag.equals(Tag.BOOL)) {
            return v.charAt(0) == 't' || v.charAt(0) == 'T';
        } else if (tag.equals(Tag.FLOAT)) {
            return parseFloat(v);
        } else if (tag.equals(TIMESTAMP)) {
            return DATE.matcher(v).matches() ? LocalDate.parse(padDate(v)) : v;
        }
        return v; // NOTE: explicit unknown tags (!foo) keep their text, as a safe loader would refuse them anyway
    }

    /** The text of a mapping key (non-scalar keys are shown as their value's string form). */
    static String keyText(Node key) {
        return key instanceof ScalarNode s ? s.getValue() : String.valueOf(toValue(key));
    }

    /**
     * The tag a plain scalar with this text resolves to: {@link Tag#STR} unless it reads as null, bool, int, float
     * or date. The writer quotes exactly the strings for which this is not {@code STR}.
     */
    public static Tag resolvePlain(String v) {
        if (v.isEmpty()) {
            return Tag.NULL;
        }
        char c = v.charAt(0);
        // NOTE: first-character dispatch keeps ordinary strings (hashes, paths) off the regex path.
        switch (c) {
            case '~', 'n', 'N' -> {
                return NULL.matcher(v).matches() ? Tag.NULL : Tag.STR;
            }
            case 't', 'T', 'f', 'F' -> {
                return BOOL.matcher(v).matches() ? Tag.BOOL : Tag.STR;
            }
            case '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                if (INT.matcher(v).matches()) {
                    return Tag.INT;
                }
                if (FLOAT.matcher(v).matches()) {
                    return Tag.FLOAT;
                }
                if (c >= '0' && c <= '9' && TIMESTAMP_PATTERN.matcher(v).matches()) {
                    return TIMESTAMP;
                }
                return Tag.STR;
            }
            default -> {
                return Tag.STR;
            }
        }
    }

    static Number parseInt(String text) {
        String v = text.indexOf('_') >= 0 ? text.replace("_", "") : text;
        boolean negative = false;
        int i = 0;
        if (v.charAt(0) == '-' || v.charAt(0) == '+') {
            negative = v.charAt(0) == '-';
            i = 1;
        }
        int radix = 10;
        if (v.length() > i + 1 && v.charAt(i) == '0') {
            switch (v.charAt(i + 1)) {
                case 'b' -> radix = 2;
                case 'o' -> radix = 8;
                case 'x' -> radix = 16;
                default -> radix = 10; // NOTE: ruamel reads 0123 as decimal 123, not octal
            }
            if (radix != 10) {
                i += 2;
            }
        }
        String digits = v.substring(i);
        if (digits.length() <= (radix == 10 ? 18 : radix == 16 ? 15 : radix == 8 ? 20 : 62)) {
            long n = Long.parseLong(digits, radix);
            return negative ? -n : n;
        }
        BigInteger big = new BigInteger(digits, radix);
        big = negative ? big.negate() : big;
        return big.bitLength() < 64 ? (Number) big.longValue() : big;
    }

    static Double parseFloat(String text) {
        String v = text.indexOf('_') >= 0 ? text.replace("_", "") : text;
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        return switch (lower) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.valueOf(v);
        };
    }

    private static String padDate(String v) {
        String[] p = v.split("-");
        return p[0] + "-" + (p[1].length() == 1 ? "0" + p[1] : p[1]) + "-" + (p[2].length() == 1 ? "0" + p[2] : p[2]);
    }

    private static void checkDuplicates(Node node, String displayName) {
        if (node instanceof MappingNode map) {
            List<NodeTuple> tuples = map.getValue();
            Map<String, NodeTuple> seen = tuples.size() > 8 ? new HashMap<>() : null;
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                String key = keyText(t.getKeyNode());
                NodeTuple first = null;
                if (seen != null) {
                    first = seen.putIfAbsent(key, t);
                } else {
                    for (int j = 0; j < i && first == null; j++) {
                        if (keyText(tuples.get(j).getKeyNode()).equals(key)) {
                            first = tuples.get(j);
                        }
                    }
                }
                if (first != null) {
                    String problem = "found duplicate key \"" + key + "\" with value \"" + shown(t.getValueNode())
                            + "\" (original value: \"" + shown(first.getValueNode()) + "\")";
                    throw invalid(displayName, problem, t.getKeyNode().getStartMark().orElse(null), null);
                }
                checkDuplicates(t.getValueNode(), displayName);
            }
        } else if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                checkDuplicates(item, displayName);
            }
        }
    }

    private static String shown(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : String.valueOf(toValue(n));
    }

    private static DvcFileException invalid(String displayName, String problem, Mark mark, Throwable cause) {
        String where = mark == null ? "" : ", in line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        return new DvcFileException("'" + displayName + "' is invalid: " + problem + where, cause);
    }

    /**
     * snakeyaml-engine phrases parser problems like PyYAML ("expected ',' or ']', but got :"); DVC shows libyaml's
     * wording ("did not find expected ',' or ']'"), which is what users and transcripts expect.
     */
    static String problemText(String problem) {
        if (problem == null) {
            return "invalid YAML";
        }
        String p = problem.strip();
        if (p.startsWith("expected ")) {
            int but = p.indexOf(", but ");
            return "did not find " + (but < 0 ? p : p.substring(0, but));
        }
        return p;
    }

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL");
    private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern INT = Pattern.compile(
            // NOTE: at least one digit after a prefix: "0b_" is no number (parsing it failed: fuzzing found it)
            "[-+]?[0-9][0-9_]*|[-+]?0b_*[0-1][0-1_]*|[-+]?0o_*[0-7][0-7_]*|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
            + "|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
            // NOTE: a digit after the point: "._" is no number (fuzzing found it)
            + "|[-+]?\\._*[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
            + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}");
    private static final Pattern TIMESTAMP_PATTERN = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
            + "(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
            + "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?");

    /** YAML 1.2 core schema resolution with ruamel's extra forms; constructors are unused (we walk nodes). */
    private static final class RuamelSchema implements Schema {
        private static final ScalarResolver RESOLVER = (value, implicit) ->
                Boolean.TRUE.equals(implicit) ? resolvePlain(value) : Tag.STR;

        @Override
        public ScalarResolver getScalarResolver() {
            return RESOLVER;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return Map.of();
        }
    }
}
