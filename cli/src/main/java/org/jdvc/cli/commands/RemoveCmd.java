package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", aliases = "rm", description = "Remove stages from dvc.yaml and/or stop tracking files "
        + "or directories.")
public final class RemoveCmd extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "targets", description = ".dvc files or stages from dvc.yaml to "
            + "remove.")
    List<String> targets;

    @Option(names = "--outs", description = "Remove outputs as well.")
    boolean outs;

    @Override
    protected int execute() {
        Jdvc.open(ctx.cwd(), ctx.env()).remove().targets(targets).outs(outs).call();
        return 0;
    }
}
