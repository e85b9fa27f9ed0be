package org.jdvc.jukebox.project;

import org.jdvc.cli.Cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A jukebox project directory: a git repository that jdvc tracks. Runs {@code git} as a process and jdvc through its
 * real command line ({@link Cli}, in-process: same parsing, messages and exit codes as {@code ./jdvc}, without a JVM
 * start per command). Each command and its output go to the log, so a reader sees exactly what ran.
 */
public final class Project {
    private final Path dir;
    private final Map<String, String> env;
    private final Consumer<String> log;
    /** Whether git has a user.email for this repository; looked up once. */
    private Boolean identity;
    static final String FALLBACK_NAME = "jukebox", FALLBACK_EMAIL = "jukebox@jdvc.invalid";

    /**
     * @param dir the repository's root
     * @param env environment seen by jdvc (credentials of S3 remotes, for example)
     * @param log receives each command ({@code $ ...}) and its output lines, indented
     */
    public Project(Path dir, Map<String, String> env, Consumer<String> log) {
        this.dir = dir.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.log = log;
    }

    public Path dir() {
        return dir;
    }

    public Consumer<String> log() {
        return log;
    }

    /** The environment jdvc and the stages see (credentials of S3 remotes, the PATH that finds {@code jukebox}). */
    public Map<String, String> env() {
        return env;
    }

    /** jdvc's Java API on this project, with this project's environment. */
    public org.jdvc.api.Jdvc api() {
        return org.jdvc.api.Jdvc.open(dir, env);
    }

    /** Runs {@code jdvc args} in the project; returns its output; throws when it exits non-zero. */
    public String jdvc(String... args) {
        log.accept("$ jdvc " + String.join(" ", args));
        List<String> full = new ArrayList<>(List.of("--cd", dir.toString()));
        full.addAll(List.of(args));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int code = new Cli(dir, env, ps, ps).run(full.toArray(String[]::new));
        String out = buf.toString(StandardCharsets.UTF_8);
        echo(out);
        if (code != 0) {
            throw new ProjectException("jdvc " + String.join(" ", args) + " exited with " + code + ": " + out.strip());
        }
        return out;
    }

    /** Runs {@code jdvc args} without logging (queries such as {@code config}); returns its output. */
    public String jdvcQuiet(String... args) {
        List<String> full = new ArrayList<>(List.of("--cd", dir.toString()));
        full.addAll(List.of(args));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int code = new Cli(dir, env, ps, ps).run(full.toArray(String[]::new));
        String out = buf.toString(StandardCharsets.UTF_8);
        if (code != 0) {
            throw new ProjectException("jdvc " + String.join(" ", args) + " exited with " + code + ": " + out.strip());
        }
        return out;
    }

    /** Runs {@code git args} in the project, logged; returns its standard output; throws when it fails. */
    public String git(String... args) {
        log.accept("$ git " + String.join(" ", args));
        String out = gitQuiet(args);
        echo(out);
        return out;
    }

    /** Runs {@code git args} without logging (queries such as {@code rev-parse}); returns its standard output. */
    public String gitQuiet(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
                "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main"));
        // NOTE: the user's own name goes into commits, tags and the registry's "author"; a placeholder only where git
        // has none (a fresh machine, CI), since git would refuse to commit
        if (!hasIdentity()) {
            cmd.addAll(List.of("-c", "user.name=" + FALLBACK_NAME, "-c", "user.email=" + FALLBACK_EMAIL));
        }
        cmd.addAll(List.of(args));
        return run(cmd, args);
    }

    /** The identity git records for this repository's commits: {@code Name <email>}. */
    public String author() {
        String ident = gitQuiet("var", "GIT_AUTHOR_IDENT").strip();
        int end = ident.lastIndexOf('>');
        return end < 0 ? ident : ident.substring(0, end + 1);
    }

    /**
     * Fails with a one-line message unless the project is the top of a git work tree: the registry keeps versions
     * as git tags and lineage as commits.
     */
    public void requireGitRepository() {
        String top;
        try {
            top = run(List.of("git", "rev-parse", "--show-toplevel"), new String[] {"rev-parse"}).strip();
        } catch (ProjectException e) {
            throw new ProjectException(dir + " is not a git repository (the registry keeps versions as git tags)");
        }
        if (!Path.of(top).toAbsolutePath().normalize().equals(dir)) {
            throw new ProjectException(dir + " is not the root of its git repository (" + top + ")");
        }
    }

    private boolean hasIdentity() {
        if (identity == null) {
            List<String> probe = List.of("git", "config", "--get", "user.email");
            boolean email;
            try {
                email = !run(probe, new String[] {"config"}).isBlank();
            } catch (ProjectException e) {
                email = false;
            }
            identity = email;
        }
        return identity;
    }

    private String run(List<String> cmd, String[] args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            pb.redirectError(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            // NOTE: stderr is read on another thread so neither pipe can fill up and block git.
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete("");
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ProjectException("git " + String.join(" ", args) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new ProjectException("git " + String.join(" ", args) + " failed: " + err.join().strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProjectException("interrupted while running git");
        }
    }

    /** The full commit id of {@code rev}. */
    public String commitOf(String rev) {
        return gitQuiet("rev-parse", "--verify", rev + "^{commit}").strip();
    }

    private void echo(String out) {
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                log.accept("  " + line);
            }
        }
    }

    /** A command of the project failed; the message names it and its output. */
    public static final class ProjectException extends RuntimeException {
        public ProjectException(String message) {
            super(message);
        }
    }
}
