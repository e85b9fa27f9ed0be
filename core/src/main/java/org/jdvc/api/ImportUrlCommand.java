package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import org.jdvc.repo.TrackedFiles;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc import-url URL [out]}: tracks a file or directory from outside the project (spec §5.2, §10) in a frozen
 * import stage {@code <out>.dvc}: one dependency on the URL carrying the source's native checksum ({@code etag} for
 * s3, {@code checksum} for http(s), {@code md5} for local paths and ssh; directories: the {@code .dir} md5 of a
 * manifest keyed by it, with {@code size} and {@code nfiles}), one output, and the stage checksum (§1.4).
 *
 * <p>URLs: see {@link UrlSource}. The dependency {@code path} is the URL as given; a local path is written relative
 * to the {@code .dvc} file's folder unless it was given absolute and lies outside the project (DVC's rule, fixture
 * 05). Modes: by default the data is downloaded into the cache and checked out at {@code out}; {@code --to-remote}
 * uploads it to a remote instead and keeps it in neither the workspace nor the cache; {@code --no-download} records
 * the dependency's checksum but no data (the output has no hash); {@code --no-exec} records neither. The output is
 * git-ignored in every mode, so a later {@code pull} does not leave an untracked file.
 *
 * <p>Not supported yet: {@code --version-aware} (cloud versioning: {@code version_id} in {@code files:} lists) fails
 * with a message. Errors are one line (the "already exists" refusal keeps DVC's two lines), exit 1, and leave the
 * project untouched.
 */
public final class ImportUrlCommand {
    private final Repository repo;
    private final Path cwd;
    private String url;
    private String out;
    private boolean force;
    private boolean toRemote;
    private String remote;
    private boolean noExec;
    private boolean noDownload;
    private boolean versionAware;
    private Integer jobs;
    private final Map<String, String> fsConfig = new LinkedHashMap<>();
    private BiConsumer<String, String> announce = (from, to) -> { };

    ImportUrlCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public ImportUrlCommand url(String value) {
        this.url = value;
        return this;
    }

    /** Where to put the data (a folder means {@code folder/<basename of url>}); default the URL's basename. */
    public ImportUrlCommand out(String path) {
        this.out = path;
        return this;
    }

    /** {@code -f}: overwrite an existing output and {@code .dvc} file. */
    public ImportUrlCommand force(boolean value) {
        this.force = value;
        return this;
    }

    public ImportUrlCommand toRemote(boolean value) {
        this.toRemote = value;
        return this;
    }

    /** {@code -r}: the remote {@code --to-remote} uploads to; default the default remote. */
    public ImportUrlCommand remote(String name) {
        this.remote = name;
        return this;
    }

    public ImportUrlCommand noExec(boolean value) {
        this.noExec = value;
        return this;
    }

    public ImportUrlCommand noDownload(boolean value) {
        this.noDownload = value;
        return this;
    }

    public ImportUrlCommand versionAware(boolean value) {
        this.versionAware = value;
        return this;
    }

    public ImportUrlCommand jobs(Integer n) {
        this.jobs = n;
        return this;
    }

    /** {@code --fs-config name=value}: options for the source's file system, recorded as the dependency's {@code fs_config}. */
    public ImportUrlCommand fsConfig(Map<String, String> options) {
        fsConfig.putAll(options);
        return this;
    }

    /**
     * Called once the arguments are checked, before any data moves, with the source as DVC shows it (absolute path
     * for local sources) and the output as given: DVC's {@code Importing 'from' -> 'to'} line.
     */
    public ImportUrlCommand announce(BiConsumer<String, String> listener) {
        this.announce = listener;
        return this;
    }

    /** The stage file written and the files that belong in git (it and the {@code .gitignore}). */
    public record ImportResult(Path dvcFile, List<Path> gitFiles) {
    }

    public ImportResult call() {
        if (url == null || url.isEmpty()) {
            throw new JdvcException("the following arguments are required: url", JdvcException.BAD_ARGUMENTS);
        }
        checkOptions(toRemote, remote, noExec, noDownload, versionAware);
        try (RepoLock lock = repo.lock()) {
            repo.sweepStaleTemps(false);
            try {
                return run();
            } catch (IOException e) {
                throw failure(IoErrors.describe(e), e);
            } catch (UncheckedIOException e) {
                throw failure(String.valueOf(e.getCause().getMessage()), e);
            } catch (JdvcException e) {
                throw failure(e.getMessage(), e);
            }
        }
    }

    static void checkOptions(boolean toRemote, String remote, boolean noExec, boolean noDownload,
            boolean versionAware) {
        if (toRemote && (noExec || noDownload || versionAware)) {
            throw new JdvcException("--no-exec/--no-download/--version-aware cannot be combined with --to-remote",
                    JdvcException.FAILED);
        }
        if (remote != null && !toRemote) {
            throw new JdvcException("--remote can't be used without --to-remote", JdvcException.FAILED);
        }
        if (noExec && noDownload) {
            throw new JdvcException("--no-exec and --no-download can't be combined", JdvcException.FAILED);
        }
        if (versionAware) {
            throw new JdvcException("--version-aware (cloud versioning) is not supported by jdvc yet",
                    JdvcException.FAILED);
        }
    }

    private ImportResult run() throws IOException {
        Path outPath = cwd.resolve(out != null ? out : basename(url)).normalize();
        if (out != null && Files.isDirectory(outPath)) {
            outPath = outPath.resolve(basename(url));
        }
        String shownOut = out != null ? out : basename(url);
        if (!force && Files.exists(outPath, LinkOption.NOFOLLOW_LINKS)) {
            throw failure("The file '" + shownOut + "' already exists locally. \nTo override it, re-run with "
                    + "'--force'.", null);
        }
        checkOutput(outPath);
        Path dvcFile = outPath.resolveSibling(outPath.getFileName() + ".dvc");
        if (!force && Files.exists(dvcFile)) {
            throw failure("'" + cwd.relativize(dvcFile) + "' already exists. Use `-f|--force` to overwrite.", null);
        }
        Path stageDir = dvcFile.getParent();
        String depPath = dependencyPath(url, stageDir);
        String outRel = outPath.getFileName().toString();
        try (UrlSource source = UrlSource.open(repo, stageDir, depPath, fsConfig)) {
            UrlSource.State state = noExec ? null : source.state(ImportTransfer.jobs(jobs));
            announce.accept(source.display(), shownOut);
            Dependency dep = Dependency.of(depPath, null, null, null, false);
            Output output = Output.of(outRel, null, null, null, false);
            CheckoutRecord record = CheckoutRecord.load(repo);
            if (state != null) {
                dep = UpdateCommand.dependencyAt(dep, state);
                if (toRemote) {
                    ImportTransfer.Imported imported = new ImportTransfer(repo, jobs).toRemote(source, state, remote,
                            failurePrefix());
                    output = Output.of(outRel, imported.hash(), imported.size(), imported.nfiles(), false);
                } else if (!noDownload) {
                    ImportTransfer.Imported imported = new ImportTransfer(repo, jobs).intoWorkspace(source, state,
                            outPath, record);
                    output = Output.of(outRel, imported.hash(), imported.size(), imported.nfiles(), false);
                }
            }
            if (!fsConfig.isEmpty()) {
                dep = dep.withFsConfig(new LinkedHashMap<>(fsConfig));
            }
            DvcFile stage = new DvcFile(null, null, true, List.of(dep), List.of(output), false, null, null);
            stage = stage.withMd5(StageChecksum.compute(stage.toDict()));
            AtomicFiles.writeString(dvcFile, stage.toYaml());
            TrackedFiles.read(dvcFile, repo.root());
            Set<Path> gitFiles = new LinkedHashSet<>();
            gitFiles.add(dvcFile);
            if (repo.scm().isGit()) {
                new GitIgnoreFile(repo.scm()).ensureIgnored(outPath).ifPresent(gitFiles::add);
            }
            record.save();
            repo.flush();
            if (repo.config().autostage()) {
                repo.scm().add(List.copyOf(gitFiles));
            }
            return new ImportResult(dvcFile, List.copyOf(gitFiles));
        }
    }

    /** The output must be a plain path inside the project that no other stage tracks (its own stage aside). */
    private void checkOutput(Path outPath) {
        if (!outPath.startsWith(repo.root()) || outPath.equals(repo.root()) || !repo.containment().contains(outPath)) {
            throw failure("Cached output(s) outside of DVC project: " + outPath + ".", null);
        }
        String name = outPath.getFileName().toString();
        if (name.endsWith(".dvc") || name.equals("dvc.yaml") || name.equals("dvc.lock")
                || outPath.startsWith(repo.dvcDir())) {
            throw failure("DVC file '" + cwd.relativize(outPath) + "' cannot be an output.", null);
        }
        Path ownStage = outPath.resolveSibling(name + ".dvc");
        OutputIndex index = OutputIndex.collect(repo);
        List<TrackedOutput> clashes = new ArrayList<>(index.inside(outPath));
        index.containing(outPath).ifPresent(clashes::add);
        index.at(outPath).ifPresent(clashes::add);
        clashes.removeIf(o -> o.file().path().equals(ownStage));
        if (!clashes.isEmpty()) {
            TrackedOutput o = clashes.getFirst();
            throw failure("output '" + cwd.relativize(outPath) + "' overlaps output '" + cwd.relativize(o.path())
                    + "' of '" + cwd.relativize(o.file().path()) + "'", null);
        }
    }

    /**
     * The dependency path to record: a URL as given; a local path relative to the stage's folder, except an absolute
     * path outside the project, which stays as given.
     */
    private String dependencyPath(String given, Path stageDir) {
        if (given.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            return given;
        }
        Path abs = cwd.resolve(given).normalize();
        if (Path.of(given).isAbsolute() && !abs.startsWith(repo.root())) {
            return given;
        }
        return stageDir.relativize(abs).toString().replace('\\', '/');
    }

    /** The last path segment of a URL or path, trailing slashes ignored. */
    static String basename(String url) {
        String trimmed = url.replaceFirst("[/\\\\]+$", "");
        int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return cut < 0 ? trimmed : trimmed.substring(cut + 1);
    }

    private String failurePrefix() {
        return "failed to import " + url + ". You could also try downloading it manually, and adding it with "
                + "`dvc add`. - ";
    }

    private JdvcException failure(String detail, Exception cause) {
        if (cause instanceof JdvcException j && j.getMessage() != null && j.getMessage().startsWith(failurePrefix())) {
            return j;
        }
        int code = cause instanceof JdvcException j ? j.exitCode() : JdvcException.FAILED;
        return new JdvcException(failurePrefix() + detail, code, cause);
    }
}
