package org.jdvc.jukebox.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MlpTest {

    /** Backpropagation agrees with central finite differences of the loss, for every layer and both losses. */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void gradientsMatchFiniteDifferences(Loss lossFunction) {
        int[] sizes = {5, 7, 6, 4};
        Mlp mlp = new Mlp(sizes, 1);
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 3;
        float[] x = new float[n * 5], y = new float[n * 4];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rnd.nextDouble();
        }
        // NOTE: soft targets that sum to 1 per row, as a song's country shares do
        for (int r = 0; r < n; r++) {
            double total = 0;
            for (int k = 0; k < 4; k++) {
                y[r * 4 + k] = rnd.nextInt(3);
                total += y[r * 4 + k];
            }
            for (int k = 0; k < 4; k++) {
                y[r * 4 + k] = total == 0 ? 0.25f : (float) (y[r * 4 + k] / total);
            }
        }
        // NOTE: non-zero biases so that no hidden unit sits exactly at the ReLU kink
        for (float[] b : mlp.biases) {
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) (rnd.nextDouble() * 0.2 - 0.05);
            }
        }
        float[][] gw = mlp.zerosLike(true), gb = mlp.zerosLike(false);
        mlp.backward(x, y, n, 1f, lossFunction, new float[mlp.layers()][], gw, gb);
        double eps = 1e-3;
        int checked = 0;
        for (int l = 0; l < mlp.layers(); l++) {
            for (int k = 0; k < mlp.weights[l].length; k += 3) {
                float saved = mlp.weights[l][k];
                mlp.weights[l][k] = (float) (saved + eps);
                double up = loss(lossFunction, mlp, x, y, n);
                mlp.weights[l][k] = (float) (saved - eps);
                double down = loss(lossFunction, mlp, x, y, n);
                mlp.weights[l][k] = saved;
                double numeric = (up - down) / (2 * eps);
                assertThat((double) gw[l][k]).as("layer %d weight %d", l, k)
                        .isCloseTo(numeric, within(2e-3 + 0.02 * Math.abs(numeric)));
                checked++;
            }
            for (int k = 0; k < mlp.biases[l].length; k++) {
                float saved = mlp.biases[l][k];
                mlp.biases[l][k] = (float) (saved + eps);
                double up = loss(lossFunction, mlp, x, y, n);
                mlp.biases[l][k] = (float) (saved - eps);
                double down = loss(lossFunction, mlp, x, y, n);
                mlp.biases[l][k] = saved;
                assertThat((double) gb[l][k]).isCloseTo((up - down) / (2 * eps), within(2e-3));
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    /** The losses written out independently of {@link Loss}: Keras' definitions. */
    private static double loss(Loss lossFunction, Mlp mlp, float[] x, float[] y, int n) {
        float[] p = mlp.predict(x, n);
        int k = p.length / n;
        double loss = 0;
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += p[r * k + j];
            }
            for (int j = 0; j < k; j++) {
                int i = r * k + j;
                loss -= lossFunction == Loss.BINARY ? (y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i])) / k
                        : y[i] * Math.log(p[i] / sum);
            }
        }
        return loss;
    }

    @Test
    void predictionsAreSigmoidScores() {
        Mlp mlp = new Mlp(new int[] {13, 32, 72}, 4);
        float[] p = mlp.predict(new float[26], 2);
        assertThat(p).hasSize(144);
        for (float v : p) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void scalerScalesAndRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        double[] a = {0, 100, 0, 0, 0, -10, 0, 0, 0, 0, 0, 0, 50};
        double[] b = {1, 300, 1, 1, 11, -2, 1, 1, 1, 1, 1, 1, 50};
        MinMaxScaler s = MinMaxScaler.fit(List.of(a, b));
        float[] out = new float[13];
        s.scale(new double[] {1, 200, 0.5, 0, 11, -6, 1, 0, 0, 0, 0, 0, 50}, out, 0);
        assertThat(out[1]).isEqualTo(0.5f);
        assertThat(out[4]).isEqualTo(1f);
        assertThat(out[5]).isEqualTo(0.5f);
        assertThat(out[12]).as("constant feature").isZero();
        s.write(dir.resolve("scaler.json"));
        MinMaxScaler back = MinMaxScaler.read(dir.resolve("scaler.json"));
        assertThat(back.min()).containsExactly(s.min());
        assertThat(back.max()).containsExactly(s.max());
        java.nio.file.Files.writeString(dir.resolve("bad.json"), "{\"features\":[\"tempo\"],\"min\":[1],\"max\":[2]}");
        assertThatThrownBy(() -> MinMaxScaler.read(dir.resolve("bad.json"))).isInstanceOf(java.io.IOException.class);
    }
}
