package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freeze} and {@code unfreeze}: registered under both names, the name decides. */
@Command(name = "freeze", description = "Freeze or unfreeze stages or .dvc files.")
public final class FreezeCmd extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "targets", description = "Stages or .dvc files.")
    List<String> targets;

    @Spec
    CommandSpec spec;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        (invokedAs().equals("unfreeze") ? jdvc.unfreeze() : jdvc.freeze()).targets(targets)
                .reporter(console()::println).call();
        return 0;
    }

    // NOTE: picocli keeps the annotated name ("freeze") in the spec even when the class is registered as "unfreeze";
    // the parent's subcommand map holds the name it was invoked under.
    private String invokedAs() {
        if (spec.parent() != null) {
            for (var e : spec.parent().subcommands().entrySet()) {
                if (e.getValue().getCommandSpec() == spec) {
                    return e.getKey();
                }
            }
        }
        return spec.name();
    }
}
