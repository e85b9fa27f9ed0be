package org.jdvc.cli;

import org.jdvc.JdvcException;
import org.jdvc.internal.IoErrors;
import picocli.CommandLine;

/** The one place that turns failures into a one-line message and DVC's exit code. */
final class ErrorReporter {
    private final Console console;
    private final GlobalOptions global;

    ErrorReporter(Console console, GlobalOptions global) {
        this.console = console;
        this.global = global;
    }

    /** argparse-style error: usage on stdout, the error on stderr, exit 254 (as DVC). */
    int usageError(CommandLine cl, String message) {
        cl.usage(console.out());
        console.error(message);
        return JdvcException.BAD_ARGUMENTS;
    }

    int report(JdvcException e) {
        // NOTE: DVC prefixes configuration errors raised while loading or editing config with this phrase.
        String prefix = e instanceof org.jdvc.config.ConfigException ? "configuration error - " : "";
        console.error(prefix + e.getMessage());
        if (global.verbose) {
            e.printStackTrace(console.err());
        }
        return e.exitCode();
    }

    int unexpected(Throwable e) {
        java.io.IOException io = IoErrors.find(e);
        if (io != null) {
            // NOTE: a file system's refusal (full, read-only, failing disk) is no bug: say which file and why, with
            // DVC's exit code for an OSError
            console.error(IoErrors.describe(io));
            if (global.verbose) {
                e.printStackTrace(console.err());
            }
            return JdvcException.REFUSED;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        console.error("unexpected error - " + detail.lines().findFirst().orElse(""));
        if (global.verbose) {
            e.printStackTrace(console.err());
        }
        return JdvcException.REFUSED;
    }
}
