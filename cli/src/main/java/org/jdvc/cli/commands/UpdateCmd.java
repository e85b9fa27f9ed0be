package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.api.UpdateCommand;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = "Update data artifact imported from other DVC repository.")
public final class UpdateCmd extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "targets", description = "Import stages (.dvc files) to update.")
    List<String> targets;

    @Option(names = "--rev", paramLabel = "<commit>", description = "Git revision (e.g. SHA, branch, tag)")
    String rev;

    @Option(names = {"-R", "--recursive"}, description = "Update all stages in the specified directory.")
    boolean recursive;

    @Option(names = "--to-remote", description = "Update data directly on the remote")
    boolean toRemote;

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to perform updates to")
    String remote;

    @Option(names = "--no-download", description = "Update .dvc file hash value(s) but do not download the "
            + "file(s).")
    boolean noDownload;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Number of jobs to run "
            + "simultaneously. The default value is 4 * cpu_count().")
    Integer jobs;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        UpdateCommand.UpdateResult r = jdvc.update().targets(targets).rev(rev).recursive(recursive)
                .toRemote(toRemote).remote(remote).noDownload(noDownload).jobs(jobs)
                .announce((from, to) -> console().println("Importing '" + from + "' -> '" + to + "'"))
                .call();
        for (UpdateCommand.StageUpdate s : r.stages()) {
            switch (s.outcome()) {
                case UNCHANGED -> console().println("'" + s.name() + "' didn't change, skipping");
                case NOT_AN_IMPORT -> console().warn("Could not update '" + s.output() + "', it was never pushed to "
                        + "a remote");
                case UPDATED -> { }
            }
        }
        return 0;
    }
}
