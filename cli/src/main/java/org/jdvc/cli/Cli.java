package org.jdvc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.jdvc.JdvcException;
import picocli.CommandLine;

/**
 * Parses a command line and runs one command. Only the sub-command named on the command line is registered with
 * picocli ({@link CommandTable}): building the annotation model of every command would cost start-up time on each
 * run. Errors are printed by {@link ErrorReporter} as one line, with DVC's exit codes.
 */
public final class Cli {
    private final Path cwd;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public Cli(Path cwd, Map<String, String> env, PrintStream out, PrintStream err) {
        this.cwd = cwd;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code args} and returns the exit code; never throws. */
    public int run(String... args) {
        GlobalOptions global = new GlobalOptions();
        Console console = new Console(out, err, env);
        ErrorReporter reporter = new ErrorReporter(console, global);
        try {
            Context context = new Context(cwd, env, console, global);
            CommandLine.IFactory factory = new CommandFactory(context);
            RootCommand root = new RootCommand(global);
            CommandLine cl = new CommandLine(root, factory);
            String name = CommandTable.findCommandName(args);
            if (name != null) {
                CommandTable.Entry entry = CommandTable.get(name);
                if (entry == null) {
                    return reporter.usageError(cl, "argument command: invalid choice: '" + name + "' (choose from "
                            + CommandTable.quotedNames() + ")");
                }
                cl.addSubcommand(name, new CommandLine(entry.type(), factory));
            }
            cl.setExecutionExceptionHandler((ex, line, parsed) -> {
                throw ex;
            });
            CommandLine.ParseResult parsed;
            try {
                parsed = cl.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                return reporter.usageError(e.getCommandLine(), e.getMessage());
            }
            console.configure(global.quiet, global.verbose);
            CommandLine.ParseResult leaf = parsed;
            while (leaf.subcommand() != null) {
                leaf = leaf.subcommand();
            }
            if (leaf.isUsageHelpRequested()) {
                leaf.commandSpec().commandLine().usage(out);
                return 0;
            }
            if (parsed.isVersionHelpRequested()) {
                out.println(Version.VERSION);
                return 0;
            }
            if (parsed.subcommand() == null) {
                if (global.quiet || global.verbose || global.cd != null || args.length > 0) {
                    return reporter.usageError(cl, "the following arguments are required: command");
                }
                cl.usage(out);
                out.println("Commands:");
                out.println(CommandTable.listing().get());
                return 0;
            }
            Object userObject = leaf.commandSpec().userObject();
            if (userObject instanceof java.util.concurrent.Callable<?> callable) {
                Object result = callable.call();
                return result instanceof Integer i ? i : 0;
            }
            // a command group invoked without its sub-command
            return reporter.usageError(leaf.commandSpec().commandLine(), "the following arguments are required: "
                    + "command");
        } catch (JdvcException e) {
            return reporter.report(e);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return reporter.unexpected(e);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
