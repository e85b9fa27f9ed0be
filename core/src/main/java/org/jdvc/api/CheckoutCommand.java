package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdvc.JdvcException;
import org.jdvc.cache.Linker;
import org.jdvc.hash.HashInfo;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.CheckoutRecord;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceCheckout;
import org.jdvc.repo.WorkspaceHasher;

/**
 * {@code dvc checkout}: makes the workspace match the {@code .dvc} files, linking data from the cache. Refuses,
 * changing nothing, when it would delete workspace data that is not in the cache (unless forced).
 */
public final class CheckoutCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private boolean force;
    private boolean relink;
    private boolean recursive;
    private boolean allowMissing;

    CheckoutCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public CheckoutCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public CheckoutCommand force(boolean value) {
        this.force = value;
        return this;
    }

    public CheckoutCommand relink(boolean value) {
        this.relink = value;
        return this;
    }

    public CheckoutCommand recursive(boolean value) {
        this.recursive = value;
        return this;
    }

    public CheckoutCommand allowMissing(boolean value) {
        this.allowMissing = value;
        return this;
    }

    /** A line of checkout's report: {@code A}dded, {@code M}odified or {@code D}eleted output. */
    public record Change(char kind, String path) {
    }

    /**
     * What happened: changed outputs (directories with a trailing {@code /}), outputs that could not be checked out
     * because cache objects are missing, and per-file counts.
     */
    public record CheckoutResult(List<Change> changes, List<String> failed, int filesAdded, int filesModified,
                                 int filesDeleted, boolean relinked) {
    }

    public CheckoutResult call() {
        try (RepoLock lock = repo.lock()) {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CheckoutResult run() throws IOException {
        // NOTE: pipeline stage outputs (from dvc.lock) are checked out too; targets naming stages are taken here.
        List<String> allTargets = new ArrayList<>(targets);
        List<String> dataTargets = new ArrayList<>(targets);
        List<org.jdvc.pipeline.StageOutputs.Recorded> stageOuts = org.jdvc.pipeline.StageOutputs.recorded(repo,
                PipelineTargets.select(org.jdvc.pipeline.Project.pipelineFiles(repo), cwd, targets, dataTargets));
        targets.clear();
        targets.addAll(dataTargets);
        OutputIndex index = OutputIndex.collect(repo);
        List<TrackedOutput> outputs = !allTargets.isEmpty() && dataTargets.isEmpty() ? List.of() : select(index);
        targets.clear();
        targets.addAll(allTargets);
        Linker linker = repo.linker();
        WorkspaceCheckout checkout = new WorkspaceCheckout(repo, linker);
        List<WorkspaceCheckout.Plan> plans = new ArrayList<>();
        List<TrackedOutput> planned = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Path> unsaved = new ArrayList<>();
        for (TrackedOutput o : outputs) {
            HashInfo hash = o.output().hash();
            if (hash == null || !o.output().cache()) {
                continue;
            }
            WorkspaceCheckout.Plan plan = checkout.plan(o.path(), hash, o.output().isexec(), relink);
            if (plan.missing()) {
                failed.add(cwd.relativize(o.path()).toString());
                continue;
            }
            unsaved.addAll(plan.unsaved());
            plans.add(plan);
            planned.add(o);
        }
        List<WorkspaceCheckout.Plan> stagePlans = new ArrayList<>();
        for (org.jdvc.pipeline.StageOutputs.Recorded o : stageOuts) {
            WorkspaceCheckout.Plan plan = checkout.plan(o.path(), o.hash(), o.isExec(), relink);
            if (plan.missing()) {
                failed.add(cwd.relativize(o.path()).toString());
                continue;
            }
            unsaved.addAll(plan.unsaved());
            stagePlans.add(plan);
        }
        CheckoutRecord record = CheckoutRecord.load(repo);
        List<Path> stale = targets.isEmpty() ? staleOutputs(index, record, unsaved) : List.of();
        if (!unsaved.isEmpty() && !force) {
            StringBuilder sb = new StringBuilder("Can't remove the following unsaved files without confirmation. "
                    + "Use `--force` to force.");
            for (Path p : unsaved) {
                sb.append('\n').append(p);
            }
            throw new JdvcException(sb.toString(), JdvcException.REFUSED);
        }
        List<Change> changes = new ArrayList<>();
        int added = 0;
        int modified = 0;
        int deleted = 0;
        for (int i = 0; i < plans.size(); i++) {
            WorkspaceCheckout.Plan plan = plans.get(i);
            TrackedOutput o = planned.get(i);
            added += plan.filesAdded();
            modified += plan.filesModified();
            deleted += plan.filesDeleted();
            checkout.apply(plan);
            String shown = cwd.relativize(o.path()) + (o.output().hash().isDir() ? "/" : "");
            switch (plan.change()) {
                case ADDED -> changes.add(new Change('A', shown));
                case MODIFIED -> changes.add(new Change('M', shown));
                case UNCHANGED -> { }
            }
            record.put(repo.relpath(o.path()), o.output().hash().value());
        }
        for (WorkspaceCheckout.Plan plan : stagePlans) {
            added += plan.filesAdded();
            modified += plan.filesModified();
            deleted += plan.filesDeleted();
            checkout.apply(plan);
            String shown = cwd.relativize(plan.target()) + (plan.target().toFile().isDirectory() ? "/" : "");
            switch (plan.change()) {
                case ADDED -> changes.add(new Change('A', shown));
                case MODIFIED -> changes.add(new Change('M', shown));
                case UNCHANGED -> { }
            }
        }
        for (Path p : stale) {
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            WorkspaceCheckout.deleteAny(p);
            changes.add(new Change('D', cwd.relativize(p) + (dir ? "/" : "")));
            record.remove(repo.relpath(p));
            deleted++;
        }
        changes.sort(Comparator.comparing((Change c) -> !c.path().endsWith("/")).thenComparing(Change::path));
        record.save();
        repo.flush();
        if (!failed.isEmpty() && !allowMissing) {
            throw new CheckoutFailedException(new CheckoutResult(changes, failed, added, modified, deleted, false));
        }
        return new CheckoutResult(changes, failed, added, modified, deleted, relink);
    }

    /** Outputs jdvc placed earlier that no {@code .dvc} file declares any more and that are unchanged since. */
    private List<Path> staleOutputs(OutputIndex index, CheckoutRecord record, List<Path> unsaved) throws IOException {
        Set<String> declared = new HashSet<>();
        for (TrackedOutput o : index.outputs()) {
            declared.add(repo.relpath(o.path()));
        }
        List<Path> stale = new ArrayList<>();
        WorkspaceHasher hasher = new WorkspaceHasher(repo);
        for (Map.Entry<String, String> e : Map.copyOf(record.entries()).entrySet()) {
            if (declared.contains(e.getKey())) {
                continue;
            }
            Path p = repo.root().resolve(e.getKey()).normalize();
            if (!repo.containment().contains(p)) {
                // NOTE: never delete outside the workspace, whatever the record says (older versions recorded such
                // paths when a .dvc file named one)
                record.remove(e.getKey());
                continue;
            }
            HashInfo recorded = HashInfo.md5(e.getValue());
            HashedPath current = hasher.hash(p, recorded.name());
            if (current == null) {
                record.remove(e.getKey());
            } else if (current.hash().equals(recorded)) {
                stale.add(p);
            } else {
                // changed since jdvc placed it: the user's data now, leave it alone
                record.remove(e.getKey());
            }
        }
        return stale;
    }

    private List<TrackedOutput> select(OutputIndex index) {
        if (targets.isEmpty()) {
            return index.outputs();
        }
        List<TrackedOutput> selected = new ArrayList<>();
        for (String t : targets) {
            Path abs = cwd.resolve(t).normalize();
            var file = index.file(abs);
            if (file.isPresent()) {
                selected.addAll(TrackedOutput.of(file.get()));
                continue;
            }
            var out = index.at(abs);
            if (out.isPresent()) {
                selected.add(out.get());
                continue;
            }
            if (recursive && Files.isDirectory(abs)) {
                index.outputs().stream().filter(o -> o.path().startsWith(abs)).forEach(selected::add);
                continue;
            }
            throw new JdvcException("Did you mean `git checkout " + t + "`?: '" + t + "' does not exist as an "
                    + "output or a stage name in 'dvc.yaml': 'dvc.yaml' does not exist", JdvcException.REFUSED);
        }
        return selected;
    }

    /** Re-creates one output's workspace files through the configured link type (after add/commit). */
    void relinkOutput(Path path, HashInfo hash, boolean isExec) throws IOException {
        WorkspaceCheckout checkout = new WorkspaceCheckout(repo, repo.linker());
        WorkspaceCheckout.Plan plan = checkout.plan(path, hash, isExec, true);
        if (!plan.missing()) {
            checkout.apply(plan);
        }
    }

    /** Some outputs could not be checked out; the others were. */
    public static final class CheckoutFailedException extends JdvcException {
        private final transient CheckoutResult result;

        CheckoutFailedException(CheckoutResult result) {
            super("Checkout failed for following targets:\n" + String.join("\n", result.failed())
                    + "\nIs your cache up to date?\n<https://error.dvc.org/missing-files>", REFUSED);
            this.result = result;
        }

        public CheckoutResult result() {
            return result;
        }
    }
}
