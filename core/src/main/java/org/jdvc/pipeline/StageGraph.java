package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline DAG: an edge from a stage to each stage producing one of its dependencies (an output equal to, inside,
 * or containing the dependency path). Building it checks what DVC checks, in DVC's words: an output claimed by two
 * stages, outputs nested in one another, and cycles (a stage depending on its own output included). Immutable;
 * node order is the project's order.
 */
public final class StageGraph {
    private final List<StageNode> nodes;
    private final Map<StageNode, List<StageNode>> upstream;
    private final Map<StageNode, List<StageNode>> downstream;
    private final Path cwd;

    private StageGraph(List<StageNode> nodes, Map<StageNode, List<StageNode>> upstream, Path cwd) {
        this.nodes = nodes;
        this.upstream = upstream;
        this.cwd = cwd;
        this.downstream = new LinkedHashMap<>();
        for (StageNode n : nodes) {
            downstream.put(n, new ArrayList<>());
        }
        for (StageNode n : nodes) {
            for (StageNode u : upstream.get(n)) {
                downstream.get(u).add(n);
            }
        }
    }

    /**
     * Builds and checks the graph of {@code nodes}; {@code cwd} is where messages name stages and paths from.
     *
     * @throws PipelineException for duplicated or overlapping outputs and cycles
     */
    public static StageGraph build(List<? extends StageNode> nodes, Path cwd) {
        List<StageNode> all = new ArrayList<>(nodes);
        Map<Path, StageNode> outs = new HashMap<>();
        List<Map.Entry<Path, StageNode>> outList = new ArrayList<>();
        for (StageNode n : all) {
            for (Path o : n.outPaths()) {
                StageNode other = outs.putIfAbsent(o, n);
                if (other != null) {
                    throw new PipelineException("output '" + show(o, cwd) + "' is specified in:\n\t- "
                            + other.addressing(cwd) + "\n\t- " + n.addressing(cwd) + "\nUse `dvc remove` with any of "
                            + "the above targets to stop tracking the overlapping output.");
                }
                outList.add(Map.entry(o, n));
            }
        }
        for (Map.Entry<Path, StageNode> a : outList) {
            for (Map.Entry<Path, StageNode> b : outList) {
                if (a != b && b.getKey().startsWith(a.getKey()) && !b.getKey().equals(a.getKey())) {
                    throw new PipelineException("The output paths:\n'" + show(a.getKey(), cwd) + "'('"
                            + a.getValue().addressing(cwd) + "')\n'" + show(b.getKey(), cwd) + "'('"
                            + b.getValue().addressing(cwd) + "')\noverlap and are thus in the same tracked directory."
                            + "\nTo keep reproducibility, outputs should be in separate tracked directories or "
                            + "tracked individually.");
                }
            }
        }
        Map<StageNode, List<StageNode>> up = new LinkedHashMap<>();
        for (StageNode n : all) {
            Set<StageNode> producers = new LinkedHashSet<>();
            for (Path d : n.depPaths()) {
                for (Map.Entry<Path, StageNode> o : outList) {
                    if (d.startsWith(o.getKey()) || o.getKey().startsWith(d)) {
                        producers.add(o.getValue());
                    }
                }
            }
            up.put(n, new ArrayList<>(producers));
        }
        StageGraph g = new StageGraph(all, up, cwd);
        g.checkAcyclic();
        return g;
    }

    private static String show(Path p, Path cwd) {
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    private void checkAcyclic() {
        Map<StageNode, Integer> state = new HashMap<>();
        for (StageNode n : nodes) {
            List<StageNode> path = new ArrayList<>();
            List<StageNode> cycle = findCycle(n, state, path);
            if (cycle != null) {
                List<String> names = cycle.stream().map(s -> s.addressing(cwd)).distinct().sorted().toList();
                throw new PipelineException("Same item(s) are defined as both a dependency and an output in "
                        + (names.size() == 1 ? "stage: " : "stages: ") + String.join(", ", names) + ".");
            }
        }
    }

    /** Depth-first search; state 1 = on the current path, 2 = done. Returns the nodes of a cycle, or null. */
    private List<StageNode> findCycle(StageNode n, Map<StageNode, Integer> state, List<StageNode> path) {
        Integer s = state.get(n);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            return new ArrayList<>(path.subList(path.indexOf(n), path.size()));
        }
        state.put(n, 1);
        path.add(n);
        for (StageNode u : upstream.get(n)) {
            List<StageNode> c = findCycle(u, state, path);
            if (c != null) {
                return c;
            }
        }
        path.removeLast();
        state.put(n, 2);
        return null;
    }

    public List<StageNode> nodes() {
        return nodes;
    }

    /** The stages producing {@code n}'s dependencies. */
    public List<StageNode> upstream(StageNode n) {
        return upstream.getOrDefault(n, List.of());
    }

    /** The stages depending on {@code n}'s outputs. */
    public List<StageNode> downstream(StageNode n) {
        return downstream.getOrDefault(n, List.of());
    }

    /**
     * The order to reproduce {@code targets} in: each target after everything upstream of it (DVC's depth-first
     * post-order), or with {@code downstream} the targets and everything downstream, upstream first.
     */
    public List<StageNode> plan(List<StageNode> targets, boolean withUpstream, boolean withDownstream) {
        Set<StageNode> selected = new LinkedHashSet<>(targets);
        if (withDownstream) {
            List<StageNode> queue = new ArrayList<>(targets);
            while (!queue.isEmpty()) {
                for (StageNode d : downstream(queue.removeFirst())) {
                    if (selected.add(d)) {
                        queue.add(d);
                    }
                }
            }
        }
        LinkedHashSet<StageNode> order = new LinkedHashSet<>();
        Set<StageNode> visiting = new HashSet<>();
        List<StageNode> roots = withDownstream ? nodes.stream().filter(selected::contains).toList()
                : new ArrayList<>(selected);
        for (StageNode t : roots) {
            postorder(t, withUpstream && !withDownstream, selected, order, visiting);
        }
        return new ArrayList<>(order);
    }

    private void postorder(StageNode n, boolean followUp, Set<StageNode> selected, Set<StageNode> order,
            Set<StageNode> visiting) {
        if (order.contains(n) || !visiting.add(n)) {
            return;
        }
        for (StageNode u : upstream(n)) {
            if (followUp || selected.contains(u)) {
                postorder(u, followUp, selected, order, visiting);
            }
        }
        order.add(n);
    }

    /** All nodes connected to {@code n} (its whole pipeline), in graph order. */
    public List<StageNode> pipelineOf(StageNode n) {
        Set<StageNode> seen = new LinkedHashSet<>();
        List<StageNode> queue = new ArrayList<>(List.of(n));
        seen.add(n);
        while (!queue.isEmpty()) {
            StageNode x = queue.removeFirst();
            for (StageNode y : upstream(x)) {
                if (seen.add(y)) {
                    queue.add(y);
                }
            }
            for (StageNode y : downstream(x)) {
                if (seen.add(y)) {
                    queue.add(y);
                }
            }
        }
        return nodes.stream().filter(seen::contains).toList();
    }
}
