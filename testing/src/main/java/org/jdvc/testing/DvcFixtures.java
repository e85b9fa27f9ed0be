package org.jdvc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The repositories made by the real DVC 3.64 (see fixtures/README.md in this module's resources): tarballs holding
 * {@code NN-name/repo} (git work tree, {@code .git}, {@code .dvc/cache}) and {@code NN-name/remote}.
 */
public final class DvcFixtures {
    public static final String SINGLE_FILE = "01-single-file";
    public static final String NESTED_DIR = "02-nested-dir";
    public static final String TWO_VERSIONS = "03-two-versions";
    public static final String PIPELINE = "04-pipeline";
    public static final String IMPORTS = "05-imports";

    private DvcFixtures() {
    }

    /**
     * Unpacks fixture {@code name} into {@code dir} with the real {@code tar} (keeps modes, so cache objects stay 0444)
     * and returns {@code dir/name}.
     */
    public static Path unpack(String name, Path dir) throws IOException {
        Path tarball = dir.resolve(name + ".tar.gz");
        try (InputStream in = DvcFixtures.class.getResourceAsStream("fixtures/" + name + ".tar.gz")) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            Files.copy(in, tarball, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Process p = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("tar failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Files.delete(tarball);
        return dir.resolve(name);
    }
}
