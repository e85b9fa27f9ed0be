package org.jdvc.cli.commands;

import org.jdvc.cli.BaseCommand;
import org.jdvc.config.ConfigLevel;
import org.jdvc.config.ConfigOperations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remote", description = "Set up and manage data remotes.",
        subcommands = {RemoteCmd.Add.class, RemoteCmd.ListRemotes.class, RemoteCmd.Modify.class,
            RemoteCmd.Remove.class, RemoteCmd.Default.class, RemoteCmd.Rename.class})
public final class RemoteCmd {
    /** Base of the remote sub-commands: the config level options and the operations object. */
    abstract static class RemoteSub extends BaseCommand {
        @Mixin
        ConfigLevelOptions levelOptions;

        ConfigLevel level() {
            return levelOptions.level();
        }

        ConfigOperations ops() {
            return ConfigLevelOptions.operations(ctx, level());
        }
    }

    @Command(name = "add", description = "Add a new data remote.")
    public static final class Add extends RemoteSub {
        @Option(names = {"-d", "--default"}, description = "Set as default remote.")
        boolean makeDefault;

        @Option(names = {"-f", "--force"}, description = "Force overwriting existing configs")
        boolean force;

        @Parameters(index = "0", paramLabel = "name", description = "Name of the remote")
        String name;

        @Parameters(index = "1", paramLabel = "url", description = "Remote location.")
        String url;

        @Override
        protected int execute() {
            ConfigOperations ops = ops();
            if (makeDefault) {
                console().println(ConfigOperations.defaultRemoteNotice(name));
            }
            ops.remoteAdd(level(), name, url, makeDefault, force);
            return 0;
        }
    }

    @Command(name = "list", description = "List all available data remotes.")
    public static final class ListRemotes extends RemoteSub {
        @Override
        protected int execute() {
            for (ConfigOperations.Remote r : ops().remoteList(level())) {
                console().result(r.line());
            }
            return 0;
        }
    }

    @Command(name = "modify", description = "Modify the configuration of a data remote.")
    public static final class Modify extends RemoteSub {
        @Option(names = {"-u", "--unset"}, description = "Unset option.")
        boolean unset;

        @Parameters(index = "0", paramLabel = "name", description = "Name of the remote")
        String name;

        @Parameters(index = "1", paramLabel = "option", description = "Name of the option to modify.")
        String option;

        @Parameters(index = "2", arity = "0..1", paramLabel = "value", description = "(optional) Value of the "
                + "option.")
        String value;

        @Override
        protected int execute() {
            if (unset) {
                ops().remoteModifyUnset(level(), name, option);
            } else {
                ops().remoteModify(level(), name, option, value);
            }
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a data remote.")
    public static final class Remove extends RemoteSub {
        @Parameters(index = "0", paramLabel = "name", description = "Name of the remote to remove.")
        String name;

        @Override
        protected int execute() {
            ops().remoteRemove(level(), name);
            return 0;
        }
    }

    @Command(name = "default", description = "Set/unset the default data remote.")
    public static final class Default extends RemoteSub {
        @Option(names = {"-u", "--unset"}, description = "Unset default remote.")
        boolean unset;

        @Parameters(index = "0", arity = "0..1", paramLabel = "name", description = "Name of the remote")
        String name;

        @Override
        protected int execute() {
            if (unset) {
                ops().remoteUnsetDefault(level());
                return 0;
            }
            if (name != null) {
                ops().remoteSetDefault(level(), name);
                return 0;
            }
            var current = ops().remoteDefault(level());
            if (current.isEmpty()) {
                console().result("No default remote set");
                return 1;
            }
            console().result(current.get());
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a DVC remote")
    public static final class Rename extends RemoteSub {
        @Parameters(index = "0", paramLabel = "name", description = "Remote to be renamed")
        String name;

        @Parameters(index = "1", paramLabel = "new", description = "New name of the remote")
        String newName;

        @Override
        protected int execute() {
            ops().remoteRename(level(), name, newName);
            return 0;
        }
    }
}
