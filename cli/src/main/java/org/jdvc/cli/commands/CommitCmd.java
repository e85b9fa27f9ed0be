package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = "Record changes to files or directories tracked by DVC by storing the "
        + "current versions in the cache.")
public final class CommitCmd extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "targets", description = "Limit command scope to these tracked "
            + "files/directories, .dvc files and stage names.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Commit data even if hash values for dependencies or "
            + "outputs did not change.")
    boolean force;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        jdvc.commit().targets(targets).force(force).call();
        return 0;
    }
}
