package org.jdvc.jukebox.pipeline;

import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.train.Loss;
import org.jdvc.jukebox.train.Trainer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * train: {hidden: [32, 64, 128, 256], epochs: 30, learning_rate: 0.001, batch: 64, seed: 42,
 *         loss: categorical, validation: 0.1, patience: 5}
 * </pre>
 * {@code epochs} is the most epochs; {@code validation} is the share of the training songs kept for early stopping
 * after {@code patience} epochs without a better validation loss; {@code loss} is {@code categorical} (upstream's) or
 * {@code binary} ({@link Loss}). Other sections (the registry's {@code gate}) are not the stages' business.
 */
public record Params(double split, long splitSeed, int[] hidden, int epochs, double learningRate, int batch,
                     long trainSeed, Loss loss, double validation, int patience) {

    /** Upstream's network and loss, the course's 80/20 split. */
    public static Params defaults() {
        return new Params(0.2, 42, new int[] {32, 64, 128, 256}, 30, 1e-3, 64, 42, Loss.CATEGORICAL, 0.1, 5);
    }

    public Params withEpochs(int n) {
        return new Params(split, splitSeed, hidden, n, learningRate, batch, trainSeed, loss, validation, patience);
    }

    public Params withLearningRate(double lr) {
        return new Params(split, splitSeed, hidden, epochs, lr, batch, trainSeed, loss, validation, patience);
    }

    public Params withLoss(Loss l) {
        return new Params(split, splitSeed, hidden, epochs, learningRate, batch, trainSeed, l, validation, patience);
    }

    /** Trainer options for these parameters ({@code threads} does not change the result). */
    public Trainer.Options trainer(int threads) {
        Trainer.Options d = Trainer.Options.defaults(trainSeed);
        return new Trainer.Options(hidden.clone(), epochs, batch, learningRate, trainSeed, threads, d.slices(), loss,
                validation, patience);
    }

    /**
     * Reads {@code file}; missing keys keep their defaults.
     *
     * @throws JukeboxException naming the file and the key when it is not YAML or a value has the wrong type
     */
    public static Params read(Path file) throws IOException {
        Map<?, ?> root = yaml(file);
        Params d = defaults();
        Section p = new Section(file, "prepare", root.get("prepare"));
        Section t = new Section(file, "train", root.get("train"));
        int[] hidden = d.hidden();
        Object h = t.values.get("hidden");
        if (h != null) {
            if (!(h instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(o -> o instanceof Integer i && i > 0)) {
                throw new JukeboxException(file + ": train.hidden must be a list of positive layer sizes, not " + h);
            }
            hidden = l.stream().mapToInt(o -> (Integer) o).toArray();
        }
        Object lossName = t.values.get("loss");
        Loss loss = d.loss();
        if (lossName != null) {
            try {
                loss = Loss.of(String.valueOf(lossName));
            } catch (IllegalArgumentException e) {
                throw new JukeboxException(file + ": " + e.getMessage());
            }
        }
        Params out = new Params(p.number("split", d.split()).doubleValue(), p.number("seed", d.splitSeed()).longValue(),
                hidden, t.number("epochs", d.epochs()).intValue(),
                t.number("learning_rate", d.learningRate()).doubleValue(), t.number("batch", d.batch()).intValue(),
                t.number("seed", d.trainSeed()).longValue(), loss, t.number("validation", d.validation()).doubleValue(),
                t.number("patience", d.patience()).intValue());
        if (!(out.split > 0 && out.split < 1) || !(out.validation >= 0 && out.validation < 1) || out.epochs < 1
                || out.batch < 1 || out.patience < 1 || !(out.learningRate > 0)) {
            throw new JukeboxException(file + ": out of range: prepare.split and train.validation must be in (0, 1) "
                    + "and [0, 1), train.epochs, batch and patience at least 1, learning_rate positive");
        }
        return out;
    }

    /** The file's top-level mapping (empty for an empty file). */
    public static Map<?, ?> yaml(Path file) throws IOException {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        } catch (YamlEngineException e) {
            throw new JukeboxException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new JukeboxException(file + ": expected a mapping of sections (prepare, train, ...)");
        }
        return root;
    }

    /** One section of the file, whose values are read with their key's default. */
    public record Section(Path file, String name, Map<?, ?> values) {
        public Section(Path file, String name, Object section) {
            this(file, name, checked(file, name, section));
        }

        private static Map<?, ?> checked(Path file, String name, Object section) {
            if (section == null) {
                return Map.of();
            }
            if (!(section instanceof Map<?, ?> m)) {
                throw new JukeboxException(file + ": " + name + " must be a mapping, not " + section);
            }
            return m;
        }

        /** The number under {@code key}, or {@code fallback} when absent. */
        public Number number(String key, Number fallback) {
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Number n)) {
                throw new JukeboxException(file + ": " + name + "." + key + " must be a number, not '" + v + "'");
            }
            return n;
        }
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
                .append("\n  seed: ").append(trainSeed).append("\n  loss: ").append(loss.id())
                .append("\n  validation: ").append(validation).append("\n  patience: ").append(patience).append('\n');
        return sb.toString();
    }

    /** Flat {@code section.key -> value}, as {@code dvc params diff} names them; for the registry and comparisons. */
    public Map<String, Object> flat() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prepare.split", split);
        m.put("prepare.seed", splitSeed);
        m.put("train.hidden", Arrays.stream(hidden).boxed().toList());
        m.put("train.epochs", epochs);
        m.put("train.learning_rate", learningRate);
        m.put("train.batch", batch);
        m.put("train.seed", trainSeed);
        m.put("train.loss", loss.id());
        m.put("train.validation", validation);
        m.put("train.patience", patience);
        return m;
    }
}
