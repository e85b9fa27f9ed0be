package org.jdvc.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Applies new data onto existing YAML text the way DVC updates its files (ruamel round trip + "apply diff"): values
 * equal to the old ones keep their exact text; changed scalars are replaced in place (keeping single/double quotes
 * where the new value can be written that way); keys missing from the new data lose their lines; new keys are
 * appended at the end of their mapping with its indentation; lists of a different length (or with items of another
 * kind) are replaced whole. Comments, blank lines and key order survive. Usable for .dvc, dvc.yaml and dvc.lock.
 *
 * <p>Layouts it cannot edit safely (flow-style mappings that change, removing every key of a mapping, unparsable
 * original text) fall back to a fresh {@link YamlWriter#write}; every result is re-read and compared with the new
 * data, and a mismatch also falls back, so the result always reads back as {@code updated}. Stateless.
 */
// NOTE: hand-written text patching: snakeyaml-engine's comment support cannot round-trip text byte for byte.
public final class YamlRewriter {
    private YamlRewriter() {}

    /** {@code updated} applied onto {@code originalText}; see the class comment. */
    public static String rewrite(String originalText, Map<String, ?> updated) {
        String patched = tryRewrite(originalText, updated);
        return patched != null ? patched : YamlWriter.write(updated);
    }

    /** The patched text, or null when the layout is not patchable (then {@link #rewrite} writes a fresh file). */
    static String tryRewrite(String originalText, Map<String, ?> updated) {
        try {
            Node root = YamlReader.compose(originalText, "<original>");
            if (root instanceof MappingNode map && map.getFlowStyle() == FlowStyle.BLOCK) {
                Patch patch = new Patch(originalText);
                patch.mapping(map, updated);
                String result = patch.apply();
                if (sameValue(YamlReader.load(result, "<rewritten>"), updated)) {
                    return result;
                }
            }
        } catch (DvcFileException | Unsupported e) {
            // NOTE: the caller falls back to a fresh file: the data is right even if the old layout is lost.
        }
        return null;
    }

    /** Python-like equality of parsed values: integral numbers by value, maps ignoring order. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (isIntegral(x) && isIntegral(y)) {
                return toBig(x).equals(toBig(y));
            }
            return !isIntegral(x) || !isIntegral(y) ? x.doubleValue() == y.doubleValue()
                    || (Double.isNaN(x.doubleValue()) && Double.isNaN(y.doubleValue())) : false;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !sameValue(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static BigInteger toBig(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    /** Signals a layout this patcher does not edit; the caller writes a fresh file. */
    private static final class Unsupported extends RuntimeException {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private record Edit(int start, int end, String text, int seq) {}

    /** Who owns a value: a mapping key (value after {@code key:}) or a sequence dash (value after {@code -}). */
    private record Owner(boolean isKey, int column, int afterIndicator) {}

    private static final class Patch {
        private final String text;
        private final boolean bmpOnly;
        private final List<Edit> edits = new ArrayList<>();

        Patch(String text) {
            this.text = text;
            this.bmpOnly = text.length() == text.codePointCount(0, text.length());
        }

        String apply() {
            List<Edit> sorted = new ArrayList<>(edits);
            // NOTE: apply back to front; at one position replace ranges before inserting, and insert later-recorded
            // (outer) text first so inner appends end up first in the file.
            sorted.sort(Comparator.comparingInt(Edit::start).reversed()
                    .thenComparing(Comparator.comparingInt((Edit e) -> e.end() - e.start()).reversed())
                    .thenComparing(Comparator.comparingInt(Edit::seq).reversed()));
            StringBuilder sb = new StringBuilder(text);
            int floor = Integer.MAX_VALUE;
            for (Edit e : sorted) {
                if (e.end() > floor) {
                    throw new Unsupported("overlapping edits");
                }
                sb.replace(e.start(), e.end(), e.text());
                floor = e.start();
            }
            return sb.toString();
        }

        private void edit(int start, int end, String replacement) {
            String t = replacement;
            if (start == text.length() && start == end && !t.isEmpty() && !text.isEmpty() && !text.endsWith("\n")) {
                t = "\n" + t;
            }
            edits.add(new Edit(start, end, t, edits.size()));
        }

        void mapping(MappingNode node, Map<String, ?> updated) {
            List<NodeTuple> tuples = node.getValue();
            if (node.getFlowStyle() != FlowStyle.BLOCK || tuples.isEmpty()) {
                throw new Unsupported("flow mapping");
            }
            int firstKey = start(tuples.getFirst().getKeyNode());
            int keyCol = column(firstKey);
            boolean[] deleted = new boolean[tuples.size()];
            Set<String> present = new HashSet<>();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                String key = YamlReader.keyText(t.getKeyNode());
                present.add(key);
                if (!updated.containsKey(key)) {
                    deleted[i] = true;
                } else {
                    value(t.getValueNode(), updated.get(key), new Owner(true, keyCol, colonEnd(t.getKeyNode())));
                }
            }
            int i = 0;
            if (deleted[0] && !blank(lineStart(firstKey), firstKey)) {
                // NOTE: the first key shares its line with "- "; cut up to the next kept key so the dash stays.
                int j = 0;
                while (j < tuples.size() && deleted[j]) {
                    j++;
                }
                if (j == tuples.size()) {
                    throw new Unsupported("all keys removed");
                }
                edit(firstKey, start(tuples.get(j).getKeyNode()), "");
                i = j;
            }
            for (; i < tuples.size(); i++) {
                if (deleted[i]) {
                    NodeTuple t = tuples.get(i);
                    edit(lineStart(start(t.getKeyNode())), lineEnd(lastChar(t.getValueNode())), "");
                }
            }
            StringBuilder added = new StringBuilder();
            for (Map.Entry<String, ?> e : updated.entrySet()) {
                if (!present.contains(e.getKey())) {
                    added.repeat(' ', keyCol);
                    YamlWriter.writeEntry(added, e.getKey(), e.getValue(), keyCol);
                }
            }
            if (!added.isEmpty()) {
                edit(lineEnd(lastChar(tuples.getLast().getValueNode())), lineEnd(lastChar(tuples.getLast()
                        .getValueNode())), added.toString());
            }
        }

        private void value(Node old, Object nu, Owner owner) {
            boolean nuMap = nu instanceof Map<?, ?> m && !m.isEmpty();
            boolean nuList = nu instanceof List<?> l && !l.isEmpty();
            boolean oldBlock = old instanceof CollectionNode<?> c && c.getFlowStyle() == FlowStyle.BLOCK;
            if (!oldBlock && sameValue(YamlReader.toValue(old), nu)) {
                return; // NOTE: unchanged scalars and flow collections keep their exact text
            }
            if (old instanceof MappingNode om && om.getFlowStyle() == FlowStyle.BLOCK && nuMap) {
                mapping(om, castMap(nu));
                return;
            }
            if (old instanceof SequenceNode os && os.getFlowStyle() == FlowStyle.BLOCK && nuList) {
                List<?> nl = (List<?>) nu;
                if (os.getValue().size() == nl.size() && sameKinds(os.getValue(), nl)) {
                    for (int i = 0; i < nl.size(); i++) {
                        Node item = os.getValue().get(i);
                        int dash = dashBefore(start(item));
                        value(item, nl.get(i), new Owner(false, column(dash), dash + 1));
                    }
                    return;
                }
                wholesale(old, nu, owner);
                return;
            }
            if (old instanceof ScalarNode os && !nuMap && !nuList) {
                replaceScalar(os, nu, owner);
                return;
            }
            wholesale(old, nu, owner);
        }

        private void replaceScalar(ScalarNode old, Object nu, Owner owner) {
            int s = start(old);
            int e = end(old);
            if (nu == null) {
                edit(owner.afterIndicator(), e, "");
                return;
            }
            StringBuilder sb = new StringBuilder();
            if (nu instanceof String str && old.getScalarStyle() == ScalarStyle.SINGLE_QUOTED
                    && YamlWriter.styleOf(str) != YamlWriter.Style.DOUBLE) {
                sb.append('\'').append(str.replace("'", "''")).append('\'');
            } else if (nu instanceof String str && old.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED) {
                YamlWriter.appendDoubleQuoted(sb, str);
            } else {
                int col = s == e ? column(owner.afterIndicator()) + 1 : column(s);
                YamlWriter.appendScalar(sb, nu, col, owner.column() + 2, true);
            }
            if (s == e) {
                edit(owner.afterIndicator(), e, " " + sb);
            } else {
                edit(s, e, sb.toString());
            }
        }

        private void wholesale(Node old, Object nu, Owner owner) {
            boolean block = old instanceof CollectionNode<?> c && c.getFlowStyle() == FlowStyle.BLOCK;
            boolean nuMap = nu instanceof Map<?, ?> m && !m.isEmpty();
            boolean nuList = nu instanceof List<?> l && !l.isEmpty();
            int s = start(old);
            int lastEnd = lineEnd(lastChar(old));
            StringBuilder sb = new StringBuilder();
            if (owner.isKey()) {
                if (nuMap || nuList) {
                    if (nuMap) {
                        YamlWriter.writeMapping(sb, castMap(nu), owner.column() + 2, false);
                    } else {
                        YamlWriter.writeSequence(sb, (List<?>) nu, owner.column(), false);
                    }
                    if (block && blank(lineStart(s), s)) {
                        edit(lineStart(s), lastEnd, sb.toString());
                    } else {
                        edit(owner.afterIndicator(), end(old), "");
                        edit(lastEnd, lastEnd, sb.toString());
                    }
                } else {
                    if (nu != null) {
                        sb.append(' ');
                        YamlWriter.appendScalar(sb, nu, column(owner.afterIndicator()) + 1, owner.column() + 2,
                                true);
                    }
                    if (block) {
                        edit(owner.afterIndicator(), lastEnd, sb.append('\n').toString());
                    } else {
                        edit(owner.afterIndicator(), end(old), sb.toString());
                    }
                }
            } else {
                sb.append(' ');
                if (nuMap) {
                    YamlWriter.writeMapping(sb, castMap(nu), owner.column() + 2, true);
                } else if (nuList) {
                    YamlWriter.writeSequence(sb, (List<?>) nu, owner.column() + 2, true);
                } else if (nu != null) {
                    YamlWriter.appendScalar(sb, nu, column(owner.afterIndicator()) + 1, owner.column() + 2, true);
                    sb.append('\n');
                } else {
                    sb.setLength(0);
                    sb.append('\n');
                }
                edit(owner.afterIndicator(), lastEnd, sb.toString());
            }
        }

        private static boolean sameKinds(List<Node> old, List<?> nu) {
            for (int i = 0; i < old.size(); i++) {
                Node o = old.get(i);
                Object n = nu.get(i);
                boolean nMap = n instanceof Map<?, ?> m && !m.isEmpty();
                boolean nList = n instanceof List<?> l && !l.isEmpty();
                boolean ok = o instanceof MappingNode om ? nMap && om.getFlowStyle() == FlowStyle.BLOCK
                        : o instanceof SequenceNode os ? nList && os.getFlowStyle() == FlowStyle.BLOCK
                        : !nMap && !nList;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, ?> castMap(Object o) {
            return (Map<String, ?>) o;
        }

        /** Index just after the {@code :} that follows a key. */
        private int colonEnd(Node key) {
            int i = end(key);
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (i >= text.length() || text.charAt(i) != ':') {
                throw new Unsupported("complex key");
            }
            return i + 1;
        }

        /** Index of the {@code -} of the sequence item starting at {@code itemStart}. */
        private int dashBefore(int itemStart) {
            int i = itemStart - 1;
            while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i--;
            }
            if (i < 0 || text.charAt(i) != '-') {
                throw new Unsupported("sequence item without dash");
            }
            return i;
        }

        private int start(Node n) {
            return index(n.getStartMark());
        }

        private int end(Node n) {
            return index(n.getEndMark());
        }

        /** Index one past the last character belonging to {@code n} (block collections end at their last child). */
        private int last(Node n) {
            if (n instanceof MappingNode m && m.getFlowStyle() == FlowStyle.BLOCK && !m.getValue().isEmpty()) {
                return last(m.getValue().getLast().getValueNode());
            }
            if (n instanceof SequenceNode s && s.getFlowStyle() == FlowStyle.BLOCK && !s.getValue().isEmpty()) {
                return last(s.getValue().getLast());
            }
            return end(n);
        }

        private int lastChar(Node n) {
            return Math.max(last(n) - 1, start(n));
        }

        private int index(Optional<Mark> mark) {
            int cp = mark.orElseThrow(() -> new Unsupported("no mark")).getIndex();
            return bmpOnly ? cp : text.offsetByCodePoints(0, cp);
        }

        private int lineStart(int i) {
            return text.lastIndexOf('\n', i - 1) + 1;
        }

        /** Index just past the line break ending the line that holds {@code i}. */
        private int lineEnd(int i) {
            int p = text.indexOf('\n', i);
            return p < 0 ? text.length() : p + 1;
        }

        private int column(int i) {
            return text.codePointCount(lineStart(i), i);
        }

        private boolean blank(int from, int to) {
            for (int i = from; i < to; i++) {
                if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

}
