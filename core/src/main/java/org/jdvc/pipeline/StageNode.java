package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * A node of the pipeline graph: a {@code dvc.yaml} stage or a {@code .dvc} data source. Edges are found from paths:
 * a stage depends on the stage whose output equals, contains or lies inside one of its dependencies.
 */
public sealed interface StageNode permits PipelineStage, DataSource {
    /** How DVC names the node to a user in {@code cwd} ({@code train}, {@code sub/dvc.yaml:train}, {@code data.dvc}). */
    String addressing(Path cwd);

    /** Absolute dependency paths. */
    List<Path> depPaths();

    /** Absolute output paths. */
    List<Path> outPaths();
}
