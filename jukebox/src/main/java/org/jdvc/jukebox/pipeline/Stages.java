package org.jdvc.jukebox.pipeline;

import ai.onnxruntime.OrtException;
import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.Evaluation;
import org.jdvc.jukebox.train.LabeledSongs;
import org.jdvc.jukebox.train.MinMaxScaler;
import org.jdvc.jukebox.train.SoftmaxRegression;
import org.jdvc.jukebox.train.Trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The three stages of the jukebox pipeline ({@code dvc.yaml}): prepare → train → evaluate. Each reads only its
 * declared dependencies and writes only its declared outputs, deterministically, so that {@code repro} can skip a
 * stage whose inputs did not change and a re-run gives the same bytes.
 *
 * <ul>
 *   <li>{@code prepare}: join {@code song_properties} with {@code song_rankings} on {@code spotify_id}, drop Global
 *   rows, split by song ({@code prepare.split} of them held out, chosen by a hash of the id salted with
 *   {@code prepare.seed}: stable as data grows) into {@code train.csv} and {@code test.csv}.</li>
 *   <li>{@code train}: fit the min-max scaler on the training split, train the network ({@code train.*}), write
 *   {@code model.onnx}, {@code scaler.json}, {@code labels.json}.</li>
 *   <li>{@code evaluate}: score the held-out split with the exported ONNX model (what is served is what is measured),
 *   write {@code metrics.json} (accuracy, top-5, baselines, per country) and the plot data
 *   {@code per_country.csv}.</li>
 * </ul>
 */
public final class Stages {
    /** File names inside the stages' output directories. */
    public static final String TRAIN_CSV = "train.csv", TEST_CSV = "test.csv", MODEL = "model.onnx",
            SCALER = "scaler.json", LABELS = "labels.json", PER_COUNTRY = "per_country.csv";

    /** The linear baseline's seed: fixed, so that it is the same yardstick for every version. */
    private static final long LINEAR_SEED = 42;

    private Stages() {
    }

    /** What prepare did, for the log. */
    public record Prepared(int trainSongs, int testSongs, long rows) {
    }

