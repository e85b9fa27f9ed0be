package org.jdvc.cli.commands;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdvc.JdvcException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.repo.Repository;
import picocli.CommandLine.Command;

/** {@code version} / {@code doctor}: the version and an environment report for bug reports. */
@Command(name = "version", aliases = "doctor", description = "Display the DVC version and system/environment "
        + "information.")
public final class VersionCmd extends BaseCommand {
    @Override
    protected int execute() {
        console().result("jdvc version: " + org.jdvc.cli.Main.version() + " (DVC " + org.jdvc.cli.Main.dvcVersion()
                + " compatible)");
        console().result("-".repeat(50));
        console().result("Platform: Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") on "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        console().result("Supports:\n\tlocal");
        Repository repo = null;
        try {
            repo = Repository.find(ctx.cwd(), ctx.env());
        } catch (JdvcException e) {
            console().result("Repo: none (not inside a DVC repository)");
            return 0;
        }
        Path cache = repo.cache().root();
        console().result("Cache types: " + String.join(", ", repo.config().cacheTypes()));
        console().result("Cache directory: " + describe(cache));
        console().result("Caches: local");
        console().result("Remotes: " + (repo.config().remoteNames().isEmpty() ? "None"
                : String.join(", ", repo.config().remoteNames())));
        console().result("Workspace directory: " + describe(repo.root()));
        console().result("Repo: dvc" + (repo.scm().isGit() ? ", git" : ""));
        console().result("Repo.site_cache_dir: " + repo.privateDir());
        return 0;
    }

    private static String describe(Path dir) {
        try {
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing);
            return store.type() + " on " + store.name();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
