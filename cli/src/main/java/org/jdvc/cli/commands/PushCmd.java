package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.api.PushCommand;
import org.jdvc.api.TransferFailedException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = "Upload tracked files or directories to remote storage.")
public final class PushCmd extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "targets", description = "Limit command scope to these tracked "
            + "files/directories, .dvc files and stage names.")
    List<String> targets = new ArrayList<>();

    @Mixin
    RevisionOptions revisionOptions = new RevisionOptions();

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to push to")
    String remote;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Number of jobs to run "
            + "simultaneously. The default value is 4 * cpu_count().")
    Integer jobs;

    @Option(names = {"-R", "--recursive"}, description = "Push cache for subdirectories of specified directory.")
    boolean recursive;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        try {
            PushCommand.PushResult r = jdvc.push().targets(targets)
                    .revisions(revisionOptions.scope()).remote(remote).jobs(jobs).recursive(recursive)
                    .progress(ProgressLine.forConsole(console(), "Pushing")).call();
            TransferReport.warnMissing(console(), r.missing(), "");
            console().println(TransferReport.summary(new int[] {r.pushed()}, new String[] {"pushed"}));
        } catch (TransferFailedException e) {
            TransferReport.warnFailures(console(), e);
            throw e;
        }
        return 0;
    }
}
