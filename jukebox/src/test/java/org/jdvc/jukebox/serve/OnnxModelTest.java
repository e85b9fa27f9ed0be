package org.jdvc.jukebox.serve;

import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.train.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** One-song scoring reuses each thread's input tensors: every song must still get its own scores. */
class OnnxModelTest {
    @TempDir
    Path dir;

    /** ONNX Runtime's extracted copies of its libraries are deleted once loaded; the model still scores. */
    @Test
    void theExtractedNativeLibrariesLeaveTheTempFolderOnceLoaded() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(maps), "needs /proc");
        OnnxExport.write(new Mlp(new int[] {13, 4, 72}, 3), dir.resolve("m.onnx"));
        try (OnnxModel model = new OnnxModel(dir.resolve("m.onnx"))) {
            List<String> mapped = java.nio.file.Files.readAllLines(maps).stream()
                    .filter(l -> l.contains("/onnxruntime-java")).toList();
            assertThat(mapped).as("libraries loaded from an extracted copy").isNotEmpty();
            for (String line : mapped) {
                Path lib = Path.of(line.substring(line.indexOf('/')).replace(" (deleted)", "").strip());
                assertThat(lib).doesNotExist();
                assertThat(lib.getParent()).doesNotExist();
            }
            assertThat(model.score(new float[13], 1).getFirst().data()).hasSize(72);
        }
    }

    @Test
    void songAfterSongOnSeveralThreadsScoresLikeTheNetwork() throws Exception {
        Mlp mlp = new Mlp(new int[] {13, 16, 72}, 8);
        OnnxExport.write(mlp, dir.resolve("m.onnx"));
        try (OnnxModel model = new OnnxModel(dir.resolve("m.onnx"));
             ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                checked.add(pool.submit(() -> {
                    for (int s = 0; s < 50; s++) {
                        float[] x = new float[13];
                        for (int f = 0; f < 13; f++) {
                            x[f] = ((thread * 50 + s) * 31 + f * 7) % 97 / 97f;
                        }
                        float[] expected = mlp.predict(x, 1);
                        float[] got = model.score(x, 1).getFirst().data();
                        assertThat(got).hasSize(72);
                        for (int k = 0; k < 72; k++) {
                            assertThat(got[k]).isCloseTo(expected[k], within(1e-5f));
                        }
                    }
                    return 50;
                }));
            }
            for (Future<Integer> f : checked) {
                assertThat(f.get()).isEqualTo(50);
            }
            // a batch after one-song runs on the same threads is unaffected
            float[] two = new float[26];
            for (int k = 0; k < 26; k++) {
                two[k] = k / 26f;
            }
            float[] expected = mlp.predict(two, 2);
            float[] got = model.score(two, 2).getFirst().data();
            for (int k = 0; k < expected.length; k++) {
                assertThat(got[k]).isCloseTo(expected[k], within(1e-5f));
            }
        }
    }

    /**
     * The server scores each request on a new virtual thread: the reusable one-song inputs must be shared, not made
     * per thread (they once were, and a server grew by 13 native tensors and 700 MB of heap per minute).
     */
    @Test
    void oneSongInputsAreReusedAcrossThreads() throws Exception {
        OnnxExport.write(new Mlp(new int[] {13, 8, 72}, 3), dir.resolve("v.onnx"));
        try (OnnxModel model = new OnnxModel(dir.resolve("v.onnx"))) {
            for (int i = 0; i < 200; i++) {
                Thread t = Thread.ofVirtual().start(() -> {
                    try {
                        model.score(new float[13], 1);
                    } catch (ai.onnxruntime.OrtException e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.join();
            }
            assertThat(model.reusableInputs()).isEqualTo(1);
        }
    }
}
