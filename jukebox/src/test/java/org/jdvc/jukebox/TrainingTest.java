package org.jdvc.jukebox;

import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.Mlp;
import org.jdvc.jukebox.train.Trainer;
import org.jdvc.jukebox.train.Training;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A model trained on small synthetic data learns the country tastes, and its ONNX export scores the same. */
class TrainingTest {
    private static List<Song> songs;
    private static List<Ranking> rankings;
    private static Training.Result result;

    @BeforeAll
    static void train() {
        SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(7).withSongs(2_000).withDays(60));
        songs = gen.songs();
        rankings = gen.rankings(songs, 2);
        result = new Training().songs(songs).rankings(rankings)
                .options(Trainer.Options.defaults(7).withEpochs(15).withThreads(2)).call();
    }

    @Test
    void beatsTheMajorityBaselineOnHeldOutSongs() {
        var e = result.evaluation();
        System.out.println("jukebox small training: " + e.summary() + ", trained in " + result.trainTime());
        assertThat(e.rows()).isGreaterThan(1_000);
        // NOTE: every national playlist has 50 rows a day, so the majority class is worth about 1/72; the tastes
        // make the right country far more predictable than that.
        assertThat(e.accuracy()).isGreaterThan(2 * e.baselineAccuracy());
        assertThat(e.top5()).isGreaterThan(2 * e.baselineTop5());
        assertThat(e.countries()).hasSize(72);
    }

    @Test
    void onnxExportScoresLikeTheJavaModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        OnnxExport.write(result.model(), file);
        int n = result.heldOut().size();
        float[] x = new float[n * Feature.COUNT];
        for (int i = 0; i < n; i++) {
            result.scaler().scale(result.heldOut().features().get(i), x, i * Feature.COUNT);
        }
        float[] expected = result.model().predict(x, n);
        try (OnnxModel onnx = new OnnxModel(file)) {
            assertThat(onnx.inputs()).extracting(OnnxModel.Signature::name).containsExactlyElementsOf(Feature.names());
            List<OnnxModel.Output> out = onnx.score(x, n);
            assertThat(out).hasSize(1);
            assertThat(out.getFirst().name()).isEqualTo("output");
            assertThat(out.getFirst().shape()).containsExactly(n, 72);
            float[] actual = out.getFirst().data();
            for (int k = 0; k < expected.length; k++) {
                assertThat(actual[k]).isCloseTo(expected[k], within(1e-5f));
            }
        }
    }

    @Test
    void sameSeedSameNetworkWhateverTheThreads() {
        List<Song> few = songs.subList(0, 600);
        Training.Result one = new Training().songs(few).rankings(rankings)
                .options(Trainer.Options.defaults(3).withEpochs(2).withThreads(1)).call();
        Training.Result two = new Training().songs(few).rankings(rankings)
                .options(Trainer.Options.defaults(3).withEpochs(2).withThreads(2)).call();
        Mlp a = one.model(), b = two.model();
        for (int l = 0; l < a.layers(); l++) {
            assertThat(b.weights(l)).containsExactly(a.weights(l));
            assertThat(b.biases(l)).containsExactly(a.biases(l));
        }
    }
}
