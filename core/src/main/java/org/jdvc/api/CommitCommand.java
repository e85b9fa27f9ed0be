package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.repo.RepoLock;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.CacheWriter;
import org.jdvc.repo.CheckoutRecord;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceHasher;

/**
 * {@code dvc commit}: stores the current workspace versions of tracked outputs in the cache and records their hashes
 * in the {@code .dvc} files. Changed outputs are only committed with {@link #force}.
 */
public final class CommitCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private boolean force;

    CommitCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public CommitCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public CommitCommand force(boolean value) {
        this.force = value;
        return this;
    }

    /** The {@code .dvc} files that were rewritten. */
    public record CommitResult(List<Path> changedFiles) {
    }

    public CommitResult call() {
        try (RepoLock lock = repo.lock()) {
            repo.sweepStaleTemps(false);
            // NOTE: pipeline stages first; targets naming stages are taken here, the rest are .dvc targets.
            List<String> dataTargets = new ArrayList<>(targets);
            List<org.jdvc.pipeline.PipelineStage> stages = PipelineTargets.select(
                    org.jdvc.pipeline.Project.pipelineFiles(repo), cwd, targets, dataTargets);
            String stagePrefix = targets.isEmpty() ? "failed to commit - " : "failed to commit "
                    + String.join(" ", targets) + " - ";
            List<Path> lockFiles = new org.jdvc.pipeline.StageCommitter(repo, cwd).commit(stages, force,
                    stagePrefix);
            if (!targets.isEmpty() && dataTargets.isEmpty()) {
                repo.flush();
                if (repo.config().autostage() && !lockFiles.isEmpty()) {
                    repo.scm().add(lockFiles);
                }
                return new CommitResult(lockFiles);
            }
            targets.clear();
            targets.addAll(dataTargets);
            OutputIndex index = OutputIndex.collect(repo);
            List<TrackedFile> files = select(index);
            WorkspaceHasher hasher = new WorkspaceHasher(repo);
            record Pending(TrackedFile file, List<Output> outs, boolean changed) {
            }
            List<Pending> pending = new ArrayList<>();
            List<HashedPath> toStore = new ArrayList<>();
            List<Path> storePaths = new ArrayList<>();
            for (TrackedFile f : files) {
                List<Output> outs = new ArrayList<>(f.content().outs());
                boolean changed = false;
                for (TrackedOutput o : TrackedOutput.of(f)) {
                    Output out = o.output();
                    String name = out.hash() != null ? out.hash().name() : HashInfo.MD5;
                    HashedPath h = hasher.hash(o.path(), name);
                    if (h == null) {
                        throw new JdvcException("failed to commit - output '" + cwd.relativize(o.path())
                                + "' does not exist");
                    }
                    if (!h.hash().equals(out.hash()) && name.equals(HashInfo.MD5_DOS2UNIX)) {
                        h = hasher.hash(o.path(), HashInfo.MD5);
                    }
                    if (!h.hash().equals(out.hash()) || (out.isexec() != h.isExec() && !h.isDir())) {
                        changed = true;
                        outs.set(o.index(), out.withHash(h.hash()).withMeta(h.size(),
                                h.isDir() ? (long) h.nfiles() : null, h.isExec()));
                    }
                    if (out.cache()) {
                        toStore.add(h);
                        storePaths.add(o.path());
                    }
                }
                pending.add(new Pending(f, outs, changed));
            }
            for (Pending p : pending) {
                if (p.changed() && !force) {
                    String shown = cwd.relativize(p.file().path()).toString();
                    String prefix = targets.isEmpty() ? "failed to commit - " : "failed to commit "
                            + String.join(" ", targets) + " - ";
                    throw new JdvcException(prefix + "unable to commit changed stage: '" + shown
                            + "'. Use `-f|--force` to force.");
                }
            }
            CacheWriter writer = new CacheWriter(repo, true);
            for (int i = 0; i < toStore.size(); i++) {
                writer.store(storePaths.get(i), toStore.get(i));
            }
            List<Path> changed = new ArrayList<>(lockFiles);
            CheckoutRecord record = CheckoutRecord.load(repo);
            for (Pending p : pending) {
                for (Output o : p.outs()) {
                    if (o.hash() != null) {
                        record.put(repo.relpath(p.file().baseDir().resolve(o.path()).normalize()), o.hash().value());
                    }
                }
                if (p.changed()) {
                    DvcFile content = p.file().content().withOuts(p.outs());
                    AtomicFiles.writeString(p.file().path(), DvcFile.rewrite(p.file().text(), content));
                    changed.add(p.file().path());
                }
            }
            record.save();
            repo.flush();
            if (repo.config().autostage() && !changed.isEmpty()) {
                repo.scm().add(changed);
            }
            return new CommitResult(changed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<TrackedFile> select(OutputIndex index) {
        if (targets.isEmpty()) {
            return index.files();
        }
        List<TrackedFile> selected = new ArrayList<>();
        for (String t : targets) {
            Path abs = cwd.resolve(t).normalize();
            var f = index.file(abs).or(() -> index.at(abs).map(TrackedOutput::file));
            if (f.isEmpty()) {
                throw new JdvcException("failed to commit " + t + " - '" + t + "' does not exist as an output or a "
                        + "stage name in 'dvc.yaml': 'dvc.yaml' does not exist");
            }
            selected.add(f.get());
        }
        return selected;
    }
}
