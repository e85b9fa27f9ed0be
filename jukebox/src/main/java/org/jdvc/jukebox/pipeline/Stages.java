package org.jdvc.jukebox.pipeline;

import ai.onnxruntime.OrtException;
import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.Evaluation;
import org.jdvc.jukebox.train.LabeledSongs;
import org.jdvc.jukebox.train.MinMaxScaler;
import org.jdvc.jukebox.train.Mlp;
import org.jdvc.jukebox.train.Trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The three stages of the jukebox pipeline ({@code dvc.yaml}): prepare → train → evaluate. Each reads only its
 * declared dependencies and writes only its declared outputs, deterministically, so that {@code repro} can skip a
 * stage whose inputs did not change and a re-run gives the same bytes.
 *
 * <ul>
 *   <li>{@code prepare}: join {@code song_properties} with {@code song_rankings} on {@code spotify_id}, drop Global
 *   rows, split by song ({@code prepare.split}, {@code prepare.seed}) into {@code train.csv} and {@code test.csv}.</li>
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
        int[] order = new int[all.size()];
        Arrays.setAll(order, i -> i);
        SplittableRandom rnd = new SplittableRandom(params.splitSeed());
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = Math.max(1, (int) Math.round(order.length * params.split()));
        int[] testIdx = Arrays.copyOfRange(order, 0, held);
        int[] trainIdx = Arrays.copyOfRange(order, held, order.length);
        // NOTE: sorted so that the files list songs in table order: a new day's data shows up as added rows in a
        // row-level diff instead of a reshuffle
        Arrays.sort(testIdx);
        Arrays.sort(trainIdx);
        Files.createDirectories(outDir);
        PreparedSet.write(outDir.resolve(TRAIN_CSV), all.subset(trainIdx));
        PreparedSet.write(outDir.resolve(TEST_CSV), all.subset(testIdx));
        return new Prepared(trainIdx.length, testIdx.length, all.rows());
    }

    public static void train(Path preparedDir, Params params, Path outDir, int threads) throws IOException {
        LabeledSongs train = PreparedSet.read(preparedDir.resolve(TRAIN_CSV));
        MinMaxScaler scaler = MinMaxScaler.fit(train.features());
        Mlp mlp = new Trainer(params.trainer(threads)).train(scaled(scaler, train), train);
        Files.createDirectories(outDir);
        OnnxExport.write(mlp, outDir.resolve(MODEL));
        scaler.write(outDir.resolve(SCALER));
        Files.writeString(outDir.resolve(LABELS), Json.write(Countries.codes()) + "\n", StandardCharsets.UTF_8);
    }

    public static Evaluation evaluate(Path preparedDir, Path modelDir, Path metricsFile, Path plotsDir)
            throws IOException, OrtException {
        LabeledSongs train = PreparedSet.read(preparedDir.resolve(TRAIN_CSV));
        LabeledSongs test = PreparedSet.read(preparedDir.resolve(TEST_CSV));
        MinMaxScaler scaler = MinMaxScaler.read(modelDir.resolve(SCALER));
        float[] predictions;
        try (OnnxModel model = new OnnxModel(modelDir.resolve(MODEL))) {
            predictions = model.score(scaled(scaler, test), test.size()).getFirst().data();
        }
        Evaluation e = Evaluation.of(predictions, test, train);
        Files.writeString(metricsFile, Json.write(metrics(e)) + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(plotsDir);
        StringBuilder csv = new StringBuilder("country,rows,recall_at_1,recall_at_5\n");
        for (Evaluation.CountryScore c : e.countries()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", c.country(), c.rows(), c.recallAt1(),
                    c.recallAt5()));
        }
        Files.writeString(plotsDir.resolve(PER_COUNTRY), csv, StandardCharsets.UTF_8);
        return e;
    }

    /** {@code metrics.json}'s content: summary scores first (what {@code metrics show} prints), then per country. */
    public static Map<String, Object> metrics(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", round(e.accuracy()));
        m.put("top5_accuracy", round(e.top5()));
        m.put("baseline_accuracy", round(e.baselineAccuracy()));
        m.put("baseline_top5_accuracy", round(e.baselineTop5()));
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
