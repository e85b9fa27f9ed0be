package org.jdvc.jukebox.train;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;

import java.util.SplittableRandom;

/**
 * The linear baseline: multinomial logistic regression from the 13 scaled features to the 72 countries ({@code
 * softmax(x W + b)}), fitted with mini-batch Adam on the same row-weighted cross-entropy and the same training songs
 * as the network. What the network gains over it is what its hidden layers learn; the majority baseline
 * ({@link Evaluation}) says what the features are worth at all. Deterministic for a seed.
 */
public final class SoftmaxRegression {
    private static final int EPOCHS = 40, BATCH = 64;
    private static final double LEARNING_RATE = 0.01;

    private final float[] w = new float[Feature.COUNT * Countries.COUNT];
    private final float[] b = new float[Countries.COUNT];

    private SoftmaxRegression() {
    }

    /** Fits the model to {@code set} ({@code x}: its scaled features, row-major {@code [n][13]}). */
    public static SoftmaxRegression fit(float[] x, LabeledSongs set, long seed) {
        SoftmaxRegression m = new SoftmaxRegression();
        int n = set.size(), k = Countries.COUNT, f = Feature.COUNT;
        if (n == 0) {
            return m;
        }
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += set.rowsOf(i);
            cumulative[i] = total;
        }
        float[] mw = new float[m.w.length], vw = new float[m.w.length], mb = new float[k], vb = new float[k];
        float[] gw = new float[m.w.length], gb = new float[k], p = new float[k];
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x11AEA7L);
        int steps = Math.max(1, n / BATCH), t = 0;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int step = 0; step < steps; step++) {
                java.util.Arrays.fill(gw, 0f);
                java.util.Arrays.fill(gb, 0f);
                for (int s = 0; s < BATCH; s++) {
                    int i = Trainer.draw(cumulative, rnd.nextDouble() * total);
                    m.probabilities(x, i * f, p);
                    int[] counts = set.counts().get(i);
                    float rows = set.rowsOf(i);
                    for (int j = 0; j < k; j++) {
                        // NOTE: softmax + cross-entropy against the shares: dL/dz = p - y
                        float d = (p[j] - counts[j] / rows) / BATCH;
                        gb[j] += d;
                        for (int q = 0; q < f; q++) {
                            gw[q * k + j] += x[i * f + q] * d;
                        }
                    }
                }
                t++;
                double a = LEARNING_RATE * Math.sqrt(1 - StrictMath.pow(0.999, t)) / (1 - StrictMath.pow(0.9, t));
                adam(m.w, gw, mw, vw, a);
                adam(m.b, gb, mb, vb, a);
            }
        }
        return m;
    }

    /** Class probabilities for {@code n} rows of scaled features, row-major {@code [n][72]}. */
    public float[] predict(float[] x, int n) {
        float[] out = new float[n * Countries.COUNT];
        float[] p = new float[Countries.COUNT];
        for (int r = 0; r < n; r++) {
            probabilities(x, r * Feature.COUNT, p);
            System.arraycopy(p, 0, out, r * Countries.COUNT, Countries.COUNT);
        }
        return out;
    }

    private void probabilities(float[] x, int offset, float[] p) {
        int k = Countries.COUNT;
        double max = Double.NEGATIVE_INFINITY;
        double[] z = new double[k];
        for (int j = 0; j < k; j++) {
            double s = b[j];
            for (int q = 0; q < Feature.COUNT; q++) {
                s += x[offset + q] * w[q * k + j];
            }
            z[j] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            z[j] = StrictMath.exp(z[j] - max);
            sum += z[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] = (float) (z[j] / sum);
        }
    }

    private static void adam(float[] param, float[] g, float[] m, float[] v, double a) {
        for (int i = 0; i < param.length; i++) {
            m[i] = 0.9f * m[i] + 0.1f * g[i];
            v[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
            param[i] -= (float) (a * m[i] / (Math.sqrt(v[i]) + 1e-7));
        }
    }

}
