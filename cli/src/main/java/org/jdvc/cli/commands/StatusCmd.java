package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdvc.api.Jdvc;
import org.jdvc.api.StatusCommand;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show changed stages, compare local cache and a remote storage.")
public final class StatusCmd extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "targets", description = "Limit command scope to these tracked "
            + "files/directories, .dvc files and stage names.")
    List<String> targets = new ArrayList<>();

    @Mixin
    RevisionOptions revisionOptions = new RevisionOptions();

    @Option(names = "--json", description = "Show status in JSON format.")
    boolean json;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Number of jobs to run "
            + "simultaneously.")
    Integer jobs;

    @Option(names = {"-R", "--recursive"}, description = "Show status of all stages in the specified directory.")
    boolean recursive;

    @Option(names = {"-c", "--cloud"}, description = "Show status of a local cache compared to a remote "
            + "repository.")
    boolean cloud;

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to compare local "
            + "cache to.")
    String remote;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        if (cloud || remote != null) {
            return cloudStatus(jdvc);
        }
        StatusCommand.StatusResult result = jdvc.status().targets(targets).call();
        result.warnings().forEach(console()::warn);
        if (quiet) {
            return result.clean() ? 0 : 1;
        }
        if (json) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            for (StatusCommand.StageStatus s : result.stages()) {
                doc.put(s.name(), s.toStatus());
            }
            console().result(Json.write(doc));
            return 0;
        }
        if (result.clean()) {
            console().println(result.tracksNothing()
                    ? "There are no data or pipelines tracked in this project yet.\n"
                    + "See <https://dvc.org/doc/start> to get started!"
                    : "Data and pipelines are up to date.");
            return 0;
        }
        for (StatusCommand.StageStatus s : result.stages()) {
            console().println(s.name() + ":");
            show(s.toStatus(), 1);
        }
        return 0;
    }

    /** DVC's nested status printing: words on their own line, {@code path -> word} as "word:" padded to 20. */
    private void show(Object status, int indent) {
        String ind = "\t".repeat(indent);
        if (status instanceof String word) {
            console().println(ind + word);
        } else if (status instanceof List<?> list) {
            for (Object o : list) {
                show(o, indent);
            }
        } else if (status instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v instanceof String word) {
                    console().println(ind + String.format("%-20s", word + ":") + k);
                } else {
                    console().println(ind + k + ":");
                    show(v, indent + 1);
                }
            });
        }
    }

    // NOTE: DVC's "status -r X" alone also compares with the remote.
    private int cloudStatus(Jdvc jdvc) {
        org.jdvc.api.CloudStatusCommand.CloudStatusResult r = jdvc.cloudStatus().targets(targets)
                .revisions(revisionOptions.scope()).remote(remote)
                .jobs(jobs).recursive(recursive).call();
        TransferReport.warnMissing(console(), r.missingDirs(), "name: None, ");
        if (quiet) {
            return r.inSync() ? 0 : 1;
        }
        if (json) {
            console().result(Json.write(r.changes()));
        } else if (r.inSync()) {
            console().println("Cache and remote '" + r.remote() + "' are in sync.");
        } else {
            r.changes().forEach((path, state) -> console().println("\t" + String.format("%-20s", state + ":") + path));
        }
        return 0;
    }
}
