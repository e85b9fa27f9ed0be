package org.jdvc.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Process entry point: runs one command and exits with DVC's exit code. */
public final class Main {
    private Main() {
    }

    /** jdvc's own version. */
    public static String version() {
        return Version.VERSION;
    }

    /** The DVC release whose formats and behaviour jdvc follows. */
    public static String dvcVersion() {
        return Version.DVC_COMPATIBLE;
    }

    public static void main(String[] args) {
        // NOTE: core reports rare events through System.Logger (e.g. a corrupt cache object it removed); the JDK's
        // default format spends two lines and a timestamp on each. Must be set before java.util.logging starts.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        int code = new Cli(Path.of("").toAbsolutePath(), System.getenv(), out, err).run(args);
        out.flush();
        err.flush();
        // NOTE: halt, not exit: worker pools and shutdown hooks have nothing left to do once output is flushed,
        // and skipping them saves milliseconds on every command.
        if (System.getenv("JDVC_NO_HALT") != null) {
            System.exit(code); // lets profilers (JFR) write their recordings
        }
        Runtime.getRuntime().halt(code);
    }
}
