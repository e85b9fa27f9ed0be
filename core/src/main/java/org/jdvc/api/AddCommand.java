package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.internal.IoErrors;
import org.jdvc.repo.RepoLock;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.CacheWriter;
import org.jdvc.repo.CheckoutRecord;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedFiles;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceHasher;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc add}: hashes files and directories, stores them in the cache, writes their {@code .dvc} files and
 * git-ignores them. A path inside an already tracked directory updates that directory's {@code .dvc} file.
 */
public final class AddCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private boolean glob;
    private String out;
    private boolean noCommit;
    private boolean toRemote;
    private String remote;
    private Integer jobs;

    AddCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public AddCommand targets(String... paths) {
        targets.addAll(List.of(paths));
        return this;
    }

    public AddCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public AddCommand glob(boolean value) {
        this.glob = value;
        return this;
    }

    /** {@code -o}: copy the (single) target, which may be outside the repository, to this workspace path. */
    public AddCommand out(String path) {
        this.out = path;
        return this;
    }

    public AddCommand noCommit(boolean value) {
        this.noCommit = value;
        return this;
    }

    /**
     * {@code --to-remote}: the (single) target is a URL or path whose data goes straight to the remote (the default
     * one, or {@link #remote}) without passing through the workspace or the cache; {@code <out>.dvc} records it as
     * a plain output ({@code -o}, default the URL's basename), which a later {@code pull} brings into the workspace.
     */
    public AddCommand toRemote(boolean value) {
        this.toRemote = value;
        return this;
    }

    /** {@code -r}: the remote for {@link #toRemote}. */
    public AddCommand remote(String name) {
        this.remote = name;
        return this;
    }

    /** {@code -j}: parallel transfers for {@link #toRemote}. */
    public AddCommand jobs(Integer n) {
        this.jobs = n;
        return this;
    }

    /** The files the operation wrote that belong in git (the {@code .dvc} files and {@code .gitignore}s). */
    public record AddResult(List<Path> gitFiles, List<Path> dvcFiles) {
    }

    public AddResult call() {
        if (targets.isEmpty()) {
            throw new JdvcException("the following arguments are required: targets", JdvcException.BAD_ARGUMENTS);
        }
        if (remote != null && !toRemote) {
            throw new JdvcException("--remote can't be used without --to-remote");
        }
        if (toRemote) {
            return addToRemote();
        }
        try (RepoLock lock = repo.lock()) {
            repo.sweepStaleTemps(false);
            List<Path> paths = expand();
            Set<Path> gitFiles = new LinkedHashSet<>();
            List<Path> dvcFiles = new ArrayList<>();
            OutputIndex index = OutputIndex.collect(repo);
            if (out != null) {
                if (paths.size() != 1) {
                    throw new JdvcException("-o/--out can only be used with a single target");
                }
                Path dest = cwd.resolve(out).normalize();
                checkInsideRepo(dest);
                copyInto(paths.getFirst(), dest);
                paths = List.of(dest);
            }
            for (Path abs : paths) {
                checkTarget(abs, index);
            }
            // NOTE: a path a pipeline stage produces belongs to that stage (DVC refuses a second owner).
            org.jdvc.pipeline.StageOutputs.checkNotProduced(org.jdvc.pipeline.Project.pipelineFiles(repo), paths,
                    cwd);
            CheckoutRecord record = CheckoutRecord.load(repo);
            for (Path abs : paths) {
                addOne(abs, index, gitFiles, dvcFiles, record);
                index = OutputIndex.collect(repo);
            }
            record.save();
            repo.flush();
            if (repo.config().autostage()) {
                repo.scm().add(gitFiles);
            }
            return new AddResult(List.copyOf(gitFiles), dvcFiles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AddResult addToRemote() {
        if (targets.size() != 1 || glob) {
            throw new JdvcException("--to-remote can only be used with a single target");
        }
        String url = targets.getFirst();
        String name = out != null ? out : ImportUrlCommand.basename(url);
        Path outPath = cwd.resolve(name).normalize();
        checkInsideRepo(outPath);
        Path dvcFile = outPath.resolveSibling(outPath.getFileName() + ".dvc");
        String failure = "failed to add " + url + " to the remote - ";
        try (RepoLock lock = repo.lock(); UrlSource source = UrlSource.open(repo, cwd, url, java.util.Map.of())) {
            UrlSource.State state = source.state(ImportTransfer.jobs(jobs));
            ImportTransfer.Imported imported = new ImportTransfer(repo, jobs).toRemote(source, state, remote, failure);
            Output output = Output.of(outPath.getFileName().toString(), imported.hash(), imported.size(),
                    imported.nfiles(), false);
            AtomicFiles.writeString(dvcFile, DvcFile.of(List.of(output)).toYaml());
            TrackedFiles.read(dvcFile, repo.root());
            Set<Path> gitFiles = new LinkedHashSet<>();
            gitFiles.add(dvcFile);
            if (repo.scm().isGit()) {
                new GitIgnoreFile(repo.scm()).ensureIgnored(outPath).ifPresent(gitFiles::add);
            }
            if (repo.config().autostage()) {
                repo.scm().add(List.copyOf(gitFiles));
            }
            return new AddResult(List.copyOf(gitFiles), List.of(dvcFile));
        } catch (IOException e) {
            throw new JdvcException(failure + IoErrors.describe(e), JdvcException.FAILED, e);
        } catch (JdvcException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(failure) ? e
                    : new JdvcException(failure + e.getMessage(), e.exitCode(), e);
        }
    }

    private List<Path> expand() throws IOException {
        List<Path> result = new ArrayList<>();
        for (String t : targets) {
            String target = t.endsWith("/") && t.length() > 1 ? t.substring(0, t.length() - 1) : t;
            if (glob && (target.contains("*") || target.contains("?") || target.contains("["))) {
                List<Path> matches = globMatches(target);
                if (matches.isEmpty()) {
                    throw new JdvcException("Glob ['" + t + "'] has no matches.");
                }
                result.addAll(matches);
            } else {
                result.add(cwd.resolve(target).normalize());
            }
        }
        return result;
    }

    private List<Path> globMatches(String pattern) throws IOException {
        Path base = cwd;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(p -> !p.equals(base) && m.matches(base.relativize(p)))
                    .filter(p -> !p.toString().contains("/.git/") && !p.toString().contains("/.dvc/"))
                    .sorted().toList();
        }
    }

    /**
     * The containment rule ({@link org.jdvc.repo.Containment}): inside the workspace by name and by the real path of
     * its parent folder, so {@code add d/x} with {@code d} a symlink to elsewhere writes neither the cache link nor
     * {@code x.dvc} there.
     */
    private void checkInsideRepo(Path abs) {
        repo.containment().check(abs, "", abs.toString());
    }

    private void checkTarget(Path abs, OutputIndex index) {
        checkInsideRepo(abs);
        String shown = cwd.relativize(abs).toString();
        if (abs.getFileName().toString().endsWith(".dvc") || abs.getFileName().toString().equals("dvc.yaml")
                || abs.getFileName().toString().equals("dvc.lock")) {
            throw new JdvcException("DVC file '" + shown + "' cannot be an output.");
        }
        if (abs.startsWith(repo.dvcDir())) {
            throw new JdvcException("output '" + shown + "' is inside the '.dvc' directory");
        }
        if (!Files.exists(abs)) {
            throw new JdvcException("output '" + shown + "' does not exist: [Errno 2] No such file or directory: '"
                    + abs + "'");
        }
        List<TrackedOutput> inside = index.inside(abs);
        if (!inside.isEmpty()) {
            TrackedOutput o = inside.getFirst();
            throw new JdvcException("cannot add '" + shown + "': it overlaps output '"
                    + cwd.relativize(o.path()) + "' of '" + cwd.relativize(o.file().path()) + "'");
        }
        if (index.containing(abs).isEmpty() && repo.scm().isTracked(abs)) {
            throw new JdvcException(" output '" + shown + "' is already tracked by SCM (e.g. Git). You can remove "
                    + "it from Git, then add to DVC: git rm -r --cached '" + shown + "' && git commit -m \"stop "
                    + "tracking " + shown + "\"");
        }
    }

    private void addOne(Path abs, OutputIndex index, Set<Path> gitFiles, List<Path> dvcFiles, CheckoutRecord record)
            throws IOException {
        Optional<TrackedOutput> owner = index.containing(abs);
        TrackedOutput existing = owner.orElseGet(() -> index.at(abs).orElse(null));
        Path outPath = existing != null ? existing.path() : abs;
        boolean granular = owner.isPresent();
        Output previous = existing == null ? null : existing.output();
        String hashName = previous != null && previous.isLegacy() ? HashInfo.MD5_DOS2UNIX : HashInfo.MD5;
        WorkspaceHasher hasher = new WorkspaceHasher(repo);
        CacheWriter writer = noCommit ? null : new CacheWriter(repo, true);
        HashedPath hashed = hasher.hash(outPath, hashName, writer == null ? null : writer.sink());
        if (hashed == null) {
            throw new JdvcException("output '" + cwd.relativize(outPath) + "' does not exist");
        }
        if (hashName.equals(HashInfo.MD5_DOS2UNIX) && !hashed.hash().equals(previous.hash())) {
            // NOTE: a legacy entry stays legacy only while its data is unchanged; changed data switches to md5.
            hashName = HashInfo.MD5;
            hashed = hasher.hash(outPath, hashName, writer == null ? null : writer.sink());
        }
        if (writer != null) {
            writer.store(outPath, hashed);
        }
        Output updated;
        if (previous == null) {
            String rel = outPath.getFileName().toString();
            updated = Output.of(rel, hashed.hash(), hashed.size(), hashed.isDir() ? (long) hashed.nfiles() : null,
                    hashed.isExec());
        } else {
            // NOTE: DVC drops `size` when a file inside a tracked directory is added on its own (granular add).
            updated = previous.withHash(hashed.hash()).withMeta(granular ? null : hashed.size(),
                    hashed.isDir() ? (long) hashed.nfiles() : null, hashed.isExec());
        }
        Path dvcFile;
        String text;
        if (existing != null) {
            TrackedFile tf = existing.file();
            dvcFile = tf.path();
            List<Output> outs = new ArrayList<>(tf.content().outs());
            outs.set(existing.index(), updated);
            DvcFile content = tf.content().withOuts(outs);
            text = DvcFile.rewrite(tf.text(), content);
        } else {
            dvcFile = outPath.resolveSibling(outPath.getFileName() + ".dvc");
            text = DvcFile.of(List.of(updated)).toYaml();
        }
        String old = Files.exists(dvcFile) ? Files.readString(dvcFile) : null;
        if (!text.equals(old)) {
            AtomicFiles.writeString(dvcFile, text);
        }
        TrackedFiles.read(dvcFile, repo.root());
        dvcFiles.add(dvcFile);
        gitFiles.add(dvcFile);
        if (repo.scm().isGit()) {
            Optional<Path> gi = new GitIgnoreFile(repo.scm()).ensureIgnored(outPath);
            gi.ifPresent(gitFiles::add);
        }
        relinkIfNeeded(outPath, hashed);
        record.put(repo.relpath(outPath), hashed.hash().value());
    }

    private void relinkIfNeeded(Path outPath, HashedPath hashed) throws IOException {
        if (noCommit) {
            return;
        }
        List<String> types = repo.config().cacheTypes();
        if (types.isEmpty() || types.getFirst().equals("reflink") || types.getFirst().equals("copy")) {
            return;
        }
        new CheckoutCommand(repo, cwd).relinkOutput(outPath, hashed.hash(), hashed.isExec());
    }

    private void copyInto(Path source, Path dest) throws IOException {
        if (!Files.exists(source)) {
            throw new JdvcException("output '" + source + "' does not exist");
        }
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.toList()) {
                    Path d = dest.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(d);
                    } else {
                        AtomicFiles.copy(p, d);
                    }
                }
            }
        } else {
            Files.createDirectories(dest.getParent());
            AtomicFiles.copy(source, dest);
        }
    }
}
