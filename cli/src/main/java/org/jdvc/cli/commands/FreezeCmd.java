package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code freeze}; {@link UnfreezeCmd} is the same with the opposite effect. */
@Command(name = "freeze", description = "Freeze stages or .dvc files.")
public class FreezeCmd extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "targets", description = "Stages or .dvc files.")
    List<String> targets;

    /** True to freeze, false to unfreeze. */
    boolean freezing() {
        return true;
    }

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        (freezing() ? jdvc.freeze() : jdvc.unfreeze()).targets(targets)
                .reporter(console()::println).call();
        return 0;
    }
}
