package org.jdvc.cli.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.api.ImportUrlCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-url", description = "Download or copy file from URL and take it under DVC control.")
public final class ImportUrlCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "url", description = "Location of the data to download (a local path, "
            + "s3://, ssh://, http(s):// or remote://<name>/<path>).")
    String url;

    @Parameters(index = "1", arity = "0..1", paramLabel = "out", description = "Destination path to put files in.")
    String out;

    @Option(names = "--to-remote", description = "Download it directly to the remote")
    boolean toRemote;

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to download to")
    String remote;

    @Option(names = "--no-exec", description = "Only create .dvc file without actually importing target data.")
    boolean noExec;

    @Option(names = "--no-download", description = "Create .dvc file including target data hash value(s) but do "
            + "not actually download the file(s).")
    boolean noDownload;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Number of jobs to run "
            + "simultaneously. The default value is 4 * cpu_count().")
    Integer jobs;

    @Option(names = {"-f", "--force"}, description = "Override local file or folder if exists.")
    boolean force;

    @Option(names = "--version-aware", description = "Import using cloud versioning (not supported by jdvc yet).")
    boolean versionAware;

    @Option(names = "--fs-config", paramLabel = "<name>=<value>", description = "Config options for the target "
            + "url.")
    List<String> fsConfig = List.of();

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        Map<String, String> options = new LinkedHashMap<>();
        for (String kv : fsConfig) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || eq == kv.length() - 1) {
                throw new JdvcException("argument --fs-config: Could not parse argument \"" + kv + "\" as k1=v1 k2=v2 "
                        + "... format", JdvcException.BAD_ARGUMENTS);
            }
            options.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        ImportUrlCommand.ImportResult r = jdvc.importUrl().url(url).out(out).force(force).toRemote(toRemote)
                .remote(remote).noExec(noExec).noDownload(noDownload).versionAware(versionAware).jobs(jobs)
                .fsConfig(options)
                .announce((from, to) -> console().println("Importing '" + from + "' -> '" + to + "'"))
                .call();
        GitHints.print(console(), jdvc.repository(), jdvc.cwd(), r.gitFiles());
        return 0;
    }
}
