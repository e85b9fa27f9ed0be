package org.jdvc.jukebox.pipeline;

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
     * The pipeline. Each stage runs {@code jukebox} by name ({@link StageCommand}), found on the PATH of whoever runs
     * {@code jdvc repro}: nothing in the file depends on the machine or folder it was made in, so any clone
     * reproduces. Metrics and plot data are small and read in reviews, so git keeps them ({@code cache: false}); the
     * model goes to the cache and the remote.
     */
    public static String dvcYaml() {
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
                """.formatted(StageCommand.NAME, PROPERTIES, RANKINGS, PARAMS, PREPARED, MODEL_DIR, METRICS, PLOTS);
    }
}
