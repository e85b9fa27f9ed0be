package org.jdvc.cli.commands;

import java.nio.file.Path;
import org.jdvc.cli.BaseCommand;
import org.jdvc.repo.Repository;
import picocli.CommandLine.Command;

@Command(name = "root", description = "Return the relative path to the root of the DVC project.")
public final class RootCmd extends BaseCommand {
    @Override
    protected int execute() {
        Path root = Repository.find(ctx.cwd(), ctx.env()).root();
        String rel = ctx.cwd().relativize(root).toString();
        console().result(rel.isEmpty() ? "." : rel);
        return 0;
    }
}
