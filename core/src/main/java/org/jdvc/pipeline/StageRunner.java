package org.jdvc.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one command line of a stage through {@code /bin/sh -c} in the stage's working directory, with the process
 * environment plus {@code DVC_ROOT}, copying the command's stdout and stderr to the given streams as they arrive.
 * Stdin is the null device (a stage never waits for input). Thread-safe; each call starts its own process.
 */
final class StageRunner {
    private final Map<String, String> env;
    private final Path root;

    StageRunner(Map<String, String> env, Path root) {
        this.env = env;
        this.root = root;
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @return the exit code
     */
    int run(String command, Path wdir, OutputStream out, OutputStream err) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(wdir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("DVC_ROOT", root.toString());
        try {
            Process p = pb.start();
            Thread errPump = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), err));
            pump(p.getInputStream(), out);
            errPump.join();
            return p.waitFor();
        } catch (IOException e) {
            throw new PipelineException("failed to run: " + command + ", " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while running: " + command, e);
        }
    }

    private static void pump(InputStream in, OutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
