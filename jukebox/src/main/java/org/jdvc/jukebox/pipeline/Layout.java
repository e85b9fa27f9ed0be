package org.jdvc.jukebox.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where things live in a jukebox project (the course's layout): the two imported tables at the root, the pipeline's
 * outputs beside them, the registry under {@code models/}.
 */
public final class Layout {
    /** The tables the ingest job writes to the data-source bucket and the project imports. */
    public static final String PROPERTIES = "song_properties.parquet", RANKINGS = "song_rankings.parquet";
    public static final List<String> TABLES = List.of(PROPERTIES, RANKINGS);
    public static final String PARAMS = "params.yaml", PREPARED = "data/prepared", MODEL_DIR = "model",
            METRICS = "metrics.json", PLOTS = "plots", REGISTRY = "models/registry.json", DVC_YAML = "dvc.yaml";
    /** The name of the remote the ingest job writes to, as upstream names it. */
    public static final String DATA_SOURCE = "data-source";

    private Layout() {
    }

    /**
     * The pipeline. {@code launcher} is the command that runs {@code jukebox} (e.g. {@code ./jukebox}). Metrics and
     * plot data are small and read in reviews, so git keeps them ({@code cache: false}); the model goes to the cache
     * and the remote.
     */
    public static String dvcYaml(String launcher) {
        return """
                stages:
                  prepare:
                    cmd: %1$s prepare --properties %2$s --rankings %3$s --params %4$s --out %5$s
                    deps:
                    - %2$s
                    - %3$s
                    params:
                    - prepare.split
                    - prepare.seed
                    outs:
                    - %5$s
                  train:
                    cmd: %1$s train --prepared %5$s --params %4$s --out %6$s
                    deps:
                    - %5$s/train.csv
                    params:
                    - train
                    outs:
                    - %6$s
                  evaluate:
                    cmd: %1$s evaluate --prepared %5$s --model %6$s --metrics %7$s --plots %8$s
                    deps:
                    - %5$s
                    - %6$s
                    metrics:
                    - %7$s:
                        cache: false
                    plots:
                    - %8$s/per_country.csv:
                        cache: false
                        x: country
                        y: recall_at_5
                """.formatted(launcher, PROPERTIES, RANKINGS, PARAMS, PREPARED, MODEL_DIR, METRICS, PLOTS);
    }

    /**
     * Writes {@code dir/jukebox}, the command {@link #dvcYaml(String) dvcYaml("./jukebox")} runs: this JVM with this
     * class path (machine-specific, so git-ignored). The class path goes in {@code CLASSPATH} rather than on the
     * command line, which keeps {@code ps} readable (ONNX Runtime copes with long command lines anyway, see
     * {@code OnnxModel.environment}).
     */
    public static void writeLauncher(Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String script = "#!/bin/sh\nCLASSPATH='" + System.getProperty("java.class.path") + "'\nexport CLASSPATH\n"
                + "exec '" + java + "' -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED "
                + "--sun-misc-unsafe-memory-access=allow org.jdvc.jukebox.cli.JukeboxCommand \"$@\"\n";
        Path f = dir.resolve("jukebox");
        Files.writeString(f, script);
        f.toFile().setExecutable(true);
    }
}
