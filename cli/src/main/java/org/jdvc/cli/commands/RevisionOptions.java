package org.jdvc.cli.commands;

import java.util.List;
import org.jdvc.api.RevisionScope;
import picocli.CommandLine.Option;

/** {@code -a/-T/-A/--rev}: the git revisions whose data push, fetch, pull and {@code status -c} also cover. */
public final class RevisionOptions {
    @Option(names = {"-a", "--all-branches"}, description = "Include data of the tips of all Git branches.")
    boolean allBranches;

    @Option(names = {"-T", "--all-tags"}, description = "Include data of all Git tags.")
    boolean allTags;

    @Option(names = {"-A", "--all-commits"}, description = "Include data of all Git commits.")
    boolean allCommits;

    @Option(names = "--rev", paramLabel = "<commit>", description = "Include data of this Git revision (repeatable).")
    List<String> revs;

    RevisionScope scope() {
        return new RevisionScope(allBranches, allTags, allCommits, revs, 1);
    }
}