    public static Prepared prepare(Path properties, Path rankings, Params params, Path outDir) throws IOException {
        LabeledSongs all = LabeledSongs.join(SongTables.readSongs(properties).songs(),
                SongTables.readRankings(rankings));
        if (all.size() < 2) {
            throw new IllegalArgumentException("no labelled songs: the rankings name no song of the table");
        }
        List<Integer> test = new ArrayList<>(), train = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (heldOut(all.songs().get(i).spotifyId(), params) ? test : train).add(i);
        }
        if (test.isEmpty() || train.isEmpty()) {
            // NOTE: only with a handful of songs; move one across so that both splits exist
            (test.isEmpty() ? test : train).add((test.isEmpty() ? train : test).removeLast());
        }
        int[] testIdx = test.stream().mapToInt(Integer::intValue).toArray();
        int[] trainIdx = train.stream().mapToInt(Integer::intValue).toArray();
        Files.createDirectories(outDir);
        PreparedSet.write(outDir.resolve(TRAIN_CSV), all.subset(trainIdx));
        PreparedSet.write(outDir.resolve(TEST_CSV), all.subset(testIdx));
        return new Prepared(trainIdx.length, testIdx.length, all.rows());
    }

    /**
     * Whether a song is held out: a hash of its id salted with {@code prepare.seed}, below {@code prepare.split}.
     *
     * <p>Why by id and not by a shuffle of the table: a song then stays on its side as new data arrives (a shuffle
     * reshuffles when songs are added), so a later version's held-out songs never include what an earlier version
     * trained on. Two versions can be compared on the newer one's held-out songs (the evaluation gate does), and a new
     * day's data shows up as added rows in a row-level diff of the splits. Songs stay in table order within a split.
     */
    static boolean heldOut(String spotifyId, Params params) {
        String hex = FileHasher.md5((params.splitSeed() + ":" + spotifyId).getBytes(StandardCharsets.UTF_8));
        return Long.parseLong(hex.substring(0, 13), 16) * 0x1.0p-52 < params.split();
    }

    public static Trainer.Fit train(Path preparedDir, Params params, Path outDir, int threads) throws IOException {
        LabeledSongs train = PreparedSet.read(preparedDir.resolve(TRAIN_CSV));
        MinMaxScaler scaler = MinMaxScaler.fit(train.features());
        Trainer.Fit fit = new Trainer(params.trainer(threads)).fit(scaled(scaler, train), train);
        Files.createDirectories(outDir);
        OnnxExport.write(fit.model(), outDir.resolve(MODEL));
        scaler.write(outDir.resolve(SCALER));
        Files.writeString(outDir.resolve(LABELS), Json.write(Countries.codes()) + "\n", StandardCharsets.UTF_8);
        return fit;
    }

    /** What {@link #evaluate} reports: the network's held-out scores and the linear baseline's. */
    public record Evaluated(Evaluation network, Evaluation linear) {
        public String summary() {
            return network.summary() + String.format(Locale.ROOT, "; linear baseline: accuracy %.4f, top-5 %.4f",
                    linear.accuracy(), linear.top5());
        }
    }

    public static Evaluated evaluate(Path preparedDir, Path modelDir, Path metricsFile, Path plotsDir)
            throws IOException, OrtException {
        LabeledSongs train = PreparedSet.read(preparedDir.resolve(TRAIN_CSV));
        LabeledSongs test = PreparedSet.read(preparedDir.resolve(TEST_CSV));
        MinMaxScaler scaler = MinMaxScaler.read(modelDir.resolve(SCALER));
        float[] predictions;
        try (OnnxModel model = new OnnxModel(modelDir.resolve(MODEL))) {
            predictions = model.score(scaled(scaler, test), test.size()).getFirst().data();
        }
        Evaluation e = Evaluation.of(predictions, test, train);
        // NOTE: the linear baseline is fitted here, on the same training songs and scaler, so that metrics.json
        // always says what the network adds over a linear model of the same features
        SoftmaxRegression linear = SoftmaxRegression.fit(scaled(scaler, train), train, LINEAR_SEED);
        Evaluation l = Evaluation.of(linear.predict(scaled(scaler, test), test.size()), test, train);
        Files.writeString(metricsFile, Json.write(metrics(e, l)) + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(plotsDir);
        StringBuilder csv = new StringBuilder("country,rows,recall_at_1,recall_at_5\n");
        for (Evaluation.CountryScore c : e.countries()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", c.country(), c.rows(), c.recallAt1(),
                    c.recallAt5()));
        }
        Files.writeString(plotsDir.resolve(PER_COUNTRY), csv, StandardCharsets.UTF_8);
        return new Evaluated(e, l);
    }

    /** {@code metrics.json}'s content: summary scores first (what {@code metrics show} prints), then per country. */
    public static Map<String, Object> metrics(Evaluation e, Evaluation linear) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", round(e.accuracy()));
        m.put("top5_accuracy", round(e.top5()));
        m.put("baseline_accuracy", round(e.baselineAccuracy()));
        m.put("baseline_top5_accuracy", round(e.baselineTop5()));
        m.put("linear_accuracy", round(linear.accuracy()));
        m.put("linear_top5_accuracy", round(linear.top5()));
        m.put("held_out_rows", e.rows());
        Map<String, Object> per = new LinkedHashMap<>();
        for (Evaluation.CountryScore c : e.countries()) {
            Map<String, Object> score = new LinkedHashMap<>();
            score.put("rows", c.rows());
            score.put("recall_at_1", round(c.recallAt1()));
            score.put("recall_at_5", round(c.recallAt5()));
            per.put(c.country(), score);
        }
        m.put("per_country", per);
        return m;
    }

    /** Six decimals: the scores' meaningful digits, and stable text for git diffs. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Min-max scaled features of {@code set}, row-major {@code [n][13]}. */
    public static float[] scaled(MinMaxScaler scaler, LabeledSongs set) {
        float[] x = new float[set.size() * Feature.COUNT];
        for (int i = 0; i < set.size(); i++) {
            scaler.scale(set.features().get(i), x, i * Feature.COUNT);
        }
        return x;
    }
}
