package org.jdvc.cli.commands;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.api.Jdvc;
import org.jdvc.api.ReproCommand;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Console;
import org.jdvc.pipeline.ReproListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "repro", description = "Reproduce complete or partial pipelines by executing their stages.")
public final class ReproCmd extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "targets", description = "Stages to reproduce. 'dvc.yaml' by default.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Reproduce even if dependencies were not changed.")
    boolean force;

    @Option(names = {"-s", "--single-item"}, description = "Reproduce only single data item without recursive "
            + "dependencies check.")
    boolean single;

    @Option(names = {"-m", "--metrics"}, description = "Show metrics after reproduction.")
    boolean metrics;

    @Option(names = "--dry", description = "Only print the commands that would be executed without actually "
            + "executing.")
    boolean dry;

    @Option(names = {"-i", "--interactive"}, description = "Ask for confirmation before reproducing each stage.")
    boolean interactive;

    @Option(names = {"-p", "--pipeline"}, description = "Reproduce the whole pipeline that the specified targets "
            + "belong to.")
    boolean pipeline;

    @Option(names = {"-P", "--all-pipelines"}, description = "Reproduce all pipelines in the repo.")
    boolean allPipelines;

    @Option(names = {"-R", "--recursive"}, description = "Reproduce all stages in the specified directory.")
    boolean recursive;

    @Option(names = "--downstream", description = "Start from the specified stages when reproducing pipelines.")
    boolean downstream;

    @Option(names = "--force-downstream", description = "Reproduce all descendants of a changed stage even if "
            + "their direct dependencies didn't change.")
    boolean forceDownstream;

    @Option(names = "--pull", description = "Try automatically pulling missing data.")
    boolean pull;

    @Option(names = "--allow-missing", description = "Skip stages with missing data but no other changes.")
    boolean allowMissing;

    @Option(names = "--no-run-cache", description = "Execute stage commands even if they have already been run "
            + "with the same command/dependencies/outputs/etc before.")
    boolean noRunCache;

    @Option(names = "--no-commit", description = "Don't put files/directories into cache.")
    boolean noCommit;

    @Option(names = {"-k", "--keep-going"}, description = "Continue executing, skipping stages having dependencies "
            + "on the failed stages")
    boolean keepGoing;

    @Option(names = "--ignore-errors", description = "Ignore errors from stages.")
    boolean ignoreErrors;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Run up to this many independent "
            + "stages at the same time (jdvc).")
    int jobs = 1;

    @Override
    protected int execute() {
        String unsupported = interactive ? "--interactive" : null;
        if (unsupported != null) {
            throw new JdvcException("repro " + unsupported + " is not supported by jdvc yet", JdvcException.REFUSED);
        }
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        ReproCommand.ReproResult r = jdvc.repro().targets(targets).force(force).single(single)
                .downstream(downstream).pipeline(pipeline).allPipelines(allPipelines).recursive(recursive).allowMissing(allowMissing).pull(pull).dry(dry).noCommit(noCommit)
                .keepGoing(keepGoing).ignoreErrors(ignoreErrors).forceDownstream(forceDownstream)
                .runCache(!noRunCache).jobs(jobs).listener(listener(console())).call();
        if (r.reproduced().isEmpty()) {
            console().println("Data and pipelines are up to date.");
        } else {
            GitHints.print(console(), jdvc.repository(), ctx.cwd(), r.changedFiles(), false);
            console().println("Use `dvc push` to send your updates to remote storage.");
        }
        if (metrics) {
            String table = MetricsCmd.table(jdvc.metrics().show(), 5, false);
            if (!table.isEmpty()) {
                console().result(table);
            }
        }
        return 0;
    }

    static ReproListener listener(Console console) {
        return new ReproListener() {
            @Override
            public void info(String line) {
                console.println(line);
            }

            @Override
            public void warn(String message) {
                console.warn(message);
            }

            @Override
            public void error(String message) {
                console.error(message);
            }

            @Override
            public OutputStream stdout() {
                return console.stdout();
            }

            @Override
            public OutputStream stderr() {
                return console.stderr();
            }
        };
    }
}
