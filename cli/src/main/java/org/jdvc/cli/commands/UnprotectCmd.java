package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "unprotect", description = "Unprotect tracked files or directories (when hardlinks or symlinks "
        + "have been enabled with `dvc config cache.type`)")
public final class UnprotectCmd extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "targets", description = "Data files/directories to unprotect.")
    List<String> targets;

    @Override
    protected int execute() {
        Jdvc.open(ctx.cwd(), ctx.env()).unprotect().targets(targets).call();
        return 0;
    }
}
