package org.jdvc.cli.commands;

import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get URL path}: silent on success, like DVC without a terminal. */
@Command(name = "get", description = "Download file or directory tracked by DVC or by Git.")
public final class GetCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "url", description = "Location of DVC or Git repository to download from")
    String url;

    @Parameters(index = "1", paramLabel = "path", description = "Path to a file or directory within the repository")
    String path;

    @Option(names = {"-o", "--out"}, paramLabel = "<path>", description = "Destination path to download files to")
    String out;

    @Option(names = "--rev", paramLabel = "<commit>", description = "Git revision (e.g. SHA, branch, tag)")
    String rev;

    @Option(names = {"-f", "--force"}, description = "Override local file or folder if exists.")
    boolean force;

    @Override
    protected int execute() {
        Jdvc.get(ctx.cwd(), ctx.env()).url(url).path(path).out(out).rev(rev).force(force).call();
        return 0;
    }
}
