package org.jdvc.cli.commands;

import org.jdvc.cli.BaseCommand;
import org.jdvc.config.ConfigLevel;
import org.jdvc.config.ConfigOperations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cache", description = "Manage cache settings.", subcommands = CacheCmd.Dir.class)
public final class CacheCmd {
    @Command(name = "dir", description = "Configure cache directory location.")
    public static final class Dir extends BaseCommand {
        @Mixin
        ConfigLevelOptions levelOptions;

        @Option(names = {"-u", "--unset"}, description = "Unset option.")
        boolean unset;

        @Parameters(arity = "0..1", paramLabel = "value", description = "Path to cache directory.")
        String value;

        @Override
        protected int execute() {
            ConfigLevel level = levelOptions.level();
            ConfigOperations ops = ConfigLevelOptions.operations(ctx, level);
            if (unset) {
                ops.unsetCacheDir(level);
            } else if (value != null) {
                ops.setCacheDir(level, value);
            } else {
                console().result(ops.cacheDir(level));
            }
            return 0;
        }
    }
}
