package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.api.FetchCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.api.TransferFailedException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", description = "Download files or directories from remote storage to the cache.")
public final class FetchCmd extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "targets", description = "Limit command scope to these tracked "
            + "files/directories, .dvc files and stage names.")
    List<String> targets = new ArrayList<>();

    @Mixin
    RevisionOptions revisionOptions = new RevisionOptions();

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to fetch from")
    String remote;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Number of jobs to run "
            + "simultaneously. The default value is 4 * cpu_count().")
    Integer jobs;

    @Option(names = {"-R", "--recursive"}, description = "Fetch cache for subdirectories of specified directory.")
    boolean recursive;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        try {
            FetchCommand.FetchResult r = jdvc.fetch().targets(targets)
                    .revisions(revisionOptions.scope()).remote(remote).jobs(jobs).recursive(recursive)
                    .progress(ProgressLine.forConsole(console(), "Fetching")).call();
            TransferReport.warnMissing(console(), r.missing(), "");
            console().println(TransferReport.summary(new int[] {r.fetched()}, new String[] {"fetched"}));
        } catch (TransferFailedException e) {
            TransferReport.warnFailures(console(), e);
            throw e;
        }
        return 0;
    }
}
