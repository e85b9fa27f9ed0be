package org.jdvc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real git, for tests: a fixed identity and dates so it works on a bare CI machine. */
final class Git {
    private Git() {
    }

    static Map<String, String> identity() {
        return Map.of("GIT_AUTHOR_NAME", "Test Bot", "GIT_AUTHOR_EMAIL", "test@example.com",
                "GIT_COMMITTER_NAME", "Test Bot", "GIT_COMMITTER_EMAIL", "test@example.com",
                "GIT_CONFIG_NOSYSTEM", "1");
    }

    static String run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "init.defaultBranch=main", "-c",
                "commit.gpgsign=false", "-c", "advice.detachedHead=false"));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(identity());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
