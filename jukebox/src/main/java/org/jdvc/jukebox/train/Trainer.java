package org.jdvc.jukebox.train;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mini-batch Adam on the row-wise loss ({@link Loss}: upstream's categorical cross-entropy on the sigmoid outputs, or
 * binary cross-entropy), computed per song: targets are the song's country shares and songs are drawn with
 * probability proportional to their row counts, so that a batch is an unbiased sample of rows.
 *
 * <p>Early stopping, as Keras' {@code EarlyStopping(monitor="val_loss", restore_best_weights=True)}: a seeded share of
 * the songs ({@link Options#validationShare()}) is kept out of the updates; after each epoch their row-weighted loss
 * is measured, and training stops once it has not improved for {@link Options#patience()} epochs. The network
 * returned is the one of the best epoch.
 *
 * <p>Deterministic: the same seed, data and options give the same network bit for bit, whatever {@code threads}
 * is (each batch is cut into fixed slices and their gradients are summed in slice order) and on any JVM (the
 * network's functions use {@link StrictMath}).
 */
public final class Trainer {

    /**
     * @param hidden hidden layer sizes (upstream: 32, 64, 128, 256)
     * @param epochs most passes; one pass draws as many songs as the training part holds
     * @param slices parts a batch is cut into for the threads; fixed so that results do not depend on threads
     * @param validationShare share of the songs held out for early stopping; 0 trains on all for {@code epochs}
     * @param patience epochs without a better validation loss before training stops
     */
    public record Options(int[] hidden, int epochs, int batch, double learningRate, long seed, int threads,
                          int slices, Loss loss, double validationShare, int patience) {
        /** Upstream's shape and loss, at most 30 epochs, batch 64, Adam 1e-3, 10 % validation, patience 5. */
        public static Options defaults(long seed) {
            return new Options(new int[] {32, 64, 128, 256}, 30, 64, 1e-3, seed,
                    Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)), 4, Loss.CATEGORICAL, 0.1,
                    5);
        }

        public Options withEpochs(int n) {
            return new Options(hidden, n, batch, learningRate, seed, threads, slices, loss, validationShare,
                    patience);
        }

        public Options withThreads(int n) {
            return new Options(hidden, epochs, batch, learningRate, seed, n, slices, loss, validationShare,
                    patience);
        }

        public Options withLoss(Loss l) {
            return new Options(hidden, epochs, batch, learningRate, seed, threads, slices, l, validationShare,
                    patience);
        }

        public Options withValidation(double share, int epochsWithoutImprovement) {
            return new Options(hidden, epochs, batch, learningRate, seed, threads, slices, loss, share,
                    epochsWithoutImprovement);
        }
    }

    /**
     * A training run's outcome.
     *
     * @param model the network of the best epoch (the last one without validation)
     * @param epochsRun epochs trained before stopping
     * @param bestEpoch the epoch whose network is returned (1-based)
     * @param validationLoss each epoch's row-weighted validation loss; empty without validation
     */
    public record Fit(Mlp model, int epochsRun, int bestEpoch, double[] validationLoss) {
    }

    private final Options options;

    public Trainer(Options options) {
        this.options = options;
    }

    /** Trains a new network on {@code x} (scaled, row-major {@code [n][13]}) against {@code set}'s counts. */
    public Mlp train(float[] x, LabeledSongs set) {
        return fit(x, set).model();
    }

    /** Like {@link #train}, with what early stopping saw. */
    public Fit fit(float[] x, LabeledSongs set) {
        int n = set.size();
        int[] sizes = new int[options.hidden().length + 2];
        sizes[0] = Feature.COUNT;
        System.arraycopy(options.hidden(), 0, sizes, 1, options.hidden().length);
        sizes[sizes.length - 1] = Countries.COUNT;
        Mlp mlp = new Mlp(sizes, options.seed());
        if (n == 0) {
            return new Fit(mlp, 0, 0, new double[0]);
        }
        float[] y = new float[n * Countries.COUNT];
        for (int i = 0; i < n; i++) {
            int total = set.rowsOf(i);
            int[] c = set.counts().get(i);
            for (int k = 0; k < Countries.COUNT; k++) {
                y[i * Countries.COUNT + k] = (float) c[k] / total;
            }
        }
        int[][] parts = split(n);
        int[] fit = parts[0], validation = parts[1];
        double[] cumulative = new double[fit.length];
        double acc = 0;
        for (int i = 0; i < fit.length; i++) {
            acc += set.rowsOf(fit[i]);
            cumulative[i] = acc;
        }
        Adam adam = new Adam(mlp, options.learningRate());
        SplittableRandom rnd = new SplittableRandom(options.seed() ^ 0xBA7C4L);
        int batch = options.batch(), slices = Math.max(1, Math.min(options.slices(), batch));
        int steps = Math.max(1, fit.length / batch);
        float[][][] gw = new float[slices][][], gb = new float[slices][][], act = new float[slices][][];
        for (int s = 0; s < slices; s++) {
            gw[s] = mlp.zerosLike(true);
            gb[s] = mlp.zerosLike(false);
            act[s] = new float[mlp.layers()][];
        }
        float[] bx = new float[batch * Feature.COUNT], by = new float[batch * Countries.COUNT];
        // NOTE: Keras' scales: categorical cross-entropy is summed over the outputs (Loss divides binary's by 72)
        float scale = 1f / batch;
        Validation check = validation.length == 0 ? null : new Validation(x, y, set, validation);
        List<Double> losses = new ArrayList<>();
        Mlp best = null;
        int bestEpoch = 0, epoch = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        try (ExecutorService pool = Executors.newFixedThreadPool(options.threads())) {
            while (epoch < options.epochs()) {
                for (int step = 0; step < steps; step++) {
                    for (int b = 0; b < batch; b++) {
                        int i = fit[draw(cumulative, rnd.nextDouble() * acc)];
                        System.arraycopy(x, i * Feature.COUNT, bx, b * Feature.COUNT, Feature.COUNT);
                        System.arraycopy(y, i * Countries.COUNT, by, b * Countries.COUNT, Countries.COUNT);
                    }
                    List<Future<?>> running = new ArrayList<>(slices);
                    for (int s = 0; s < slices; s++) {
                        int from = s * batch / slices, to = (s + 1) * batch / slices, slice = s;
                        Runnable work = () -> {
                            zero(gw[slice]);
                            zero(gb[slice]);
                            float[] sx = Arrays.copyOfRange(bx, from * Feature.COUNT, to * Feature.COUNT);
                            float[] sy = Arrays.copyOfRange(by, from * Countries.COUNT, to * Countries.COUNT);
                            mlp.backward(sx, sy, to - from, scale, options.loss(), act[slice], gw[slice], gb[slice]);
                        };
                        if (options.threads() == 1) {
                            work.run();
                        } else {
                            running.add(pool.submit(work));
                        }
                    }
                    for (Future<?> f : running) {
                        f.get();
                    }
                    for (int s = 1; s < slices; s++) {
                        add(gw[0], gw[s]);
                        add(gb[0], gb[s]);
                    }
                    adam.step(gw[0], gb[0]);
                }
                epoch++;
                if (check == null) {
                    continue;
                }
                double loss = check.loss(mlp, options.loss());
                losses.add(loss);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestEpoch = epoch;
                    best = mlp.copy();
                } else if (epoch - bestEpoch >= options.patience()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        double[] history = losses.stream().mapToDouble(Double::doubleValue).toArray();
        return best == null ? new Fit(mlp, epoch, epoch, history) : new Fit(best, epoch, bestEpoch, history);
    }

    /** Song indices {fit, validation}: a seeded share for validation, each part in index order. */
    private int[][] split(int n) {
        int held = options.validationShare() <= 0 || n < 10 ? 0
                : Math.max(1, (int) Math.round(n * options.validationShare()));
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom rnd = new SplittableRandom(options.seed() ^ 0x5A11DL);
        for (int i = n - 1; i > 0 && held > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] fit = Arrays.copyOfRange(order, held, n);
        Arrays.sort(validation);
        Arrays.sort(fit);
        return new int[][] {fit, validation};
    }

    /** The held-out songs' inputs and targets, and their row-weighted loss under a network. */
    private static final class Validation {
        private final float[] x, y;
        private final double[] rows;
        private final double totalRows;

        Validation(float[] allX, float[] allY, LabeledSongs set, int[] songs) {
            int n = songs.length;
            x = new float[n * Feature.COUNT];
            y = new float[n * Countries.COUNT];
            rows = new double[n];
            double total = 0;
            for (int v = 0; v < n; v++) {
                int i = songs[v];
                System.arraycopy(allX, i * Feature.COUNT, x, v * Feature.COUNT, Feature.COUNT);
                System.arraycopy(allY, i * Countries.COUNT, y, v * Countries.COUNT, Countries.COUNT);
                rows[v] = set.rowsOf(i);
                total += rows[v];
            }
            totalRows = total;
        }

        double loss(Mlp mlp, Loss loss) {
            float[] p = mlp.predict(x, rows.length);
            double sum = 0;
            for (int v = 0; v < rows.length; v++) {
                sum += rows[v] * loss.rowLoss(p, y, v * Countries.COUNT, Countries.COUNT);
            }
            return sum / totalRows;
        }
    }

    /** The index whose cumulative weight range holds {@code u}: a draw in proportion to the weights. */
    static int draw(double[] cumulative, double u) {
        int i = Arrays.binarySearch(cumulative, u);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cumulative.length - 1);
    }

    private static void zero(float[][] a) {
        for (float[] r : a) {
            Arrays.fill(r, 0f);
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
            double a = lr * Math.sqrt(1 - StrictMath.pow(0.999, t)) / (1 - StrictMath.pow(0.9, t));
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
