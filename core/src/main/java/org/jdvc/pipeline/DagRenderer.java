package org.jdvc.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws a pipeline graph as {@code dvc dag} does: ASCII boxes joined by {@code *} lines (one drawing per connected
 * pipeline), Graphviz {@code dot}, or Mermaid. Edges go from the upstream node to the downstream one.
 *
 * <p>The ASCII layout approximates DVC's Sugiyama layout: each node goes on the layer after its deepest upstream
 * node, the widest layer is packed with boxes as far apart as the narrowest box is wide, other layers are centred
 * on their neighbours (box width = name + 4, 3 lines of {@code *} between layers, Python's round-half-even). This
 * reproduces DVC's drawings of chains and trees; graphs needing crossing reduction may be laid out differently.
 * Stateless.
 */
public final class DagRenderer {
    private static final int BOX_HEIGHT = 3;
    private static final int LAYER_GAP = 3;
    private static final int NODE_GAP = 12;

    private DagRenderer() {
    }

    public static String dot(List<String> nodes, List<List<String>> edges) {
        StringBuilder sb = new StringBuilder("strict digraph  {\n");
        for (String n : nodes) {
            sb.append('"').append(n).append("\";\n");
        }
        for (List<String> e : edges) {
            sb.append('"').append(e.get(0)).append("\" -> \"").append(e.get(1)).append("\";\n");
        }
        return sb.append("}\n").toString();
    }

    public static String mermaid(List<String> nodes, List<List<String>> edges) {
        StringBuilder sb = new StringBuilder("flowchart TD");
        Map<String, String> ids = new HashMap<>();
        int i = 1;
        for (String n : new TreeSet<>(nodes)) {
            String id = "node" + i++;
            ids.put(n, id);
            sb.append("\n\t").append(id).append("[\"").append(n).append("\"]");
        }
        List<List<String>> sorted = new ArrayList<>(edges);
        sorted.sort((a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        for (List<String> e : sorted) {
            sb.append("\n\t").append(ids.get(e.get(0))).append("-->").append(ids.get(e.get(1)));
        }
        return sb.toString();
    }

    /** Every connected pipeline drawn separately, joined by newlines. */
    public static String ascii(List<String> nodes, List<List<String>> edges) {
        List<String> drawings = new ArrayList<>();
        for (Set<String> component : components(nodes, edges)) {
            List<String> cn = nodes.stream().filter(component::contains).toList();
            List<List<String>> ce = edges.stream().filter(e -> component.contains(e.get(0))).toList();
            drawings.add(draw(cn, ce));
        }
        return String.join("\n", drawings);
    }

    private static List<Set<String>> components(List<String> nodes, List<List<String>> edges) {
        Map<String, String> parent = new HashMap<>();
        nodes.forEach(n -> parent.put(n, n));
        for (List<String> e : edges) {
            parent.put(find(parent, e.get(0)), find(parent, e.get(1)));
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (String n : nodes) {
            groups.computeIfAbsent(find(parent, n), k -> new LinkedHashSet<>()).add(n);
        }
        return new ArrayList<>(groups.values());
    }

    private static String find(Map<String, String> parent, String n) {
        while (!parent.get(n).equals(n)) {
            n = parent.get(n);
        }
        return n;
    }

    private static String draw(List<String> nodes, List<List<String>> edges) {
        Map<String, Integer> layer = new LinkedHashMap<>();
        boolean progress = true;
        for (String n : nodes) {
            layer.put(n, 0);
        }
        while (progress) {
            progress = false;
            for (List<String> e : edges) {
                int want = layer.get(e.get(0)) + 1;
                if (layer.get(e.get(1)) < want && want <= nodes.size()) {
                    layer.put(e.get(1), want);
                    progress = true;
                }
            }
        }
        int layers = layer.values().stream().max(Integer::compare).orElse(0) + 1;
        Map<String, Double> cx = place(nodes, edges, layer, layers);
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (String n : nodes) {
            minX = Math.min(minX, cx.get(n) - width(n) / 2.0);
            maxX = Math.max(maxX, cx.get(n) + width(n) / 2.0);
        }
        int cols = (int) Math.ceil(Math.ceil(maxX) - Math.floor(minX)) + 1;
        int lines = layers * BOX_HEIGHT + (layers - 1) * LAYER_GAP;
        char[][] canvas = new char[lines][cols];
        for (char[] line : canvas) {
            Arrays.fill(line, ' ');
        }
        for (List<String> e : edges) {
            String a = e.get(0);
            String b = e.get(1);
            // NOTE: DVC draws edges between the layout's node positions, which its canvas treats as box tops.
            int x0 = roundHalfEven(cx.get(a) - minX);
            int y0 = layer.get(a) * (BOX_HEIGHT + LAYER_GAP);
            int x1 = roundHalfEven(cx.get(b) - minX);
            int y1 = layer.get(b) * (BOX_HEIGHT + LAYER_GAP);
            line(canvas, x0, y0, x1, y1);
        }
        for (String n : nodes) {
            int x = roundHalfEven(cx.get(n) - width(n) / 2.0 - minX);
            int y = layer.get(n) * (BOX_HEIGHT + LAYER_GAP);
            box(canvas, x, y, width(n), n);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(canvas[i]);
        }
        return sb.toString();
    }

    /**
     * Horizontal centres: the widest layer packed (boxes {@code xspace} apart, xspace being the narrowest box, as
     * in DVC), every other layer placed at the mean centre of its neighbours in the layer nearer the widest one, then
     * pushed apart where boxes would come closer than xspace.
     */
    private static Map<String, Double> place(List<String> nodes, List<List<String>> edges, Map<String, Integer> layer,
            int layers) {
        int gap = nodes.stream().mapToInt(DagRenderer::width).min().orElse(NODE_GAP);
        List<List<String>> rows = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            final int lv = l;
            rows.add(nodes.stream().filter(n -> layer.get(n) == lv).toList());
        }
        int widest = 0;
        double best = -1;
        for (int l = 0; l < layers; l++) {
            double w = rows.get(l).stream().mapToInt(DagRenderer::width).sum() + gap * (rows.get(l).size() - 1.0);
            if (w > best) {
                best = w;
                widest = l;
            }
        }
        Map<String, Double> cx = new HashMap<>();
        double x = -best / 2.0;
        for (String n : rows.get(widest)) {
            cx.put(n, x + width(n) / 2.0);
            x += width(n) + gap;
        }
        for (int l = widest - 1; l >= 0; l--) {
            arrange(rows.get(l), edges, cx, gap, true);
        }
        for (int l = widest + 1; l < layers; l++) {
            arrange(rows.get(l), edges, cx, gap, false);
        }
        return cx;
    }

    private static void arrange(List<String> row, List<List<String>> edges, Map<String, Double> cx, int gap,
            boolean fromBelow) {
        Map<String, Double> want = new LinkedHashMap<>();
        double fallback = 0;
        for (String n : row) {
            double sum = 0;
            int count = 0;
            for (List<String> e : edges) {
                String other = fromBelow ? (e.get(0).equals(n) ? e.get(1) : null) : (e.get(1).equals(n) ? e.get(0) : null);
                if (other != null && cx.containsKey(other)) {
                    sum += cx.get(other);
                    count++;
                }
            }
            want.put(n, count == 0 ? fallback : sum / count);
            fallback = want.get(n) + width(n) + gap;
        }
        List<String> order = new ArrayList<>(row);
        order.sort((a, b) -> Double.compare(want.get(a), want.get(b)));
        Double prevRight = null;
        for (String n : order) {
            double c = want.get(n);
            if (prevRight != null && c - width(n) / 2.0 < prevRight + gap) {
                c = prevRight + gap + width(n) / 2.0;
            }
            cx.put(n, c);
            prevRight = c + width(n) / 2.0;
        }
    }

    private static int width(String name) {
        return name.length() + 4;
    }

    private static int roundHalfEven(double v) {
        return (int) Math.rint(v);
    }

    private static void box(char[][] c, int x, int y, int w, String text) {
        for (int i = 0; i < w; i++) {
            char edge = i == 0 || i == w - 1 ? '+' : '-';
            put(c, x + i, y, edge);
            put(c, x + i, y + 2, edge);
            put(c, x + i, y + 1, ' ');
        }
        put(c, x, y + 1, '|');
        put(c, x + w - 1, y + 1, '|');
        for (int i = 0; i < text.length(); i++) {
            put(c, x + 2 + i, y + 1, text.charAt(i));
        }
    }

    /** The line algorithm of DVC's ASCII canvas (one {@code *} per column or per row, whichever is longer). */
    private static void line(char[][] c, int x0, int y0, int x1, int y1) {
        if (x0 > x1) {
            int t = x0;
            x0 = x1;
            x1 = t;
            t = y0;
            y0 = y1;
            y1 = t;
        }
        int dx = x1 - x0;
        int dy = y1 - y0;
        if (dx == 0 && dy == 0) {
            put(c, x0, y0, '*');
        } else if (Math.abs(dx) >= Math.abs(dy)) {
            for (int x = x0; x <= x1; x++) {
                int y = dx == 0 ? y0 : y0 + roundHalfEven((x - x0) * dy / (double) dx);
                put(c, x, y, '*');
            }
        } else if (y0 < y1) {
            for (int y = y0; y <= y1; y++) {
                int x = dy == 0 ? x0 : x0 + roundHalfEven((y - y0) * dx / (double) dy);
                put(c, x, y, '*');
            }
        } else {
            for (int y = y1; y <= y0; y++) {
                int x = dy == 0 ? x0 : x1 + roundHalfEven((y - y1) * dx / (double) dy);
                put(c, x, y, '*');
            }
        }
    }

    private static void put(char[][] c, int x, int y, char ch) {
        if (y >= 0 && y < c.length && x >= 0 && x < c[y].length) {
            c[y][x] = ch;
        }
    }
}
