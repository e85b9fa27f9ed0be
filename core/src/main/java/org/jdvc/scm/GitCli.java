package org.jdvc.scm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jdvc.JdvcException;

/**
 * {@link Scm} backed by the {@code git} executable.
 *
 * <p>NOTE: a process per call costs a few milliseconds, but opening a repository with JGit costs ~220 ms of class
 * loading and JIT, and these calls happen only in mutating commands; a JGit-backed implementation comes with the
 * history features that need it.
 *
 * <p>Pathspec calls pass {@code --literal-pathspecs} so file names with glob characters mean themselves. Thread-safe
 * (stateless). Failures: git missing or exiting with an unexpected status raises {@link JdvcException} carrying git's
 * first stderr line.
 */
public final class GitCli implements Scm {
    private final Path root;
    private final String git;

    /** Uses {@code git} from the PATH on the working tree at {@code root}. */
    public GitCli(Path root) {
        this(root, "git");
    }

    /** Uses the given git executable on the working tree at {@code root}. */
    public GitCli(Path root, String gitExecutable) {
        this.root = root.toAbsolutePath().normalize();
        this.git = gitExecutable;
    }

    /** The working tree containing {@code dir}, or empty if {@code dir} is not inside one (or git is missing). */
    public static Optional<GitCli> find(Path dir) {
        Result r;
        try {
            r = run(dir.toAbsolutePath(), "git", List.of("rev-parse", "--show-toplevel"), 0, 128);
        } catch (JdvcException e) {
            return Optional.empty();
        }
        return r.status() == 0 ? Optional.of(new GitCli(Path.of(r.stdout().strip()))) : Optional.empty();
    }

    @Override
    public Path root() {
        return root;
    }

    /** The folder git runs hooks from ({@code core.hooksPath} honoured; a linked worktree's common folder). */
    public Path hooksDir() {
        return root.resolve(git(List.of("rev-parse", "--git-path", "hooks"), 0).stdout().strip()).normalize();
    }

    @Override
    public boolean isTracked(Path path) {
        Optional<String> rel = relative(path);
        if (rel.isEmpty()) {
            return false;
        }
        // NOTE: ls-files lists index entries at or below the path; --error-unmatch would also work but prints noise.
        Result r = git(List.of("ls-files", "-z", "--", rel.get().isEmpty() ? "." : rel.get()), 0);
        return !r.stdout().isEmpty();
    }

    @Override
    public boolean isIgnored(Path path) {
        Optional<String> rel = relative(path);
        if (rel.isEmpty() || rel.get().isEmpty()) {
            return false;
        }
        // exit 0: ignored, 1: not ignored
        return git(List.of("check-ignore", "-q", "--no-index", "--", rel.get()), 0, 1).status() == 0;
    }

    @Override
    public void add(Collection<Path> paths) {
        if (paths.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("add", "--"));
        for (Path p : paths) {
            args.add(relative(p).orElseThrow(
                    () -> new JdvcException("'" + p + "' is outside of the git repository '" + root + "'")));
        }
        git(args, 0);
    }

    /** POSIX path relative to the root, "" for the root itself, empty if outside. */
    private Optional<String> relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            // NOTE: git reports the root with symlinks resolved (/private/var on macOS, symlinked homes): retry
            // with the real path of the deepest existing ancestor before calling the path outside.
            absolute = realPathOfExistingPrefix(absolute);
            if (!absolute.startsWith(root)) {
                return Optional.empty();
            }
        }
        return Optional.of(root.relativize(absolute).toString().replace(absolute.getFileSystem().getSeparator(), "/"));
    }

    private static Path realPathOfExistingPrefix(Path absolute) {
        Path existing = absolute;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    private Result git(List<String> args, int... okStatuses) {
        return run(root, git, args, okStatuses);
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private static Result run(Path cwd, String git, List<String> args, int... okStatuses) {
        List<String> command = new ArrayList<>(List.of(git, "-c", "core.quotepath=false"));
        // NOTE: check-ignore takes path names, not pathspecs, and refuses the literal magic.
        if (!args.getFirst().equals("check-ignore") && !args.getFirst().equals("rev-parse")) {
            command.add(1, "--literal-pathspecs");
        }
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // NOTE: stderr is drained concurrently so a chatty git cannot block on a full pipe while we read stdout.
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            int status = p.waitFor();
            Result r = new Result(status, out, err.join());
            for (int ok : okStatuses) {
                if (status == ok) {
                    return r;
                }
            }
            String firstLine = r.stderr().strip().lines().findFirst().orElse("exit status " + status);
            throw new JdvcException("git " + String.join(" ", args) + " failed: " + firstLine);
        } catch (IOException e) {
            throw new JdvcException("Cannot run git: " + e.getMessage(), JdvcException.FAILED, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JdvcException("Interrupted while running git", JdvcException.FAILED, e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
