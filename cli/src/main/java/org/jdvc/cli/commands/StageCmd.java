package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.api.StageAddCommand;
import org.jdvc.api.StageListCommand;
import org.jdvc.cli.BaseCommand;
import org.jdvc.pipeline.StageOut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stage", description = "Commands to list and create stages.",
        subcommands = {StageCmd.Add.class, StageCmd.ListStages.class})
public final class StageCmd {
    @Command(name = "add", description = "Create stage")
    public static final class Add extends BaseCommand {
        @Option(names = {"-n", "--name"}, required = true, description = "Name of the stage to add")
        String name;

        @Option(names = {"-f", "--force"}, description = "Overwrite existing stage")
        boolean force;

        @Option(names = {"-d", "--deps"}, paramLabel = "<path>", description = "Declare dependencies for "
                + "reproducible cmd.")
        List<String> deps = new ArrayList<>();

        @Option(names = {"-p", "--params"}, paramLabel = "[<filename>:]<params_list>", description = "Declare "
                + "parameter to use as additional dependency.")
        List<String> params = new ArrayList<>();

        @Option(names = {"-o", "--outs"}, paramLabel = "<filename>", description = "Declare output file or "
                + "directory.")
        List<String> outs = new ArrayList<>();

        @Option(names = {"-O", "--outs-no-cache"}, paramLabel = "<filename>", description = "Declare output file "
                + "or directory (do not put into DVC cache).")
        List<String> outsNoCache = new ArrayList<>();

        @Option(names = "--outs-persist", paramLabel = "<filename>", description = "Declare output file or "
                + "directory that will not be removed upon repro.")
        List<String> outsPersist = new ArrayList<>();

        @Option(names = "--outs-persist-no-cache", paramLabel = "<filename>", description = "Declare output file "
                + "or directory that will not be removed upon repro (do not put into DVC cache).")
        List<String> outsPersistNoCache = new ArrayList<>();

        @Option(names = {"-m", "--metrics"}, paramLabel = "<path>", description = "Declare output metrics file.")
        List<String> metrics = new ArrayList<>();

        @Option(names = {"-M", "--metrics-no-cache"}, paramLabel = "<path>", description = "Declare output metrics "
                + "file (do not put into DVC cache).")
        List<String> metricsNoCache = new ArrayList<>();

        @Option(names = "--plots", paramLabel = "<path>", description = "Declare output plot file.")
        List<String> plots = new ArrayList<>();

        @Option(names = "--plots-no-cache", paramLabel = "<path>", description = "Declare output plot file (do not "
                + "put into DVC cache).")
        List<String> plotsNoCache = new ArrayList<>();

        @Option(names = {"-w", "--wdir"}, paramLabel = "<path>", description = "Directory within your repo to run "
                + "your command in.")
        String wdir;

        @Option(names = "--always-changed", description = "Always consider this stage as changed.")
        boolean alwaysChanged;

        @Option(names = "--desc", paramLabel = "<text>", description = "User description of the stage (optional).")
        String desc;

        @Option(names = "--run", description = "Execute the stage after generating it.")
        boolean run;

        @Parameters(arity = "1..*", paramLabel = "command", description = "Command to execute.")
        List<String> command;

        @Override
        protected int execute() {
            Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
            StageAddCommand add = jdvc.stageAdd().name(name).force(force).deps(deps).params(params)
                    .wdir(wdir).desc(desc).alwaysChanged(alwaysChanged).cmd(String.join(" ", command));
            outs.forEach(o -> add.out(o, StageOut.Kind.OUTS, true, false));
            outsNoCache.forEach(o -> add.out(o, StageOut.Kind.OUTS, false, false));
            outsPersist.forEach(o -> add.out(o, StageOut.Kind.OUTS, true, true));
            outsPersistNoCache.forEach(o -> add.out(o, StageOut.Kind.OUTS, false, true));
            metrics.forEach(o -> add.out(o, StageOut.Kind.METRICS, true, false));
            metricsNoCache.forEach(o -> add.out(o, StageOut.Kind.METRICS, false, false));
            plots.forEach(o -> add.out(o, StageOut.Kind.PLOTS, true, false));
            plotsNoCache.forEach(o -> add.out(o, StageOut.Kind.PLOTS, false, false));
            StageAddCommand.StageAddResult r = add.call();
            console().println("Added stage '" + name + "' in '" + ctx.cwd().relativize(r.file()) + "'");
            GitHints.print(console(), jdvc.repository(), ctx.cwd(), r.changedFiles());
            if (run) {
                jdvc.repro().targets(List.of(name)).listener(ReproCmd.listener(console())).call();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List stages.")
    public static final class ListStages extends BaseCommand {
        @Parameters(arity = "0..*", paramLabel = "targets", description = "Show stages from a dvc.yaml/.dvc file.")
        List<String> targets = new ArrayList<>();

        @Option(names = {"-A", "--all"}, description = "List all of the stages in the repo.")
        boolean all;

        @Option(names = {"--name-only", "--names-only"}, description = "List only stage names.")
        boolean nameOnly;

        @Override
        protected int execute() {
            List<StageListCommand.StageInfo> stages = Jdvc.open(ctx.cwd(), ctx.env()).stageList().targets(targets)
                    .all(all).call();
            int width = stages.stream().mapToInt(s -> s.name().length()).max().orElse(0) + 2;
            for (StageListCommand.StageInfo s : stages) {
                console().result(nameOnly ? s.name() : (String.format("%-" + width + "s", s.name())
                        + s.description()).stripTrailing());
            }
            return 0;
        }
    }
}
