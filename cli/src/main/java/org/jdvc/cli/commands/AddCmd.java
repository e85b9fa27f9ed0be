package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.AddCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = "Track data files or directories with DVC.")
public final class AddCmd extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "targets", description = "Input files/directories to add.")
    List<String> targets;

    @Option(names = "--no-commit", description = "Don't put files/directories into cache.")
    boolean noCommit;

    @Option(names = "--glob", description = "Allows targets containing shell-style wildcards.")
    boolean glob;

    @Option(names = {"-o", "--out"}, paramLabel = "<path>", description = "Destination path to put files to.")
    String out;

    @Option(names = {"-f", "--force"}, description = "Override local file or folder if exists.")
    boolean force;

    @Option(names = "--to-remote", description = "Download it directly to the remote")
    boolean toRemote;

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to download to")
    String remote;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Only used along with '--to-remote'. "
            + "Number of jobs to run simultaneously when pushing data to remote.")
    Integer jobs;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        AddCommand.AddResult result = jdvc.add().targets(targets).glob(glob).out(out).noCommit(noCommit)
                .toRemote(toRemote).remote(remote).jobs(jobs).call();
        GitHints.print(console(), jdvc.repository(), jdvc.cwd(), result.gitFiles());
        return 0;
    }
}
