package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.GcCommand;
import org.jdvc.api.RevisionScope;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gc}: workspace and revision scopes (see {@link GcCommand}). */
@Command(name = "gc", description = "Garbage collect unused objects from cache or remote storage.")
public final class GcCmd extends BaseCommand {
    @Option(names = {"-w", "--workspace"}, description = "Keep data files used in the current workspace.")
    boolean workspace;

    @Option(names = {"-a", "--all-branches"}, description = "Keep data files for the tips of all Git branches.")
    boolean allBranches;

    @Option(names = {"-T", "--all-tags"}, description = "Keep data files for all Git tags.")
    boolean allTags;

    @Option(names = {"-A", "--all-commits"}, description = "Keep data files for all Git commits.")
    boolean allCommits;

    @Option(names = "--rev", paramLabel = "<commit>", description = "Keep data files used in the specified "
            + "<commit>.")
    List<String> revs;

    @Option(names = {"-n", "--num"}, paramLabel = "<num>", defaultValue = "1", description = "Keep data files used "
            + "in the last `num` commits starting from the `--rev` <commit>. Only used if `--rev` is also provided.")
    int num;

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
        GcCommand gc = jdvc.gc().workspace(workspace)
                .revisions(new RevisionScope(allBranches, allTags, allCommits, revs, num)).cloud(cloud).remote(remote).force(force).dry(dry).jobs(jobs);
        gc.validate();
        console().warn("This will remove all cache except items used in the workspace" + scopeText()
                + " of the current repo.");
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

    /** DVC's wording of the kept revisions in the warning. */
    private String scopeText() {
        String s = "";
        if (allCommits) {
            s = " and all git commits";
        } else if (allBranches && allTags) {
            s = " and all git branches and tags";
        } else if (allBranches) {
            s = " and all git branches";
        } else if (allTags) {
            s = " and all git tags";
        }
        if (revs != null && !revs.isEmpty()) {
            s += " and last " + num + " commits from " + String.join(", ", revs);
        }
        return s;
    }
}
