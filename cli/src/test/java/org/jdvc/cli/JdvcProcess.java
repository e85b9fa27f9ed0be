package org.jdvc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** jdvc as a separate JVM ({@code org.jdvc.cli.Main} on the test's class path), for what only a process shows. */
final class JdvcProcess {
    private JdvcProcess() {
    }

    record Finished(int exit, String out, String err) {
    }

    /** Starts {@code args} in {@code cwd} with exactly {@code env} (use CliRunner's, which isolates user config). */
    static Process start(Path cwd, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "org.jdvc.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    static Finished finish(Process p) throws IOException, InterruptedException {
        // NOTE: stderr is small; reading stdout to the end first cannot dead-lock. The wait bound is against a hung
        // test, not a timing assertion.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jdvc did not finish");
        }
        return new Finished(p.exitValue(), out, err);
    }

    static Finished run(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return finish(start(cwd, env, args));
    }
}
