package org.jdvc.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import org.jdvc.scm.GitHistory;

/**
 * Which git revisions a command covers besides the workspace: DVC's {@code -a/--all-branches}, {@code -T/--all-tags},
 * {@code -A/--all-commits} and {@code --rev R [-n N]} (the {@code N} commits from {@code R} along first parents),
 * shared by gc, fetch, push, pull and {@code status -c}.
 *
 * @param revs revisions given with {@code --rev}
 * @param num commits per {@code --rev}, at least 1
 */
public record RevisionScope(boolean allBranches, boolean allTags, boolean allCommits, List<String> revs, int num) {
    public static final RevisionScope WORKSPACE = new RevisionScope(false, false, false, List.of(), 1);

    public RevisionScope {
        revs = revs == null ? List.of() : List.copyOf(revs);
        num = Math.max(1, num);
    }

    /** Whether any revision beyond the workspace is selected. */
    public boolean any() {
        return allBranches || allTags || allCommits || !revs.isEmpty();
    }

    /**
     * The selected commits, without repeats, in a stable order (branches, tags, all commits, then {@code --rev}).
     *
     * @throws GitHistory.UnknownRevisionException for a {@code --rev} git cannot resolve
     */
    public SequencedSet<String> commits(GitHistory git) {
        SequencedSet<String> out = new LinkedHashSet<>();
        if (allBranches) {
            out.addAll(git.branches().values());
        }
        if (allTags) {
            out.addAll(git.tags().values());
        }
        if (allCommits) {
            out.addAll(git.allCommits());
        }
        for (String rev : revs) {
            out.addAll(git.firstParents(rev, num));
        }
        return out;
    }
}
