package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.api.TransferCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options push, fetch and pull share (targets, {@code -r}, {@code -j}, {@code -R}, revisions), declared once. */
public final class TransferOptions {
    @Parameters(arity = "0..*", paramLabel = "targets", description = "Limit command scope to these tracked "
            + "files/directories, .dvc files and stage names.")
    List<String> targets = new ArrayList<>();

    @Mixin
    RevisionOptions revisionOptions = new RevisionOptions();

    @Option(names = {"-r", "--remote"}, paramLabel = "<name>", description = "Remote storage to ${COMMAND-NAME} "
            + "(default: each output's own remote, else the default remote).")
    String remote;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<number>", description = "Number of jobs to run "
            + "simultaneously. The default value is 4 * cpu_count().")
    Integer jobs;

    @Option(names = {"-R", "--recursive"}, description = "A directory target selects the outputs in its "
            + "subdirectories too.")
    boolean recursive;

    /** Sets the shared options on {@code command}. */
    <T extends TransferCommand<T>> T applyTo(T command) {
        return command.targets(targets).revisions(revisionOptions.scope()).remote(remote).jobs(jobs)
                .recursive(recursive);
    }
}
