package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.api.UpdateCommand;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code update targets}: one line per target as DVC prints it. */
@Command(name = "update", description = "Update data artifacts imported from other DVC repositories.")
public final class UpdateCmd extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "targets", description = "Imported DVC files to update.")
    List<String> targets;

    @Option(names = "--rev", paramLabel = "<commit>", description = "Git revision (e.g. SHA, branch, tag)")
    String rev;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        UpdateCommand.UpdateResult r = jdvc.update().targets(targets).rev(rev).call();
        for (UpdateCommand.Updated u : r.updated()) {
            String file = jdvc.cwd().relativize(u.dvcFile()).toString();
            switch (u.outcome()) {
                case UNCHANGED -> console().println("'" + file + "' didn't change, skipping");
                case UPDATED -> console().println("Importing '" + u.source() + "' -> '"
                        + jdvc.cwd().relativize(u.out()) + "'");
                case NOT_AN_IMPORT -> console().warn("Could not update '" + jdvc.cwd().relativize(u.out())
                        + "', it was never pushed to a remote");
            }
        }
        return 0;
    }
}
