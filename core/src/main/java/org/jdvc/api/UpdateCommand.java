package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.hash.FileHasher;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.StageChecksum;
import org.jdvc.model.Dependency;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedFiles;

/**
 * {@code dvc update [targets] [--rev R]}: brings imports up to date. A repo import re-resolves its revision
 * ({@code --rev} replaces the recorded {@code rev}) and, when the commit changed, fetches the data of the new commit
 * and rewrites {@code rev_lock}, the output's hash and the stage {@code md5}, keeping the file's layout and
 * {@code frozen}. A local import-url re-hashes its source. Unchanged imports are skipped.
 */
public final class UpdateCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private String rev;

    UpdateCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public UpdateCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public UpdateCommand rev(String value) {
        this.rev = value;
        return this;
    }

    /** What happened to one target. */
    public enum Outcome { UPDATED, UNCHANGED, NOT_AN_IMPORT }

    /** @param source how DVC names the source ({@code data.csv (../source)}, or the absolute import-url path) */
    public record Updated(Path dvcFile, Path out, Outcome outcome, String source) {
    }

    public record UpdateResult(List<Updated> updated, List<Path> gitFiles) {
    }

    public UpdateResult call() {
        List<Updated> results = new ArrayList<>();
        List<Path> gitFiles = new ArrayList<>();
        for (String t : targets) {
            Path file = cwd.resolve(t).toAbsolutePath().normalize();
            if (!t.endsWith(".dvc")) {
                file = file.resolveSibling(file.getFileName() + ".dvc");
            }
            if (!Files.isRegularFile(file)) {
                throw new JdvcException("failed to update '" + t + "' - '" + t + "' does not exist");
            }
            TrackedFile tf = TrackedFiles.read(file, repo.root());
            DvcFile stage = tf.content();
            Output out = stage.outs().isEmpty() ? null : stage.outs().getFirst();
            Dependency dep = stage.deps().isEmpty() ? null : stage.deps().getFirst();
            Path outPath = out == null ? null : tf.baseDir().resolve(out.path()).normalize();
            if (dep == null || out == null) {
                results.add(new Updated(file, outPath, Outcome.NOT_AN_IMPORT, null));
                continue;
            }
            Dependency.Repo r = dep.repo();
            if (r != null) {
                results.add(updateRepoImport(tf, dep, r, out, outPath, gitFiles));
            } else {
                results.add(updateImportUrl(tf, dep, out, outPath, gitFiles));
            }
        }
        if (repo.config().autostage()) {
            repo.scm().add(gitFiles);
        }
        return new UpdateResult(results, gitFiles);
    }

    private Updated updateRepoImport(TrackedFile tf, Dependency dep, Dependency.Repo r, Output out, Path outPath,
                                     List<Path> gitFiles) {
        String wantedRev = rev != null ? rev : r.rev();
        String source = dep.path() + " (" + r.url() + ")";
        String newLock;
        try (ExternalRepo ext = ExternalRepo.open(r.url(), tf.path().getParent(), repo.env())) {
            newLock = ext.resolve(wantedRev);
        } catch (JdvcException e) {
            throw new JdvcException("failed to update '" + cwd.relativize(tf.path()) + "' - " + e.getMessage(),
                    e.exitCode(), e);
        }
        boolean sameRev = wantedRev == null ? r.rev() == null : wantedRev.equals(r.rev());
        if (newLock.equals(r.revLock()) && sameRev && out.hash() != null && Files.exists(outPath)) {
            return new Updated(tf.path(), outPath, Outcome.UNCHANGED, source);
        }
        // NOTE: the source is opened again relative to the .dvc file's folder, as DVC resolves a relative url
        DvcFile fresh = ImportCommand.resolveAndFetch(repo, tf.path().getParent(), r.url(), dep.path(), wantedRev,
                outPath, false, false);
        Dependency newDep = fresh.deps().getFirst().withRepo(new Dependency.Repo(r.url(), wantedRev, newLock,
                r.config(), r.remote()));
        Output newOut = out.withHash(fresh.outs().getFirst().hash()).withMeta(fresh.outs().getFirst().size(),
                fresh.outs().getFirst().nfiles(), fresh.outs().getFirst().isexec());
        DvcFile stage = tf.content().withDeps(List.of(newDep)).withOuts(List.of(newOut)).withMd5(null);
        stage = stage.withMd5(StageChecksum.compute(stage.toDict()));
        gitFiles.addAll(ImportCommand.write(repo, tf.path(), stage, tf.text()));
        new CheckoutCommand(repo, cwd).targets(List.of(tf.path().toString())).force(true).call();
        return new Updated(tf.path(), outPath, Outcome.UPDATED, source);
    }

    private Updated updateImportUrl(TrackedFile tf, Dependency dep, Output out, Path outPath, List<Path> gitFiles) {
        Path src = tf.path().getParent().resolve(dep.path()).normalize();
        String source = src.toString();
        if (dep.hash() == null) {
            return new Updated(tf.path(), outPath, Outcome.NOT_AN_IMPORT, source);
        }
        try {
            if (!Files.isRegularFile(src)) {
                throw new JdvcException("failed to update '" + cwd.relativize(tf.path()) + "' - dependency '"
                        + dep.path() + "' does not exist");
            }
            HashInfo now = FileHasher.hash(src, HashInfo.MD5);
            if (now.equals(dep.hash()) && out.hash() != null && Files.exists(outPath)) {
                return new Updated(tf.path(), outPath, Outcome.UNCHANGED, source);
            }
            repo.cache().add(now, src, false);
            long size = Files.size(src);
            DvcFile stage = tf.content().withDeps(List.of(Dependency.of(dep.path(), now, size, null, false)))
                    .withOuts(List.of(out.withHash(now).withMeta(size, null, out.isexec()))).withMd5(null);
            stage = stage.withMd5(StageChecksum.compute(stage.toDict()));
            gitFiles.addAll(ImportCommand.write(repo, tf.path(), stage, tf.text()));
            new CheckoutCommand(repo, cwd).targets(List.of(tf.path().toString())).force(true).call();
            return new Updated(tf.path(), outPath, Outcome.UPDATED, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
