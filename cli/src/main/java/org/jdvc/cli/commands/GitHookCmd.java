package org.jdvc.cli.commands;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Cli;
import org.jdvc.repo.NotARepositoryException;
import org.jdvc.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code git-hook NAME [ARGS...]}: what the hooks {@code install} writes run. Outside a DVC repository every hook does
 * nothing (a branch without {@code .dvc/}); {@code pre-commit} runs {@code status}, {@code pre-push} runs
 * {@code push}, {@code post-checkout} runs {@code checkout} only for a branch checkout (git's third argument, or
 * pre-commit's {@code PRE_COMMIT_CHECKOUT_TYPE}, is {@code 1}) outside an interactive rebase.
 */
@Command(name = "git-hook", description = "Run GIT hook.")
public final class GitHookCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "hook", description = "post-checkout, pre-commit or pre-push")
    String hook;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "args", description = "Arguments git passes")
    List<String> args = new ArrayList<>();

    @Override
    protected int execute() {
        Repository repo;
        try {
            repo = Repository.find(ctx.cwd(), ctx.env());
        } catch (NotARepositoryException e) {
            return 0;
        }
        String command = switch (hook) {
            case "pre-commit" -> "status";
            case "pre-push" -> "push";
            case "post-checkout" -> {
                String flag = ctx.env().get("PRE_COMMIT_CHECKOUT_TYPE");
                if (flag == null && args.size() >= 3) {
                    flag = args.get(2);
                }
                // NOTE: a file checkout (flag 0) or a rebase in progress must not have its workspace rewritten
                boolean rebasing = Files.isDirectory(repo.root().resolve(".git").resolve("rebase-merge"));
                yield "1".equals(flag) && !rebasing ? "checkout" : null;
            }
            default -> throw new org.jdvc.JdvcException("unknown git hook '" + hook + "'");
        };
        if (command == null) {
            return 0;
        }
        // NOTE: a hook is its own process: the command runs as if typed, writing to this process's streams.
        return new Cli(ctx.cwd(), ctx.env(), System.out, System.err).run(command);
    }
}
