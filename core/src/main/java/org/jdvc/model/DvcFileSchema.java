package org.jdvc.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Strict validation of a composed .dvc file (spec §5.1) that builds the model in the same walk. Errors are
 * collected and reported together in DVC's words ({@code extra keys not allowed, in outs -> 0 -> colour, line 2,
 * column 3}); the line is that of the innermost collection on the error's key path, as DVC reports it, and absent
 * for top-level keys.
 */
final class DvcFileSchema {
    private enum Type { STR, INT, BOOL, CHECKSUM, ANY, MAP, LIST_STR, FILES, REPO, STR_OR_MAP }

    private static final Map<String, Type> HASH_AND_META = Map.ofEntries(
            Map.entry("md5", Type.CHECKSUM), Map.entry("etag", Type.CHECKSUM), Map.entry("checksum", Type.CHECKSUM),
            Map.entry("size", Type.INT), Map.entry("nfiles", Type.INT), Map.entry("isexec", Type.BOOL),
            Map.entry("version_id", Type.STR), Map.entry("hash", Type.STR), Map.entry("path", Type.STR),
            Map.entry("files", Type.FILES), Map.entry("cloud", Type.MAP), Map.entry("fs_config", Type.MAP));

    private static final Map<String, Type> OUT = merge(HASH_AND_META, Map.of(
            "cache", Type.BOOL, "persist", Type.BOOL, "push", Type.BOOL, "remote", Type.STR, "desc", Type.STR,
            "type", Type.STR, "labels", Type.LIST_STR, "meta", Type.ANY));

    private static final Map<String, Type> DEP = merge(HASH_AND_META, Map.of("repo", Type.REPO, "db", Type.MAP));

    private static final Map<String, Type> REPO = Map.of(
            "url", Type.STR, "rev", Type.STR, "rev_lock", Type.STR, "config", Type.STR_OR_MAP,
            "remote", Type.STR_OR_MAP);

    private static final Map<String, Type> FILE = Map.of(
            "relpath", Type.STR, "md5", Type.CHECKSUM, "etag", Type.CHECKSUM, "checksum", Type.CHECKSUM,
            "size", Type.INT, "nfiles", Type.INT, "isexec", Type.BOOL, "version_id", Type.STR, "remote", Type.STR,
            "cloud", Type.MAP);

    /** A step of the key path down to a node, kept as a parent chain so the happy path builds no strings. */
    private record Ctx(Ctx parent, String key, Node node) {
        Ctx child(String k, Node n) {
            return new Ctx(this, k, n);
        }
    }

    private final String displayName;
    private final List<String> errors = new ArrayList<>();

    private DvcFileSchema(String displayName) {
        this.displayName = displayName;
    }

    static DvcFile read(Node root, String displayName) {
        DvcFileSchema schema = new DvcFileSchema(displayName);
        DvcFile file = schema.top(root);
        if (!schema.errors.isEmpty()) {
            throw new DvcFileException("'" + displayName + "' validation failed: " + String.join("; ", schema.errors));
        }
        return file;
    }

    private DvcFile top(Node root) {
        Ctx ctx = new Ctx(null, null, root);
        if (root == null) {
            return DvcFile.of(List.of());
        }
        if (!(root instanceof MappingNode map)) {
            error("expected a dictionary", ctx);
            return null;
        }
        String md5 = null;
        String wdir = null;
        String desc = null;
        boolean frozen = false;
        boolean alwaysChanged = false;
        Object meta = null;
        List<Dependency> deps = List.of();
        List<Output> outs = List.of();
        for (NodeTuple t : map.getValue()) {
            String key = YamlReader.keyText(t.getKeyNode());
            Node value = t.getValueNode();
            Ctx c = ctx.child(key, value);
            switch (key) {
                case "md5" -> md5 = asString(check(Type.CHECKSUM, value, c));
                case "wdir" -> wdir = isNull(value) ? null : asString(check(Type.STR, value, c));
                case "desc" -> desc = asString(check(Type.STR, value, c));
                case "frozen", "locked" -> frozen |= Boolean.TRUE.equals(check(Type.BOOL, value, c));
                case "always_changed" -> alwaysChanged = Boolean.TRUE.equals(check(Type.BOOL, value, c));
                case "meta" -> meta = YamlReader.toValue(value);
                case "deps" -> deps = entries(value, c, false).stream().map(f -> new Dependency(f)).toList();
                case "outs" -> outs = entries(value, c, true).stream().map(f -> new Output(f)).toList();
                default -> error("extra keys not allowed", c);
            }
        }
        return new DvcFile(md5, wdir, frozen, deps, outs, alwaysChanged, meta, desc);
    }

    private List<Map<String, Object>> entries(Node value, Ctx ctx, boolean outs) {
        if (isNull(value)) {
            return List.of();
        }
        if (!(value instanceof SequenceNode seq)) {
            error("expected a list", ctx);
            return List.of();
        }
        List<Map<String, Object>> result = new ArrayList<>(seq.getValue().size());
        int i = 0;
        for (Node item : seq.getValue()) {
            Map<String, Object> fields = mapping(item, ctx.child(Integer.toString(i++), item), outs ? OUT : DEP);
            if (fields != null) {
                result.add(fields);
            }
        }
        return result;
    }

