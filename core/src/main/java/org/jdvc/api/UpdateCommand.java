package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jdvc.JdvcException;
import org.jdvc.hash.StageChecksum;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.internal.IoErrors;
import org.jdvc.model.Dependency;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.CheckoutRecord;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedFiles;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceHasher;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc update targets}: brings import stages up to date with their source (spec §10). Each target stage is
 * handled by its {@link ImportKind}:
 * <ul>
 *   <li>{@link ImportKind#URL import-url} stages (here): the source's native checksum is read again; when it and the
 *       workspace output are unchanged the stage is {@link Outcome#UNCHANGED skipped} (DVC: {@code 'x.dvc' didn't
 *       change, skipping}); otherwise the data is downloaded again (or, with {@code --to-remote}, streamed to the
 *       remote; with {@code --no-download} only the dependency is re-recorded), and the dependency, the output and
 *       the stage checksum are rewritten, keeping the file's comments, key order and {@code frozen}.</li>
 *   <li>{@link ImportKind#REPO repo imports} ({@code deps[].repo}): {@link #updateRepoImport} re-resolves the
 *       revision ({@link #rev} replaces the recorded {@code rev}) and fetches the new commit's data when
 *       {@code rev_lock} moved.</li>
 *   <li>Anything else is {@link Outcome#NOT_AN_IMPORT} (DVC warns {@code Could not update 'out', it was never pushed to
 *       a remote} and exits 0).</li>
 * </ul>
 * Stages are processed in target order; the first failure stops the command (stages already updated stay so).
 * A new kind of import plugs in as another {@link ImportKind} and another arm of the dispatch in {@link #call}.
 */
public final class UpdateCommand {
    private static final String FAILURE = "update failed - ";
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private boolean recursive;
    private boolean toRemote;
    private String remote;
    private boolean noDownload;
    private String rev;
    private Integer jobs;
    private BiConsumer<String, String> announce = (from, to) -> { };

    UpdateCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    /** {@code .dvc} files or their outputs; with {@link #recursive} also folders (every stage below). */
    public UpdateCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public UpdateCommand recursive(boolean value) {
        this.recursive = value;
        return this;
    }

    public UpdateCommand toRemote(boolean value) {
        this.toRemote = value;
        return this;
    }

    /** {@code -r}: the remote {@code --to-remote} uploads to; default the default remote. */
    public UpdateCommand remote(String name) {
        this.remote = name;
        return this;
    }

    public UpdateCommand noDownload(boolean value) {
        this.noDownload = value;
        return this;
    }

    /** {@code --rev}: for repo imports only (the revision to import from; recorded as {@code rev}). */
    public UpdateCommand rev(String value) {
        this.rev = value;
        return this;
    }

    public UpdateCommand jobs(Integer n) {
        this.jobs = n;
        return this;
    }

    /** Called before a stage's data is fetched again, with the source as DVC shows it and the output's path. */
    public UpdateCommand announce(BiConsumer<String, String> listener) {
        this.announce = listener;
        return this;
    }

    public enum Outcome { UPDATED, UNCHANGED, NOT_AN_IMPORT }

    /**
     * @param name   the {@code .dvc} file relative to the working directory (DVC's {@code 'x.dvc' didn't change})
     * @param output the stage's (first) output relative to the working directory, for the NOT_AN_IMPORT warning
     */
    public record StageUpdate(Path dvcFile, String name, String output, Outcome outcome) {
    }

    /** Per stage, in target order; {@code gitFiles} are the files rewritten that belong in git. */
    public record UpdateResult(List<StageUpdate> stages, List<Path> gitFiles) {
    }

    public UpdateResult call() {
        if (targets.isEmpty()) {
            throw new JdvcException("the following arguments are required: targets", JdvcException.BAD_ARGUMENTS);
        }
        if (toRemote && noDownload) {
            throw new JdvcException("--no-download can't be combined with --to-remote", JdvcException.FAILED);
        }
        if (remote != null && !toRemote) {
            throw new JdvcException("--remote can't be used without --to-remote", JdvcException.FAILED);
        }
        try (RepoLock lock = repo.lock()) {
            repo.sweepStaleTemps(false);
            List<TrackedFile> files = select(OutputIndex.collect(repo));
            List<StageUpdate> results = new ArrayList<>();
            Set<Path> gitFiles = new LinkedHashSet<>();
            CheckoutRecord record = CheckoutRecord.load(repo);
            try {
                for (TrackedFile f : files) {
                    Outcome o = switch (ImportKind.of(f.content())) {
                        case URL -> updateUrlImport(f, record, gitFiles);
                        case REPO -> updateRepoImport(f, record, gitFiles);
                        case NONE -> Outcome.NOT_AN_IMPORT;
                    };
                    String output = f.content().outs().isEmpty() ? display(f.path())
                            : display(f.baseDir().resolve(f.content().outs().getFirst().path()).normalize());
                    results.add(new StageUpdate(f.path(), display(f.path()), output, o));
                }
            } finally {
                saveQuietly(record);
            }
            repo.flush();
            if (repo.config().autostage() && !gitFiles.isEmpty()) {
                repo.scm().add(List.copyOf(gitFiles));
            }
            return new UpdateResult(results, List.copyOf(gitFiles));
        }
    }

    /**
     * Updates a repo import ({@code deps[].repo}): re-resolves its revision ({@link #rev} replaces the recorded
     * {@code rev}) and, when the commit changed (or the output is missing), fetches the data of the new commit and
     * rewrites {@code rev_lock}, the output's hash and the stage {@code md5}, keeping the file's layout and
     * {@code frozen}. DVC refuses {@code --to-remote} for repo imports.
     */
    private Outcome updateRepoImport(TrackedFile tf, CheckoutRecord record, Set<Path> gitFiles) {
        String name = display(tf.path());
        if (toRemote) {
            throw new JdvcException(FAILURE + "Data imported from other DVC or Git repositories can't be updated "
                    + "with --to-remote");
        }
        Dependency dep = tf.content().deps().getFirst();
        Dependency.Repo r = dep.repo();
        Output out = tf.content().outs().getFirst();
        Path outPath = tf.baseDir().resolve(out.path()).normalize();
        String wantedRev = rev != null ? rev : r.rev();
        String newLock;
        try (ExternalRepo ext = ExternalRepo.open(r.url(), tf.path().getParent(), repo.env())) {
            newLock = ext.resolve(wantedRev);
        } catch (JdvcException e) {
            throw new JdvcException("failed to update '" + name + "' - " + e.getMessage(), e.exitCode(), e);
        }
        boolean sameRev = wantedRev == null ? r.rev() == null : wantedRev.equals(r.rev());
        if (newLock.equals(r.revLock()) && sameRev && out.hash() != null && Files.exists(outPath)) {
            return Outcome.UNCHANGED;
        }
        announce.accept(dep.path() + " (" + r.url() + ")", display(outPath));
        // NOTE: the source is opened again relative to the .dvc file's folder, as DVC resolves a relative url
        DvcFile fresh = ImportCommand.resolveAndFetch(repo, tf.path().getParent(), r.url(), dep.path(), wantedRev,
                outPath, false, noDownload);
        Dependency newDep = fresh.deps().getFirst().withRepo(new Dependency.Repo(r.url(), wantedRev, newLock,
                r.config(), r.remote()));
        Output got = fresh.outs().getFirst();
        Output newOut = out.withHash(got.hash()).withMeta(got.size(), got.nfiles(), got.isexec());
        DvcFile stage = tf.content().withDeps(List.of(newDep)).withOuts(List.of(newOut)).withMd5(null);
        stage = stage.withMd5(StageChecksum.compute(stage.toDict()));
        gitFiles.addAll(ImportCommand.write(repo, tf.path(), stage, tf.text()));
        if (got.hash() != null) {
            try {
                // NOTE: not CheckoutCommand.call(): this command holds the repository lock, which is not reentrant
                ImportTransfer.deleteTree(outPath);
                new CheckoutCommand(repo, cwd).relinkOutput(outPath, got.hash(), got.isexec());
                record.put(repo.relpath(outPath), got.hash().value());
            } catch (IOException e) {
                throw new JdvcException("failed to update '" + name + "' - " + IoErrors.describe(e),
                        JdvcException.FAILED,
                        e);
            }
        }
        return Outcome.UPDATED;
    }

    private Outcome updateUrlImport(TrackedFile file, CheckoutRecord record, Set<Path> gitFiles) {
        DvcFile content = file.content();
        Dependency dep = ImportKind.urlDependency(content);
        Output out = content.outs().getFirst();
        Path outPath = file.baseDir().resolve(out.path()).normalize();
        try (UrlSource source = UrlSource.open(repo, file.baseDir(), dep.path(), fsConfigOf(dep))) {
            UrlSource.State state = source.state(ImportTransfer.jobs(jobs));
            boolean depChanged = dep.hash() == null || !dep.hash().value().equals(state.hash().value());
            if (!depChanged && outputCurrent(file, out)) {
                return Outcome.UNCHANGED;
            }
            announce.accept(source.display(), display(outPath));
            Output newOut;
            if (noDownload) {
                newOut = out.withHash(null).withMeta(null, null, false);
            } else {
                ImportTransfer transfer = new ImportTransfer(repo, jobs);
                ImportTransfer.Imported imported = toRemote
                        ? transfer.toRemote(source, state, remote, FAILURE)
                        : transfer.intoWorkspace(source, state, outPath, record);
                newOut = out.withHash(imported.hash()).withMeta(imported.size(), imported.nfiles(), false);
            }
            DvcFile updated = content.withDeps(List.of(dependencyAt(dep, state))).withOuts(List.of(newOut))
                    .withMd5(null);
            updated = updated.withMd5(StageChecksum.compute(updated.toDict()));
            String text = DvcFile.rewrite(file.text(), updated);
            if (!text.equals(file.text())) {
                AtomicFiles.writeString(file.path(), text);
                gitFiles.add(file.path());
            }
            TrackedFiles.read(file.path(), repo.root());
            if (repo.scm().isGit()) {
                new GitIgnoreFile(repo.scm()).ensureIgnored(outPath).ifPresent(gitFiles::add);
            }
            return Outcome.UPDATED;
        } catch (IOException e) {
            throw new JdvcException(FAILURE + IoErrors.describe(e), JdvcException.FAILED, e);
        } catch (UncheckedIOException e) {
            throw new JdvcException(FAILURE + e.getCause().getMessage(), JdvcException.FAILED, e);
        } catch (JdvcException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(FAILURE) ? e
                    : new JdvcException(FAILURE + e.getMessage(), e.exitCode(), e);
        }
    }

    /**
     * Whether the output needs no new download: always with {@code --to-remote}/{@code --no-download} (the workspace
     * is not theirs), else when it is in the workspace and cache as recorded.
     */
    private boolean outputCurrent(TrackedFile file, Output out) throws IOException {
        if (toRemote || noDownload) {
            return true;
        }
        if (out.hash() == null) {
            return false;
        }
        TrackedOutput tracked = TrackedOutput.of(file).getFirst();
        return StatusCommand.outputStatus(tracked, new WorkspaceHasher(repo)) == null;
    }

    /** {@code dep} re-recorded at {@code state}: its native checksum (or {@code .dir} md5), size and nfiles. */
    static Dependency dependencyAt(Dependency dep, UrlSource.State state) {
        return dep.withHash(state.hash()).withMeta(state.size(), state.nfiles());
    }

    /** A dependency's {@code fs_config} as store options. */
    static Map<String, String> fsConfigOf(Dependency dep) {
        Map<String, String> options = new LinkedHashMap<>();
        if (dep.get("fs_config") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
        }
        return options;
    }

    private List<TrackedFile> select(OutputIndex index) {
        List<TrackedFile> selected = new ArrayList<>();
        for (String t : targets) {
            Path abs = cwd.resolve(t).normalize();
            var file = index.file(abs).or(() -> index.at(abs).map(TrackedOutput::file));
            if (file.isPresent()) {
                selected.add(file.get());
            } else if (recursive && Files.isDirectory(abs)) {
                index.files().stream().filter(f -> f.path().startsWith(abs)).forEach(selected::add);
            } else {
                throw new JdvcException(FAILURE + "'" + t + "' does not exist as an output or a stage name in "
                        + "'dvc.yaml': 'dvc.yaml' does not exist");
            }
        }
        return selected.stream().distinct().toList();
    }

    private static void saveQuietly(CheckoutRecord record) {
        try {
            record.save();
        } catch (IOException e) {
            // NOTE: a private cache of what was checked out; losing it costs a re-hash, never correctness
        }
    }

    private String display(Path abs) {
        return cwd.relativize(abs).toString();
    }
}
