package org.jdvc.jukebox.serve;

import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.train.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ONNX Runtime in a fresh JVM whose command line is long, as a pipeline stage's {@code java -cp <every jar>} is: the
 * environment's creation used to overflow {@code main}'s stack there (SIGSEGV, exit 139).
 */
class OnnxModelProcessTest {
    @TempDir
    Path dir;

    @Test
    void loadsAndScoresInAJvmWithALongCommandLine() throws Exception {
        Path file = dir.resolve("m.onnx");
        OnnxExport.write(new Mlp(new int[] {13, 8, 72}, 5), file);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // NOTE: 12,000 characters: three times the jukebox class path that crashed, whatever the class path is here
        String pad = "-Djukebox.pad=" + "x".repeat(12_000);
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", pad, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("outputs 1 x 72");
    }

    /** The child JVM: loads the model given as argument and scores one song. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            try (OnnxModel m = new OnnxModel(Path.of(args[0]))) {
                List<OnnxModel.Output> out = m.score(new float[13], 1);
                System.out.println("outputs " + out.getFirst().shape()[0] + " x " + out.getFirst().shape()[1]);
            }
        }
    }
}
