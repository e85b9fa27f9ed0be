package org.jdvc.cli.commands;

import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;

/** {@code install}: git hooks calling this jdvc's launcher ({@code JDVC_LAUNCHER}, else {@code jdvc} on the PATH). */
@Command(name = "install", description = "Install DVC git hooks into the repository.")
public final class InstallCmd extends BaseCommand {
    @Override
    protected int execute() {
        String launcher = ctx.env().getOrDefault("JDVC_LAUNCHER", "jdvc");
        Jdvc.open(ctx.cwd(), ctx.env()).install().launcher(launcher).call();
        return 0;
    }
}
