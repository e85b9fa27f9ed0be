package org.jdvc.cli.commands;

import java.nio.file.Path;
import org.jdvc.JdvcException;
import org.jdvc.cli.Context;
import org.jdvc.config.ConfigLevel;
import org.jdvc.config.ConfigOperations;
import org.jdvc.repo.Repository;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --global | --system | --project | --local}, shared by config, remote and cache commands. */
final class ConfigLevelOptions {
    static final class Exclusive {
        @Option(names = "--global", description = "Use global config.")
        boolean global;

        @Option(names = "--system", description = "Use system config.")
        boolean system;

        @Option(names = "--project", description = "Use project config (.dvc/config).")
        boolean project;

        @Option(names = "--local", description = "Use local config (.dvc/config.local).")
        boolean local;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Exclusive level;

    /** The chosen level, or null for DVC's default (read merged, write project). */
    ConfigLevel level() {
        if (level == null) {
            return null;
        }
        if (level.global) {
            return ConfigLevel.GLOBAL;
        }
        if (level.system) {
            return ConfigLevel.SYSTEM;
        }
        return level.local ? ConfigLevel.LOCAL : ConfigLevel.REPO;
    }

    /** The operations for the repository around the working directory, or for user-level config outside one. */
    static ConfigOperations operations(Context ctx, ConfigLevel level) {
        Path dvcDir = null;
        try {
            dvcDir = Repository.find(ctx.cwd(), ctx.env()).dvcDir();
        } catch (JdvcException e) {
            if (level == null || level.isRepoLevel()) {
                throw e;
            }
        }
        return new ConfigOperations(dvcDir, ctx.cwd(), ctx.env());
    }
}
