package org.jdvc.cli.commands;

import org.jdvc.api.Jdvc;
import org.jdvc.api.MoveCommand;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "move", aliases = "mv", description = "Rename or move a DVC controlled data file or a directory.")
public final class MoveCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "src", description = "Source path to a data file or directory.")
    String src;

    @Parameters(index = "1", paramLabel = "dst", description = "Destination path.")
    String dst;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        MoveCommand.MoveResult r = jdvc.move().from(src).to(dst).call();
        GitHints.print(console(), jdvc.repository(), jdvc.cwd(), r.gitFiles());
        return 0;
    }
}
