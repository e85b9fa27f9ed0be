package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.api.CheckoutCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checkout", description = "Checkout data files from cache.")
public final class CheckoutCmd extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "targets", description = "Limit command scope to these tracked "
            + "files/directories, .dvc files and stage names.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt when removing working directory files.")
    boolean force;

    @Option(names = "--relink", description = "Recreate links or copies from cache to workspace.")
    boolean relink;

    @Option(names = {"-R", "--recursive"}, description = "Checkout all subdirectories of the specified "
            + "directory.")
    boolean recursive;

    @Option(names = "--allow-missing", description = "Ignore errors if some of the files or directories are "
            + "missing from cache.")
    boolean allowMissing;

    @Option(names = "--summary", description = "Show summary of the changes.")
    boolean summary;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        try {
            CheckoutCommand.CheckoutResult r = jdvc.checkout().targets(targets).force(force).relink(relink)
                    .recursive(recursive).allowMissing(allowMissing).call();
            render(console(), r);
            if (r.relinked()) {
                console().println("Relinked successfully");
            }
        } catch (CheckoutCommand.CheckoutFailedException e) {
            render(console(), e.result());
            throw e;
        } catch (JdvcException e) {
            // NOTE: DVC's checkout does not catch errors (status, add, commit do, exiting 1): they reach DVC's main,
            // which exits 255, e.g. for an invalid .dvc file (transcript 12.3). Config (251) and "not a repository"
            // (253) keep their own codes there too.
            if (e.exitCode() == JdvcException.FAILED) {
                throw new JdvcException(e.getMessage(), JdvcException.REFUSED, e);
            }
            throw e;
        }
        return 0;
    }

    static void render(Console console, CheckoutCommand.CheckoutResult r) {
        for (CheckoutCommand.Change c : r.changes()) {
            console.println(String.format("%-8s%s", c.kind(), c.path()));
        }
    }
}
