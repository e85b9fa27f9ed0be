package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitCli;

/**
 * {@code dvc install}: writes the git hooks DVC installs — {@code post-checkout} (checkout after a branch checkout),
 * {@code pre-commit} (status) and {@code pre-push} (push) — each a two-line {@code sh} script that hands over to
 * {@code <launcher> git-hook <name> "$@"}, as DVC's {@code exec dvc git-hook <name> $@} does.
 *
 * <p>The launcher is written as given (the {@code jdvc} launcher exports its own absolute path as
 * {@code JDVC_LAUNCHER}), so a hook does not depend on the PATH git runs it with. Hooks go where git looks for them
 * ({@code git rev-parse --git-path hooks}). An existing hook is never overwritten: the command then fails and writes
 * nothing.
 */
public final class InstallCommand {
    /** The hooks, in the order they are written. */
    public static final List<String> HOOKS = List.of("post-checkout", "pre-commit", "pre-push");

    private final Repository repo;
    private String launcher = "jdvc";

    InstallCommand(Repository repo) {
        this.repo = repo;
    }

    /** The command the hooks run, e.g. {@code /opt/jdvc/jdvc}; default {@code jdvc} from the PATH. */
    public InstallCommand launcher(String command) {
        this.launcher = command;
        return this;
    }

    /** @return the hook files written */
    public List<Path> call() {
        GitCli git = GitCli.find(repo.root()).orElseThrow(() -> new JdvcException(
                "Only supported for Git repositories. Not a git repository: '" + repo.root() + "'"));
        Path hooks = git.hooksDir();
        for (String name : HOOKS) {
            if (Files.exists(hooks.resolve(name))) {
                throw new JdvcException("Hook '" + name + "' already exists. Please refer to "
                        + "<https://man.dvc.org/install> for more info.");
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(hooks);
            for (String name : HOOKS) {
                Path hook = hooks.resolve(name);
                AtomicFiles.write(hook, script(name).getBytes(StandardCharsets.UTF_8));
                Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
                written.add(hook);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /** The script of one hook: the launcher quoted for {@code sh}, git's arguments passed on as given. */
    String script(String name) {
        return "#!/bin/sh\nexec '" + launcher.replace("'", "'\\''") + "' git-hook " + name + " \"$@\"\n";
    }
}
