package org.jdvc.jukebox.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MlpTest {

    /** Backpropagation agrees with central finite differences of the loss, for every layer. */
    @Test
    void gradientsMatchFiniteDifferences() {
        int[] sizes = {5, 7, 6, 4};
        Mlp mlp = new Mlp(sizes, 1);
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 3;
        float[] x = new float[n * 5], y = new float[n * 4];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rnd.nextDouble();
        }
        for (int k = 0; k < y.length; k++) {
            y[k] = rnd.nextInt(2);
        }
        // NOTE: non-zero biases so that no hidden unit sits exactly at the ReLU kink
        for (float[] b : mlp.biases) {
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) (rnd.nextDouble() * 0.2 - 0.05);
            }
        }
        float[][] gw = mlp.zerosLike(true), gb = mlp.zerosLike(false);
        mlp.backward(x, y, n, 1f, new float[mlp.layers()][], gw, gb);
        double eps = 1e-3;
        int checked = 0;
        for (int l = 0; l < mlp.layers(); l++) {
            for (int k = 0; k < mlp.weights[l].length; k += 3) {
                float saved = mlp.weights[l][k];
                mlp.weights[l][k] = (float) (saved + eps);
                double up = loss(mlp, x, y, n);
                mlp.weights[l][k] = (float) (saved - eps);
                double down = loss(mlp, x, y, n);
                mlp.weights[l][k] = saved;
                double numeric = (up - down) / (2 * eps);
                assertThat((double) gw[l][k]).as("layer %d weight %d", l, k)
                        .isCloseTo(numeric, within(2e-3 + 0.02 * Math.abs(numeric)));
                checked++;
            }
            for (int k = 0; k < mlp.biases[l].length; k++) {
                float saved = mlp.biases[l][k];
                mlp.biases[l][k] = (float) (saved + eps);
                double up = loss(mlp, x, y, n);
                mlp.biases[l][k] = (float) (saved - eps);
                double down = loss(mlp, x, y, n);
                mlp.biases[l][k] = saved;
                assertThat((double) gb[l][k]).isCloseTo((up - down) / (2 * eps), within(2e-3));
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    private static double loss(Mlp mlp, float[] x, float[] y, int n) {
        float[] p = mlp.predict(x, n);
        double loss = 0;
        for (int k = 0; k < p.length; k++) {
            loss -= y[k] * Math.log(p[k]) + (1 - y[k]) * Math.log(1 - p[k]);
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
