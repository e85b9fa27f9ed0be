package org.jdvc.jukebox.train;

import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training run: join, split by song (seeded), fit the scaler on the training split, train, evaluate on the
 * held-out songs. Single use: set the inputs, then {@link #call()}.
 *
 * <p>Why the split is by song, not by row: a song's rows differ only in their country, so a row split would put the
 * same song on both sides and measure memory, not prediction.
 */
public final class Training {
    private List<Song> songs = List.of();
    private List<Ranking> rankings = List.of();
    private Trainer.Options options = Trainer.Options.defaults(42);
    private double heldOutShare = 0.2;

    /** The result: the network, its scaler, the held-out scores and how long the phases took. */
    public record Result(Mlp model, MinMaxScaler scaler, Evaluation evaluation, LabeledSongs training,
                         LabeledSongs heldOut, Duration joinTime, Duration trainTime) {
        /** Scores of one song's unscaled features. */
        public float[] score(double[] rawFeatures) {
            float[] x = new float[Feature.COUNT];
            scaler.scale(rawFeatures, x, 0);
            return model.predict(x, 1);
        }
    }

    public Training songs(List<Song> songs) {
        this.songs = songs;
        return this;
    }

    public Training rankings(List<Ranking> rankings) {
        this.rankings = rankings;
        return this;
    }

    public Training options(Trainer.Options options) {
        this.options = options;
        return this;
    }

    /** Share of songs held out for evaluation (default 0.2). */
    public Training heldOutShare(double share) {
        this.heldOutShare = share;
        return this;
    }

    public Result call() {
        long t0 = System.nanoTime();
        LabeledSongs all = LabeledSongs.join(songs, rankings);
        if (all.size() < 2) {
            throw new IllegalArgumentException("no labelled songs: the rankings name no song of the table");
        }
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(options.seed());
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = Math.max(1, (int) Math.round(order.length * heldOutShare));
        LabeledSongs test = all.subset(java.util.Arrays.copyOfRange(order, 0, held));
        LabeledSongs train = all.subset(java.util.Arrays.copyOfRange(order, held, order.length));
        MinMaxScaler scaler = MinMaxScaler.fit(train.features());
        long t1 = System.nanoTime();
        Mlp mlp = new Trainer(options).train(scaled(scaler, train), train);
        long t2 = System.nanoTime();
        float[] predictions = mlp.predict(scaled(scaler, test), test.size());
        Evaluation evaluation = Evaluation.of(predictions, test, train);
        return new Result(mlp, scaler, evaluation, train, test, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
    }

    static float[] scaled(MinMaxScaler scaler, LabeledSongs set) {
        float[] x = new float[set.size() * Feature.COUNT];
        for (int i = 0; i < set.size(); i++) {
            scaler.scale(set.features().get(i), x, i * Feature.COUNT);
        }
        return x;
    }
}
