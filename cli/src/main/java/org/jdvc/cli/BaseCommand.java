package org.jdvc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * Base of every leaf command: the {@code -q}/{@code -v}/{@code -h} options DVC accepts after any command name, and
 * the {@link Context}. Subclasses only translate: parse, one api call, render.
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Be quiet.")
    protected boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Be verbose.")
    protected boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
    boolean help;

    protected Context ctx;

    public BaseCommand withContext(Context ctx) {
        this.ctx = ctx;
        return this;
    }

    @Override
    public final Integer call() throws Exception {
        ctx.console().configure(quiet, verbose);
        return execute();
    }

    protected Console console() {
        return ctx.console();
    }

    /** Runs the command and returns the exit code. */
    protected abstract int execute() throws Exception;
}
