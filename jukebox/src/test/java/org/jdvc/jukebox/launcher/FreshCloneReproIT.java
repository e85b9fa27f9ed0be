package org.jdvc.jukebox.launcher;

import org.jdvc.hash.FileHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure the project exists to prevent, tried: a project made by {@code jukebox demo} is cloned into a folder
 * with another absolute path; {@code jdvc pull} and {@code jdvc repro -f} run every stage there again (each
 * {@code jukebox} found on the PATH, nothing machine-specific in the repository), and, training being seeded and
 * deterministic, every output comes out byte for byte as {@code dvc.lock} recorded it.
 */
class FreshCloneReproIT {

    @Test
    void aCloneReproducesTheSameModel(@TempDir Path tmp) throws Exception {
        Path root = Launchers.root();
        Path demo = tmp.resolve("made-here");
        Launchers.Run made = Launchers.run(tmp, List.of(root.resolve("bin/jukebox").toString(), "demo", "--dir",
                demo.toString(), "--keep", "--songs", "300", "--days", "8", "--epochs", "3"), 600);
        assertThat(made.code()).as(made.out() + made.err()).isZero();
        Path project = demo.resolve("project");
        assertThat(Files.readString(project.resolve("dvc.yaml"))).contains("cmd: jukebox prepare")
                .doesNotContain(root.toString()).doesNotContain(tmp.toString());

        Path clone = tmp.resolve("somewhere/else/clone");
        Files.createDirectories(clone.getParent());
        Launchers.Run cloned = Launchers.run(tmp, List.of("git", "clone", "-q", project.toString(), clone.toString()),
                120);
        assertThat(cloned.code()).as(cloned.err()).isZero();
        // NOTE: jdvc by its path (ProcessBuilder looks a bare name up on this JVM's PATH); the stages find jukebox on
        // the PATH the launchers run with, which has the repository's bin/ first
        String jdvc = root.resolve("bin/jdvc").toString();
        Launchers.Run pull = Launchers.run(clone, List.of(jdvc, "pull"), 300);
        assertThat(pull.code()).as(pull.out() + pull.err()).isZero();
        Launchers.Run repro = Launchers.run(clone, List.of(jdvc, "repro", "-f"), 600);
        assertThat(repro.code()).as(repro.out() + repro.err()).isZero();
        assertThat(repro.out()).contains("Running stage 'prepare'", "Running stage 'train'",
                "Running stage 'evaluate'");

        for (String f : List.of("model/model.onnx", "model/scaler.json", "model/labels.json", "metrics.json")) {
            assertThat(FileHasher.md5(clone.resolve(f))).as(f).isEqualTo(FileHasher.md5(project.resolve(f)));
        }
        Launchers.Run status = Launchers.run(clone, List.of("git", "status", "--porcelain", "--", "dvc.lock",
                "metrics.json"), 60);
        assertThat(status.out()).as("dvc.lock and metrics.json as committed").isEmpty();
    }
}
