package org.jdvc.cli.commands;

import org.jdvc.api.ImportCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import URL path}: DVC's "Importing 'path (url)' -> 'out'" line, then the git hint. */
@Command(name = "import", description = "Download file or directory tracked by DVC or by Git into the workspace, "
        + "and track it.")
public final class ImportCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "url", description = "Location of DVC or Git repository to download from")
    String url;

    @Parameters(index = "1", paramLabel = "path", description = "Path to a file or directory within the repository")
    String path;

    @Option(names = {"-o", "--out"}, paramLabel = "<path>", description = "Destination path to download files to")
    String out;

    @Option(names = "--rev", paramLabel = "<commit>", description = "Git revision (e.g. SHA, branch, tag)")
    String rev;

    @Option(names = {"-f", "--force"}, description = "Override destination file or folder if exists.")
    boolean force;

    @Option(names = "--no-exec", description = "Only create .dvc file without actually importing target data.")
    boolean noExec;

    @Option(names = "--no-download", description = "Create .dvc file including target data hash value(s) but do not "
            + "actually download the file(s).")
    boolean noDownload;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        String shownOut = out != null ? out : java.nio.file.Path.of(path).getFileName().toString();
        ImportCommand.ImportResult r = jdvc.importFrom().url(url).path(path).out(out).rev(rev).force(force)
                .noExec(noExec).noDownload(noDownload).call();
        console().println("Importing '" + path + " (" + url + ")' -> '" + shownOut + "'");
        GitHints.print(console(), jdvc.repository(), jdvc.cwd(), r.gitFiles());
        return 0;
    }
}
