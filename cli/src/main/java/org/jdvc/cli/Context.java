package org.jdvc.cli;

import java.nio.file.Path;
import java.util.Map;

/** What a command needs from the process: working directory (after {@code --cd}), environment and console. */
public final class Context {
    private final Path startDir;
    private final Map<String, String> env;
    private final Console console;
    private final GlobalOptions global;

    Context(Path startDir, Map<String, String> env, Console console, GlobalOptions global) {
        this.startDir = startDir;
        this.env = env;
        this.console = console;
        this.global = global;
    }

    /** The directory the command works in: the process's, or the one given with {@code --cd}. */
    public Path cwd() {
        return global.cd == null ? startDir : startDir.resolve(global.cd).normalize();
    }

    public Map<String, String> env() {
        return env;
    }

    public Console console() {
        return console;
    }
}
