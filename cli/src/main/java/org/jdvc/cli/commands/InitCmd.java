package org.jdvc.cli.commands;

import org.jdvc.api.InitCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Initialize DVC in the current directory.")
public final class InitCmd extends BaseCommand {
    @Option(names = "--no-scm", description = "Initiate DVC in directory that is not tracked by any SCM tool "
            + "(e.g. Git).")
    boolean noScm;

    @Option(names = {"-f", "--force"}, description = "Overwrite existing '.dvc/' directory. This operation "
            + "removes local cache.")
    boolean force;

    @Option(names = "--subdir", description = "Necessary for running this command inside a subdirectory of a "
            + "parent SCM repository.")
    boolean subdir;

    @Override
    protected int execute() {
        InitCommand.InitResult result = Jdvc.init(ctx.cwd(), ctx.env()).noScm(noScm).subdir(subdir).force(force)
                .call();
        console().println("Initialized DVC repository.");
        if (result.scm()) {
            console().println("");
            console().println("You can now commit the changes to git.");
        }
        console().println("""

                What's next?
                ------------
                - Check out the documentation: <https://dvc.org/doc>
                - Get help and share ideas: <https://dvc.org/chat>
                - Star us on GitHub: <https://github.com/iterative/dvc>""");
        return 0;
    }
}
