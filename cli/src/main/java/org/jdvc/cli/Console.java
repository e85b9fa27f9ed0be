package org.jdvc.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where commands write: normal output on stdout (silenced by {@code -q}), warnings and errors on stderr as DVC does
 * ({@code WARNING: ...}, {@code ERROR: ...}), debug lines only with {@code -v}.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private boolean quiet;
    private boolean verbose;

    Console(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    void configure(boolean quiet, boolean verbose) {
        this.quiet |= quiet;
        this.verbose |= verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean verbose() {
        return verbose;
    }

    /** A line of normal output; nothing with {@code -q}. */
    public void println(String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    /** Output that is the command's result (e.g. {@code config get}, JSON): printed even with {@code -q}. */
    public void result(String line) {
        out.println(line);
    }

    public void warn(String message) {
        err.println("WARNING: " + message);
    }

    public void error(String message) {
        err.println("ERROR: " + message);
    }

    public void debug(String message) {
        if (verbose) {
            err.println("DEBUG: " + message);
        }
    }

    /** The raw standard output, for bytes passed through (a stage command's output); not affected by {@code -q}. */
    public PrintStream stdout() {
        return out;
    }

    /** The raw standard error, for bytes passed through. */
    public PrintStream stderr() {
        return err;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** True when stderr is a terminal, so progress may be drawn (never when piped, or in CI). */
    public boolean interactive() {
        return isTerminal() && !quiet && env.get("CI") == null;
    }

    // NOTE: since JDK 22 System.console() may return a console when the streams are redirected; isTerminal() tells.
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /**
     * Asks a yes/no question on stdout (no newline, as DVC) and reads the answer from the terminal; without a
     * terminal nobody can answer, so it returns false right after printing the question.
     */
    public boolean confirm(String question) {
        out.print(question + " [y/n]: ");
        out.flush();
        if (!isTerminal()) {
            return false;
        }
        String answer = System.console().readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
