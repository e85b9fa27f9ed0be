package org.jdvc.cli.commands;

import org.jdvc.api.GcCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gc}: only the workspace scope for now (see {@link GcCommand}). */
@Command(name = "gc", description = "Garbage collect unused objects from cache or remote storage.")
public final class GcCmd extends BaseCommand {
    @Option(names = {"-w", "--workspace"}, description = "Keep data files used in the current workspace.")
    boolean workspace;

    @Option(names = {"-c", "--cloud"}, description = "Collect garbage in remote storage in addition to local "
            + "cache.")
    boolean cloud;

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to collect garbage in")
    String remote;

    @Option(names = {"-f", "--force"}, description = "Force garbage collection - automatically agree to all "
            + "prompts.")
    boolean force;

    @Option(names = "--dry", description = "Only print what would get removed without actually removing.")
    boolean dry;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Number of jobs to run "
            + "simultaneously.")
    Integer jobs;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        GcCommand gc = jdvc.gc().workspace(workspace).cloud(cloud).remote(remote).force(force).dry(dry).jobs(jobs);
        gc.validate();
        console().warn("This will remove all cache except items used in the workspace of the current repo.");
        if (!force && !dry && !console().confirm("Are you sure you want to proceed?")) {
            return 1;
        }
        GcCommand.GcResult r = gc.call();
        for (GcCommand.Collected c : r.cache()) {
            console().println(c.removed() > 0 ? "Removed " + c.removed() + " objects from " + c.label() + " cache."
                    : "No unused '" + c.label() + "' cache to remove.");
        }
        for (GcCommand.Collected c : r.remotes()) {
            console().println(c.removed() > 0 ? "Removed " + c.removed() + " objects from remote."
                    : "No unused cache to remove from remote.");
        }
        return 0;
    }
}
