package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdvc.JdvcException;
import org.jdvc.hash.StageChecksum;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.model.Dependency;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc import URL path [-o out] [--rev R] [--no-exec] [--no-download] [--force]}: copies data another DVC
 * repository tracks into this one and records where it came from in {@code <out>.dvc}, exactly as DVC writes it
 * (spec §5.2): stage {@code md5}, {@code frozen: true}, {@code deps[0].repo.url/rev/rev_lock}, and the output.
 *
 * <p>Nothing is written when the source, revision or path is wrong or the data cannot be obtained: the objects are
 * fetched into the cache first, the {@code .dvc} file after, the workspace linked last.
 */
public final class ImportCommand {
    private final Repository repo;
    private final Path cwd;
    private String url;
    private String path;
    private String out;
    private String rev;
    private boolean noExec;
    private boolean noDownload;
    private boolean force;

    ImportCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public ImportCommand url(String value) {
        this.url = value;
        return this;
    }

    /** The path in the source repository (relative to its root). */
    public ImportCommand path(String value) {
        this.path = value;
        return this;
    }

    /** {@code -o}: destination; default the source path's file name in the working directory. */
    public ImportCommand out(String value) {
        this.out = value;
        return this;
    }

    public ImportCommand rev(String value) {
        this.rev = value;
        return this;
    }

    /** {@code --no-exec}: write the {@code .dvc} file only (no rev_lock, no hash, no data). */
    public ImportCommand noExec(boolean value) {
        this.noExec = value;
        return this;
    }

    /** {@code --no-download}: resolve the revision and write the {@code .dvc} file, but fetch no data. */
    public ImportCommand noDownload(boolean value) {
        this.noDownload = value;
        return this;
    }

    public ImportCommand force(boolean value) {
        this.force = value;
        return this;
    }

    /** @param gitFiles what belongs in git (the .dvc file, .gitignore) */
    public record ImportResult(Path dvcFile, Path out, List<Path> gitFiles) {
    }

    public ImportResult call() {
        String src = normalize(path);
        Path outPath = cwd.resolve(out != null ? out : Path.of(src).getFileName().toString()).toAbsolutePath()
                .normalize();
        if (Files.isDirectory(outPath) && out != null) {
            outPath = outPath.resolve(Path.of(src).getFileName().toString());
        }
        if (!outPath.startsWith(repo.root()) || !repo.containment().contains(outPath)) {
            throw fail("the output '" + out + "' is outside of the repository", null);
        }
        Path dvcFile = outPath.resolveSibling(outPath.getFileName() + ".dvc");
        if (!force && (Files.exists(outPath) || Files.exists(dvcFile))) {
            throw fail("The file '" + cwd.relativize(outPath) + "' already exists locally. \nTo override it, re-run "
                    + "with '--force'.", null);
        }
        DvcFile content = resolveAndFetch(repo, cwd, url, src, rev, outPath, noExec, noDownload);
        List<Path> gitFiles = write(repo, dvcFile, content, null);
        if (!noExec && !noDownload) {
            new CheckoutCommand(repo, cwd).targets(List.of(dvcFile.toString())).force(true).call();
        }
        if (repo.config().autostage()) {
            repo.scm().add(gitFiles);
        }
        return new ImportResult(dvcFile, outPath, gitFiles);
    }

    private JdvcException fail(String detail, Throwable cause) {
        return new JdvcException("failed to import '" + path + "' from '" + url + "' - " + detail,
                JdvcException.FAILED, cause);
    }

    /**
     * Resolves {@code rev} in the source, finds {@code src} there, fetches its objects into this cache (unless told
     * not to) and returns the stage to write. Errors are one line naming the path and URL.
     */
    static DvcFile resolveAndFetch(Repository repo, Path cwd, String url, String src, String rev, Path outPath,
                                   boolean noExec, boolean noDownload) {
        String outRel = outPath.getFileName().toString();
        String prefix = "failed to import '" + src + "' from '" + url + "' - ";
        try (ExternalRepo ext = ExternalRepo.open(url, cwd, repo.env())) {
            String lock = null;
            Output output = Output.of(outRel, null, null, null, false);
            if (!noExec) {
                lock = ext.resolve(rev);
                Optional<ExternalRepo.Found> found = ext.find(lock, src);
                if (found.isEmpty()) {
                    throw new JdvcException(prefix + "'" + src + "' is not tracked by DVC at revision '"
                            + (rev == null ? "HEAD" : rev) + "' of '" + url + "'");
                }
                ExternalRepo.Found f = found.get();
                if (!noDownload) {
                    ext.fetch(lock, f, repo.cache());
                    output = Output.of(outRel, f.hash(), f.size(), f.nfiles(), f.isExec());
                    if (f.size() == null && !f.hash().isDir()) {
                        output = Output.of(outRel, f.hash(), Files.size(repo.cache().pathOf(f.hash())), null,
                                f.isExec());
                    } else if (f.derived() != null) {
                        output = Output.of(outRel, f.hash(), null, f.nfiles(), false);
                    }
                }
            }
            Dependency dep = Dependency.ofRepo(src, new Dependency.Repo(url, rev, lock, null, null));
            DvcFile stage = new DvcFile(null, null, true, List.of(dep), List.of(output), false, null, null);
            return stage.withMd5(StageChecksum.compute(stage.toDict()));
        } catch (JdvcException e) {
            if (e.getMessage().startsWith("failed to import")) {
                throw e;
            }
            throw new JdvcException(prefix + e.getMessage(), JdvcException.FAILED, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the stage (over {@code oldText} keeping its layout when given) and the output's .gitignore entry. */
    static List<Path> write(Repository repo, Path dvcFile, DvcFile content, String oldText) {
        List<Path> gitFiles = new ArrayList<>();
        try {
            String text = oldText == null ? content.toYaml() : DvcFile.rewrite(oldText, content);
            AtomicFiles.writeString(dvcFile, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gitFiles.add(dvcFile);
        if (repo.scm().isGit()) {
            Path outPath = dvcFile.resolveSibling(content.outs().getFirst().path()).normalize();
            new GitIgnoreFile(repo.scm()).ensureIgnored(outPath).ifPresent(gitFiles::add);
        }
        return gitFiles;
    }

    static String normalize(String p) {
        String s = p.replace('\\', '/');
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return s.startsWith("./") ? s.substring(2) : s;
    }
}