    /** Validates a mapping against a key table, requiring {@code path} (or {@code relpath} / {@code url}). */
    private Map<String, Object> mapping(Node node, Ctx ctx, Map<String, Type> allowed) {
        if (!(node instanceof MappingNode map)) {
            error("expected a dictionary", ctx);
            return null;
        }
        Map<String, Object> fields = LinkedHashMap.newLinkedHashMap(map.getValue().size());
        for (NodeTuple t : map.getValue()) {
            String key = YamlReader.keyText(t.getKeyNode());
            Node value = t.getValueNode();
            Ctx c = ctx.child(key, value);
            Type type = allowed.get(key);
            if (type == null) {
                error("extra keys not allowed", c);
                continue;
            }
            Object v = check(type, value, c);
            if (v != INVALID) {
                fields.put(key, v);
            }
        }
        String required = allowed == REPO ? "url" : allowed == FILE ? "relpath" : "path";
        if (!fields.containsKey(required) && map.getValue().stream()
                .noneMatch(t -> required.equals(YamlReader.keyText(t.getKeyNode())))) {
            error("required key not provided", ctx.child(required, null));
        }
        return fields;
    }

    private static final Object INVALID = new Object();

    private Object check(Type type, Node value, Ctx ctx) {
        switch (type) {
            case ANY, MAP -> {
                if (type == Type.MAP && !(value instanceof MappingNode)) {
                    return fail("expected a dictionary", ctx);
                }
                return YamlReader.toValue(value);
            }
            case STR -> {
                return value instanceof ScalarNode s && s.getTag().equals(Tag.STR) ? s.getValue()
                        : fail("expected str", ctx);
            }
            case INT -> {
                return value instanceof ScalarNode s && s.getTag().equals(Tag.INT)
                        && YamlReader.scalarValue(s) instanceof Long n ? n : fail("expected int", ctx);
            }
            case BOOL -> {
                return value instanceof ScalarNode s && s.getTag().equals(Tag.BOOL) ? YamlReader.scalarValue(s)
                        : fail("expected bool", ctx);
            }
            case CHECKSUM -> {
                if (!(value instanceof ScalarNode s)) {
                    return fail("expected str", ctx);
                }
                Tag tag = s.getTag();
                if (tag.equals(Tag.NULL)) {
                    return null;
                }
                if (!tag.equals(Tag.STR) && !tag.equals(Tag.INT)) {
                    return fail("expected str", ctx);
                }
                String v = s.getValue();
                if (!v.isEmpty() && v.length() < 3) {
                    return fail("length of value must be at least 3", ctx);
                }
                return v;
            }
            case STR_OR_MAP -> {
                if (value instanceof MappingNode) {
                    return YamlReader.toValue(value);
                }
                return check(Type.STR, value, ctx);
            }
            case LIST_STR -> {
                if (!(value instanceof SequenceNode seq)) {
                    return fail("expected a list", ctx);
                }
                List<String> out = new ArrayList<>();
                int i = 0;
                for (Node item : seq.getValue()) {
                    Object v = check(Type.STR, item, ctx.child(Integer.toString(i++), item));
                    if (v instanceof String str) {
                        out.add(str);
                    }
                }
                return out;
            }
            case FILES -> {
                if (!(value instanceof SequenceNode seq)) {
                    return fail("expected a list", ctx);
                }
                List<Map<String, Object>> out = new ArrayList<>();
                int i = 0;
                for (Node item : seq.getValue()) {
                    Map<String, Object> f = mapping(item, ctx.child(Integer.toString(i++), item), FILE);
                    if (f != null) {
                        out.add(f);
                    }
                }
                return out;
            }
            case REPO -> {
                Map<String, Object> r = mapping(value, ctx, REPO);
                return r == null ? INVALID : r;
            }
        }
        throw new AssertionError(type);
    }

    private static String asString(Object v) {
        return v instanceof String s ? s : null;
    }

    private Object fail(String message, Ctx ctx) {
        error(message, ctx);
        return INVALID;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private void error(String message, Ctx ctx) {
        List<String> keys = new ArrayList<>();
        for (Ctx c = ctx; c.parent != null; c = c.parent) {
            keys.addFirst(c.key);
        }
        StringBuilder sb = new StringBuilder(message);
        if (!keys.isEmpty()) {
            sb.append(", in ").append(String.join(" -> ", keys));
        }
        // NOTE: like DVC, name the line of the innermost collection on the path; scalars have no position of
        // their own there, and the document root gives none.
        for (Ctx c = ctx; c != null && c.parent != null; c = c.parent) {
            if (c.node instanceof MappingNode || c.node instanceof SequenceNode) {
                Mark m = c.node.getStartMark().orElse(null);
                if (m != null) {
                    sb.append(", line ").append(m.getLine() + 1).append(", column ").append(m.getColumn() + 1);
                }
                break;
            }
        }
        errors.add(sb.toString());
    }

    private static Map<String, Type> merge(Map<String, Type> a, Map<String, Type> b) {
        Map<String, Type> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return Map.copyOf(m);
    }
}
