package org.jdvc.jukebox.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the repository's launchers ({@code bin/jukebox}, {@code bin/jdvc}) as processes, as a user's shell would.
 * They run the jars {@code mvn package} made; the launchers' own rebuild-on-change is switched off here so that a test
 * never starts Maven inside Maven.
 */
final class Launchers {
    /** Exit code and output of one run. */
    record Run(int code, String out, String err) {
    }

    private Launchers() {
    }

    /** The repository's root: the folder holding {@code bin/jukebox}, above the module's folder. */
    static Path root() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/jukebox"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/jukebox not found above " + System.getProperty("user.dir"));
    }

    /** {@code bin} of the repository first on the PATH, builds and AOT recording off. */
    static Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("PATH", root().resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JUKEBOX_SKIP_BUILD", "1");
        env.put("JDVC_SKIP_BUILD", "1");
        env.put("JDVC_AOT", "0");
        env.remove("JUKEBOX_LAUNCHER");
        return env;
    }

    static Run run(Path cwd, List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment());
        Path out = Files.createTempFile("launcher", ".out"), err = Files.createTempFile("launcher", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; output so far:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
