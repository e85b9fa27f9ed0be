package org.jdvc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdvc.JdvcException;
import org.jdvc.model.DvcFileException;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.StageGraph;
import org.jdvc.pipeline.StageNode;
import org.jdvc.repo.Repository;

/**
 * {@code dvc dag}: the pipeline graph (or the part upstream of a target) as node names and edges from each
 * dependency-producing node to the node that depends on it; with {@link #outs} the graph of output paths instead.
 */
public final class DagCommand {
    private final Repository repo;
    private final Path cwd;
    private String target;
    private boolean outs;
    private boolean full;

    DagCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public DagCommand target(String value) {
        target = value;
        return this;
    }

    /** {@code --outs}: nodes are output paths, connected when a stage producing one depends on another. */
    public DagCommand outs(boolean value) {
        outs = value;
        return this;
    }

    /** {@code --full}: the whole pipeline of the target, not only its upstream part. */
    public DagCommand full(boolean value) {
        full = value;
        return this;
    }

    /** Node names in graph order and edges (upstream → downstream), each a pair of node names. */
    public record Dag(List<String> nodes, List<List<String>> edges) {
    }

    public Dag call() {
        Project project;
        try {
            project = Project.collect(repo);
        } catch (DvcFileException e) {
            throw new JdvcException(e.getMessage(), JdvcException.REFUSED, e);
        }
        StageGraph graph = StageGraph.build(project.nodes(), cwd);
        List<StageNode> nodes = graph.nodes();
        if (target != null) {
            List<StageNode> t = project.resolve(target, cwd);
            nodes = full ? graph.pipelineOf(t.getFirst()) : graph.plan(t, true, false);
            Set<StageNode> keep = new LinkedHashSet<>(nodes);
            nodes = graph.nodes().stream().filter(keep::contains).toList();
        }
        Set<StageNode> keep = new LinkedHashSet<>(nodes);
        if (outs) {
            return outsDag(graph, keep);
        }
        Map<StageNode, String> names = new LinkedHashMap<>();
        for (StageNode n : nodes) {
            names.put(n, n.addressing(cwd));
        }
        List<List<String>> edges = new ArrayList<>();
        for (StageNode n : nodes) {
            for (StageNode u : graph.upstream(n)) {
                if (keep.contains(u)) {
                    edges.add(List.of(names.get(u), names.get(n)));
                }
            }
        }
        return new Dag(new ArrayList<>(names.values()), edges);
    }

    private Dag outsDag(StageGraph graph, Set<StageNode> keep) {
        List<String> nodes = new ArrayList<>();
        List<List<String>> edges = new ArrayList<>();
        for (StageNode n : keep) {
            for (Path o : n.outPaths()) {
                nodes.add(cwd.relativize(o).toString());
            }
        }
        for (StageNode n : keep) {
            for (StageNode u : graph.upstream(n)) {
                if (!keep.contains(u)) {
                    continue;
                }
                for (Path uo : u.outPaths()) {
                    for (Path no : n.outPaths()) {
                        boolean uses = n.depPaths().stream().anyMatch(d -> d.startsWith(uo) || uo.startsWith(d));
                        if (uses) {
                            edges.add(List.of(cwd.relativize(uo).toString(), cwd.relativize(no).toString()));
                        }
                    }
                }
            }
        }
        return new Dag(nodes, edges);
    }
}
