package org.jdvc.cli.commands;

import org.jdvc.api.DagCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import org.jdvc.pipeline.DagRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dag", description = "Visualize DVC project DAG.")
public final class DagCmd extends BaseCommand {
    @Parameters(arity = "0..1", paramLabel = "target", description = "Stage name or output to show pipeline for.")
    String target;

    @Option(names = "--dot", description = "Print DAG with .dot format.")
    boolean dot;

    @Option(names = "--mermaid", description = "Print DAG with mermaid format.")
    boolean mermaid;

    @Option(names = "--md", description = "Print DAG with mermaid format wrapped in Markdown block.")
    boolean md;

    @Option(names = "--full", description = "Show full DAG that the target belongs too, instead of showing DAG "
            + "consisting only of ancestors.")
    boolean full;

    @Option(names = {"-o", "--outs"}, description = "Print output files instead of stages.")
    boolean outs;

    @Override
    protected int execute() {
        DagCommand.Dag dag = Jdvc.open(ctx.cwd(), ctx.env()).dag().target(target).outs(outs).full(full).call();
        if (dot) {
            console().result(DagRenderer.dot(dag.nodes(), dag.edges()));
        } else if (md) {
            console().result("```mermaid\n" + DagRenderer.mermaid(dag.nodes(), dag.edges()) + "\n```");
        } else if (mermaid) {
            console().result(DagRenderer.mermaid(dag.nodes(), dag.edges()));
        } else if (!dag.nodes().isEmpty()) {
            console().result(DagRenderer.ascii(dag.nodes(), dag.edges()));
        }
        return 0;
    }
}
