package org.jdvc.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdvc.model.DvcFileException;
import org.jdvc.model.YamlReader;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Strict structural validation of a composed {@code dvc.yaml} (spec §6.1), before interpolation: unknown keys,
 * missing {@code cmd}, lists and mappings where they belong. Errors are collected and reported in DVC's words with
 * the line of the mapping holding the bad key ({@code extra keys not allowed, in stages -> hello -> colour, line 3,
 * column 5}); top-level keys carry no line. Value types that may come from {@code ${}} are checked after
 * interpolation by {@link PipelineFile}.
 */
final class PipelineSchema {
    static final Set<String> TOP = Set.of("stages", "vars", "params", "metrics", "plots", "artifacts", "datasets");
    static final Set<String> STAGE = Set.of("cmd", "wdir", "deps", "params", "outs", "metrics", "plots", "frozen",
            "always_changed", "meta", "desc", "vars");
    static final Set<String> OUT_FLAGS = Set.of("cache", "persist", "remote", "push", "desc", "type", "labels",
            "meta", "checkpoint");
    static final Set<String> PLOT_FLAGS = Set.of("cache", "persist", "remote", "push", "desc", "type", "labels",
            "meta", "template", "x", "y", "x_label", "y_label", "title", "header");

    private final List<String> errors = new ArrayList<>();

    private PipelineSchema() {
    }

    /** Validates the document; throws one {@link DvcFileException} listing every problem. */
    static void check(Node root, String displayName) {
        PipelineSchema s = new PipelineSchema();
        s.top(root);
        if (!s.errors.isEmpty()) {
            throw new DvcFileException("'" + displayName + "' validation failed: " + String.join("; ", s.errors));
        }
    }

    private void top(Node root) {
        if (root == null) {
            return;
        }
        if (!(root instanceof MappingNode map)) {
            errors.add("expected a dictionary");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String key = keyText(t.getKeyNode());
            Node v = t.getValueNode();
            if (!TOP.contains(key)) {
                errors.add("extra keys not allowed, in " + key);
            } else if (key.equals("stages")) {
                stages(v);
            } else if ((key.equals("params") || key.equals("metrics") || key.equals("vars")
                    || key.equals("datasets")) && !isNull(v) && !(v instanceof SequenceNode)) {
                errors.add("expected a list, in " + key);
            }
        }
    }

    private void stages(Node node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode map)) {
            errors.add("expected a dictionary, in stages");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String name = keyText(t.getKeyNode());
            stage(t.getValueNode(), "stages -> " + name, map);
        }
    }

    private void stage(Node node, String path, Node parent) {
        if (!(node instanceof MappingNode map)) {
            fail("expected a dictionary", path, parent);
            return;
        }
        if (has(map, "foreach")) {
            for (NodeTuple t : map.getValue()) {
                String key = keyText(t.getKeyNode());
                if (!key.equals("foreach") && !key.equals("do")) {
                    fail("extra keys not allowed", path + " -> " + key, map);
                }
            }
            Node body = value(map, "do");
            if (body == null) {
                fail("required key not provided", path + " -> do", map);
            } else {
                stageBody(body, path + " -> do", map, false);
            }
            return;
        }
        stageBody(map, path, parent, has(map, "matrix"));
    }

    private void stageBody(Node node, String path, Node parent, boolean matrix) {
        if (!(node instanceof MappingNode map)) {
            fail("expected a dictionary", path, parent);
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String key = keyText(t.getKeyNode());
            Node v = t.getValueNode();
            String p = path + " -> " + key;
            if (!STAGE.contains(key) && !(matrix && key.equals("matrix"))) {
                fail("extra keys not allowed", p, map);
                continue;
            }
            switch (key) {
                case "deps" -> list(v, p, map, false, null);
                case "outs", "metrics" -> list(v, p, map, true, OUT_FLAGS);
                case "plots" -> list(v, p, map, true, PLOT_FLAGS);
                case "params" -> params(v, p, map);
                default -> {
                }
            }
        }
        if (!has(map, "cmd")) {
            fail("required key not provided", path + " -> cmd", map);
        }
    }

    private void list(Node v, String path, Node parent, boolean outs, Set<String> flags) {
        if (isNull(v) || isTemplate(v)) {
            return;
        }
        if (!(v instanceof SequenceNode seq)) {
            fail("expected a list", path, parent);
            return;
        }
        int i = 0;
        for (Node item : seq.getValue()) {
            String p = path + " -> " + i++;
            if (item instanceof ScalarNode) {
                continue;
            }
            if (!outs || !(item instanceof MappingNode m) || m.getValue().size() != 1) {
                fail(outs ? "expected a path or a single-key dictionary" : "expected str", p, seq);
                continue;
            }
            NodeTuple only = m.getValue().getFirst();
            Node fl = only.getValueNode();
            String fp = p + " -> " + keyText(only.getKeyNode());
            if (isNull(fl)) {
                continue;
            }
            if (!(fl instanceof MappingNode fm)) {
                fail("expected a dictionary", fp, m);
                continue;
            }
            for (NodeTuple f : fm.getValue()) {
                String k = keyText(f.getKeyNode());
                if (!flags.contains(k)) {
                    fail("extra keys not allowed", fp + " -> " + k, fm);
                }
            }
        }
    }

    private void params(Node v, String path, Node parent) {
        if (isNull(v) || isTemplate(v)) {
            return;
        }
        if (!(v instanceof SequenceNode seq)) {
            fail("expected a list", path, parent);
            return;
        }
        int i = 0;
        for (Node item : seq.getValue()) {
            String p = path + " -> " + i++;
            if (item instanceof ScalarNode) {
                continue;
            }
            if (!(item instanceof MappingNode m)) {
                fail("expected str or a dictionary", p, seq);
                continue;
            }
            for (NodeTuple t : m.getValue()) {
                Node keys = t.getValueNode();
                if (!isNull(keys) && !(keys instanceof SequenceNode) && !isTemplate(keys)) {
                    fail("expected a list", p + " -> " + keyText(t.getKeyNode()), m);
                }
            }
        }
    }

    private void fail(String problem, String path, Node container) {
        Mark mark = container == null ? null : container.getStartMark().orElse(null);
        String where = mark == null ? "" : ", line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        errors.add(problem + ", in " + path + where);
    }

    private static boolean has(MappingNode map, String key) {
        return value(map, key) != null;
    }

    private static Node value(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (keyText(t.getKeyNode()).equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && YamlReader.scalarValue(s) == null;
    }

    private static boolean isTemplate(Node n) {
        return n instanceof ScalarNode s && s.getValue().contains("${");
    }

    private static String keyText(Node key) {
        return key instanceof ScalarNode s ? s.getValue() : String.valueOf(YamlReader.toValue(key));
    }
}
