package org.jdvc.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jdvc.cli.Console;
import org.jdvc.repo.Repository;

/**
 * DVC's hint after a command changed files that belong in git (unless {@code core.autostage} staged them). DVC's
 * order varies between runs; jdvc sorts the paths.
 */
final class GitHints {
    private GitHints() {
    }

    static void print(Console console, Repository repo, Path cwd, List<Path> files) {
        print(console, repo, cwd, files, true);
    }

    /** As {@link #print(Console, Repository, Path, List)}; {@code repro} omits the first blank line (it just printed one). */
    static void print(Console console, Repository repo, Path cwd, List<Path> files, boolean leadingBlank) {
        if (files.isEmpty() || repo.config().autostage() || !repo.scm().isGit()) {
            return;
        }
        String list = files.stream().map(p -> cwd.relativize(p).toString()).sorted().distinct()
                .collect(Collectors.joining(" "));
        if (leadingBlank) {
            console.println("");
        }
        console.println("To track the changes with git, run:");
        console.println("");
        console.println("\tgit add " + list);
        console.println("");
        console.println("To enable auto staging, run:");
        console.println("");
        console.println("\tdvc config core.autostage true");
    }
}
