package org.jdvc.jukebox.train;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mini-batch Adam on the row-wise multi-label loss (sigmoid + binary cross-entropy against each row's one-hot
 * country, as upstream trains), computed per song: targets are the song's country shares and songs are drawn with
 * probability proportional to their row counts, so that a batch is an unbiased sample of rows.
 *
 * <p>Deterministic: the same seed, data and options give the same network bit for bit, whatever {@code threads}
 * is — each batch is cut into fixed slices and their gradients are summed in slice order.
 */
public final class Trainer {

    /**
     * @param hidden hidden layer sizes (upstream: 32, 64, 128, 256)
     * @param epochs passes; one pass draws as many songs as the set holds
     * @param slices parts a batch is cut into for the threads; fixed so that results do not depend on threads
     */
    public record Options(int[] hidden, int epochs, int batch, double learningRate, long seed, int threads,
                          int slices) {
        /** Upstream's shape, 30 epochs, batch 64, Adam 1e-3. */
        public static Options defaults(long seed) {
            return new Options(new int[] {32, 64, 128, 256}, 30, 64, 1e-3, seed,
                    Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)), 4);
        }

        public Options withEpochs(int n) {
            return new Options(hidden, n, batch, learningRate, seed, threads, slices);
        }

        public Options withThreads(int n) {
            return new Options(hidden, epochs, batch, learningRate, seed, n, slices);
        }
    }

    private final Options options;

    public Trainer(Options options) {
        this.options = options;
    }

    /** Trains a new network on {@code x} (scaled, row-major {@code [n][13]}) against {@code set}'s counts. */
    public Mlp train(float[] x, LabeledSongs set) {
        int n = set.size();
        int[] sizes = new int[options.hidden().length + 2];
        sizes[0] = Feature.COUNT;
        System.arraycopy(options.hidden(), 0, sizes, 1, options.hidden().length);
        sizes[sizes.length - 1] = Countries.COUNT;
        Mlp mlp = new Mlp(sizes, options.seed());
        if (n == 0) {
            return mlp;
        }
        float[] y = new float[n * Countries.COUNT];
        double[] cumulative = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            int total = set.rowsOf(i);
            int[] c = set.counts().get(i);
            for (int k = 0; k < Countries.COUNT; k++) {
                y[i * Countries.COUNT + k] = (float) c[k] / total;
            }
            acc += total;
            cumulative[i] = acc;
        }
        Adam adam = new Adam(mlp, options.learningRate());
        SplittableRandom rnd = new SplittableRandom(options.seed() ^ 0xBA7C4L);
        int batch = options.batch(), slices = Math.max(1, Math.min(options.slices(), batch));
        int steps = Math.max(1, n / batch);
        float[][][] gw = new float[slices][][], gb = new float[slices][][], act = new float[slices][][];
        for (int s = 0; s < slices; s++) {
            gw[s] = mlp.zerosLike(true);
            gb[s] = mlp.zerosLike(false);
            act[s] = new float[mlp.layers()][];
        }
        float[] bx = new float[batch * Feature.COUNT], by = new float[batch * Countries.COUNT];
        float scale = 1f / (batch * Countries.COUNT);
        try (ExecutorService pool = Executors.newFixedThreadPool(options.threads())) {
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                for (int step = 0; step < steps; step++) {
                    for (int b = 0; b < batch; b++) {
                        int i = draw(cumulative, rnd.nextDouble() * acc);
                        System.arraycopy(x, i * Feature.COUNT, bx, b * Feature.COUNT, Feature.COUNT);
                        System.arraycopy(y, i * Countries.COUNT, by, b * Countries.COUNT, Countries.COUNT);
                    }
                    List<Future<?>> parts = new ArrayList<>(slices);
                    for (int s = 0; s < slices; s++) {
                        int from = s * batch / slices, to = (s + 1) * batch / slices, slice = s;
                        Runnable work = () -> {
                            zero(gw[slice]);
                            zero(gb[slice]);
                            float[] sx = java.util.Arrays.copyOfRange(bx, from * Feature.COUNT, to * Feature.COUNT);
                            float[] sy = java.util.Arrays.copyOfRange(by, from * Countries.COUNT,
                                    to * Countries.COUNT);
                            mlp.backward(sx, sy, to - from, scale, act[slice], gw[slice], gb[slice]);
                        };
                        parts.add(options.threads() == 1 ? null : pool.submit(work));
                        if (options.threads() == 1) {
                            work.run();
                        }
                    }
                    for (Future<?> f : parts) {
                        if (f != null) {
                            f.get();
                        }
                    }
                    for (int s = 1; s < slices; s++) {
                        add(gw[0], gw[s]);
                        add(gb[0], gb[s]);
                    }
                    adam.step(gw[0], gb[0]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return mlp;
    }

    private static int draw(double[] cumulative, double u) {
        int i = java.util.Arrays.binarySearch(cumulative, u);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cumulative.length - 1);
    }

    private static void zero(float[][] a) {
        for (float[] r : a) {
            java.util.Arrays.fill(r, 0f);
        }
    }

    private static void add(float[][] into, float[][] from) {
        for (int l = 0; l < into.length; l++) {
            for (int k = 0; k < into[l].length; k++) {
                into[l][k] += from[l][k];
            }
        }
    }

    /** Adam (Kingma and Ba) with Keras' defaults: beta1 0.9, beta2 0.999, epsilon 1e-7. */
    private static final class Adam {
        private final Mlp mlp;
        private final double lr;
        private final float[][] mw, vw, mb, vb, stepW, stepB;
        private int t;

        Adam(Mlp mlp, double lr) {
            this.mlp = mlp;
            this.lr = lr;
            mw = mlp.zerosLike(true);
            vw = mlp.zerosLike(true);
            stepW = mlp.zerosLike(true);
            mb = mlp.zerosLike(false);
            vb = mlp.zerosLike(false);
            stepB = mlp.zerosLike(false);
        }

        void step(float[][] gw, float[][] gb) {
            t++;
            double a = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            fill(gw, mw, vw, stepW, (float) a);
            fill(gb, mb, vb, stepB, (float) a);
            mlp.update(stepW, stepB);
        }

        private static void fill(float[][] g, float[][] m, float[][] v, float[][] step, float a) {
            for (int l = 0; l < g.length; l++) {
                for (int k = 0; k < g[l].length; k++) {
                    float gk = g[l][k];
                    m[l][k] = 0.9f * m[l][k] + 0.1f * gk;
                    v[l][k] = 0.999f * v[l][k] + 0.001f * gk * gk;
                    step[l][k] = a * m[l][k] / ((float) Math.sqrt(v[l][k]) + 1e-7f);
                }
            }
        }
    }
}
