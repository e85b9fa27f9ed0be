package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdvc.JdvcException;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.repo.RepoLock;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.CheckoutRecord;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc move}: renames a tracked file or directory together with its {@code .dvc} file (when that file is
 * named after the output) and its {@code .gitignore} entry.
 */
public final class MoveCommand {
    private final Repository repo;
    private final Path cwd;
    private String src;
    private String dst;

    MoveCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public MoveCommand from(String path) {
        this.src = path;
        return this;
    }

    public MoveCommand to(String path) {
        this.dst = path;
        return this;
    }

    /** Files to stage in git: the new and old {@code .dvc} files and the changed {@code .gitignore}s. */
    public record MoveResult(List<Path> gitFiles) {
    }

    public MoveResult call() {
        try (RepoLock lock = repo.lock()) {
            Path from = cwd.resolve(src).normalize();
            Path to = cwd.resolve(dst).normalize();
            OutputIndex index = OutputIndex.collect(repo);
            TrackedOutput out = index.at(from).orElseThrow(() -> new JdvcException("failed to move '" + src
                    + "' -> '" + dst + "' - Unable to find DVC file with output '" + src + "'"));
            if (Files.isDirectory(to)) {
                to = to.resolve(from.getFileName());
            }
            if (!to.startsWith(repo.root()) || to.equals(repo.root()) || !repo.containment().contains(to)) {
                throw new JdvcException("failed to move '" + src + "' -> '" + dst + "' - destination is outside "
                        + "the repository");
            }
            Path oldDvc = out.file().path();
            boolean renameDvc = oldDvc.getFileName().toString().equals(from.getFileName() + ".dvc");
            Path newDvc = renameDvc ? to.resolveSibling(to.getFileName() + ".dvc") : oldDvc;
            Path base = newDvc.getParent();
            List<Output> outs = new ArrayList<>(out.file().content().outs());
            String rel = base.relativize(to).toString().replace('\\', '/');
            outs.set(out.index(), out.output().withPath(rel));
            DvcFile content = out.file().content().withOuts(outs);
            String text = renameDvc ? content.toYaml() : DvcFile.rewrite(out.file().text(), content);

            Set<Path> gitFiles = new LinkedHashSet<>();
            if (Files.exists(from)) {
                Files.createDirectories(to.getParent());
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
            AtomicFiles.writeString(newDvc, text);
            if (renameDvc) {
                Files.delete(oldDvc);
            }
            if (repo.scm().isGit()) {
                new GitIgnoreFile(repo.scm()).remove(from).ifPresent(gitFiles::add);
                new GitIgnoreFile(repo.scm()).ensureIgnored(to).ifPresent(gitFiles::add);
            }
            gitFiles.add(newDvc);
            if (renameDvc) {
                gitFiles.add(oldDvc);
            }
            CheckoutRecord record = CheckoutRecord.load(repo);
            String oid = record.entries().remove(repo.relpath(from));
            if (oid != null) {
                record.put(repo.relpath(to), oid);
            }
            record.save();
            if (repo.config().autostage()) {
                repo.scm().add(gitFiles);
            }
            return new MoveResult(List.copyOf(gitFiles));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
