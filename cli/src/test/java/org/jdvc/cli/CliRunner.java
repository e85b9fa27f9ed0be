package org.jdvc.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs jdvc's command line in-process, as a user would from {@code cwd}, capturing both streams and the exit code. */
final class CliRunner {
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>(System.getenv());

    CliRunner(Path home) {
        // NOTE: global/system config levels point into the test's own directories, never the real user's.
        env.put("DVC_GLOBAL_CONFIG_DIR", home.resolve("global").toString());
        env.put("DVC_SYSTEM_CONFIG_DIR", home.resolve("system").toString());
        env.put("HOME", home.toString());
        env.putAll(Git.identity());
        env.remove("CI");
    }

    Map<String, String> env() {
        return env;
    }

    Result run(Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(cwd, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
