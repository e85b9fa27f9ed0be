package org.jdvc.jukebox.pipeline;

import org.jdvc.jukebox.train.Trainer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline's {@code params.yaml}: what {@code dvc.yaml} declares as each stage's parameters, so that changing one
 * re-runs exactly the stages that use it.
 *
 * <pre>
 * prepare: {split: 0.2, seed: 42}                  # held-out share of songs, shuffle seed
 * train: {hidden: [32, 64, 128, 256], epochs: 30, learning_rate: 0.001, batch: 64, seed: 42}
 * </pre>
 */
public record Params(double split, long splitSeed, int[] hidden, int epochs, double learningRate, int batch,
                     long trainSeed) {

    /** Upstream's network and the course's 80/20 split. */
    public static Params defaults() {
        return new Params(0.2, 42, new int[] {32, 64, 128, 256}, 30, 1e-3, 64, 42);
    }

    public Params withEpochs(int n) {
        return new Params(split, splitSeed, hidden, n, learningRate, batch, trainSeed);
    }

    public Params withLearningRate(double lr) {
        return new Params(split, splitSeed, hidden, epochs, lr, batch, trainSeed);
    }

    /** Trainer options for these parameters ({@code threads} does not change the result). */
    public Trainer.Options trainer(int threads) {
        Trainer.Options d = Trainer.Options.defaults(trainSeed);
        return new Trainer.Options(hidden.clone(), epochs, batch, learningRate, trainSeed, threads, d.slices());
    }

    /** Reads {@code file}; missing keys keep their defaults. */
    public static Params read(Path file) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        Params d = defaults();
        if (!(doc instanceof Map<?, ?> root)) {
            return d;
        }
        Map<?, ?> p = root.get("prepare") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> t = root.get("train") instanceof Map<?, ?> m ? m : Map.of();
        int[] hidden = d.hidden();
        if (t.get("hidden") instanceof List<?> l) {
            hidden = l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }
        return new Params(num(p, "split", d.split()).doubleValue(), num(p, "seed", d.splitSeed()).longValue(),
                hidden, num(t, "epochs", d.epochs()).intValue(),
                num(t, "learning_rate", d.learningRate()).doubleValue(), num(t, "batch", d.batch()).intValue(),
                num(t, "seed", d.trainSeed()).longValue());
    }

    private static Number num(Map<?, ?> m, String key, Number fallback) {
        return m.get(key) instanceof Number n ? n : fallback;
    }

    /** Writes {@code params.yaml}. */
    public void write(Path file) throws IOException {
        Files.writeString(file, yaml(), StandardCharsets.UTF_8);
    }

    /** The file's text (block style, as people write it). */
    public String yaml() {
        StringBuilder sb = new StringBuilder();
        sb.append("prepare:\n  split: ").append(split).append("\n  seed: ").append(splitSeed).append('\n');
        sb.append("train:\n  hidden: [");
        for (int i = 0; i < hidden.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(hidden[i]);
        }
        sb.append("]\n  epochs: ").append(epochs).append("\n  learning_rate: ")
                .append(String.format(Locale.ROOT, "%s", learningRate)).append("\n  batch: ").append(batch)
                .append("\n  seed: ").append(trainSeed).append('\n');
        return sb.toString();
    }

    /** Flat {@code section.key -> value}, as {@code dvc params diff} names them; for the registry and comparisons. */
    public Map<String, Object> flat() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prepare.split", split);
        m.put("prepare.seed", splitSeed);
        m.put("train.hidden", java.util.Arrays.stream(hidden).boxed().toList());
        m.put("train.epochs", epochs);
        m.put("train.learning_rate", learningRate);
        m.put("train.batch", batch);
        m.put("train.seed", trainSeed);
        return m;
    }
}
