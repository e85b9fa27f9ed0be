package org.jdvc.cli.commands;

import org.jdvc.JdvcException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.config.ConfigLevel;
import org.jdvc.config.ConfigName;
import org.jdvc.config.ConfigOperations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "config", description = "Get or set config options.")
public final class ConfigCmd extends BaseCommand {
    @Mixin
    ConfigLevelOptions levelOptions;

    @Option(names = {"-u", "--unset"}, description = "Unset option.")
    boolean unset;

    @Option(names = {"-l", "--list"}, description = "List all defined config values.")
    boolean list;

    @Option(names = "--show-origin", description = "Show the source file containing each config value.")
    boolean showOrigin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "name", description = "Option name (section.option or "
            + "remote.name.option).")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "value", description = "Option value.")
    String value;

    @Override
    protected int execute() {
        ConfigLevel level = levelOptions.level();
        if (list && (name != null || value != null || unset)) {
            throw new JdvcException("-l/--list can't be used together with any of these options: -u/--unset, name, "
                    + "value");
        }
        if (showOrigin && (value != null || unset)) {
            throw new JdvcException("--show-origin can't be used together with any of these options: -u/--unset, "
                    + "value");
        }
        ConfigOperations ops = ConfigLevelOptions.operations(ctx, level);
        if (list) {
            for (ConfigOperations.Entry e : ops.list(level)) {
                console().result((showOrigin ? e.origin() + "\t" : "") + e.name() + "=" + e.value());
            }
            return 0;
        }
        if (name == null) {
            throw new JdvcException("the following arguments are required: name", JdvcException.BAD_ARGUMENTS);
        }
        ConfigName parsed = ConfigName.parse(name);
        if (unset) {
            ops.unset(level, parsed);
        } else if (value == null) {
            ops.get(level, parsed).ifPresent(e -> console().result((showOrigin ? e.origin() + "\t" : "")
                    + e.value()));
        } else {
            ops.set(level, parsed, value);
        }
        return 0;
    }
}
