package org.jdvc.jukebox.pipeline;

import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.project.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jdvc repro} of the jukebox dvc.yaml in a real git repository, each stage a real {@code jukebox} JVM found on the PATH (the
 * evaluate stage loads ONNX Runtime): it runs everything once, nothing when nothing changed, train + evaluate (not
 * prepare) when only a training param changed, and everything when the data changed.
 */
class PipelineReproTest {

    @Test
    void reproRunsExactlyWhatDataOrParamsChanged(@TempDir Path root) throws Exception {
        List<String> log = new ArrayList<>();
        Path dir = Files.createDirectories(root.resolve("project"));
        Project p = new Project(dir, StageCommand.environment(System.getenv(), root), log::add);
        p.git("init", "-q");
        p.jdvc("init", "-q");
        SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(3).withSongs(300).withDays(8));
        List<Song> songs = gen.songs();
        SongTables.writeSongs(dir.resolve(Layout.PROPERTIES), songs);
        SongTables.writeRankings(dir.resolve(Layout.RANKINGS), gen.rankings(songs, 2));
        Params params = Params.defaults().withEpochs(2);
        params.write(dir.resolve(Layout.PARAMS));
        Files.writeString(dir.resolve(Layout.DVC_YAML), Layout.dvcYaml());
        p.jdvc("add", Layout.PROPERTIES, Layout.RANKINGS);
        p.git("add", "-A");
        p.git("commit", "-q", "-m", "data, params, pipeline");

        String first = p.jdvc("repro");
        assertThat(ran(first)).containsExactly("prepare", "train", "evaluate");
        assertThat(dir.resolve(Layout.METRICS)).content().contains("\"accuracy\"");
        assertThat(dir.resolve(Layout.MODEL_DIR).resolve(Stages.MODEL)).isNotEmptyFile();

        String second = p.jdvc("repro");
        assertThat(ran(second)).isEmpty();

        // NOTE: a learning rate, not more epochs: early stopping may keep the same best epoch (and so the same model,
        // which would rightly leave evaluate alone)
        params.withLearningRate(2e-3).write(dir.resolve(Layout.PARAMS));
        String third = p.jdvc("repro");
        assertThat(ran(third)).containsExactly("train", "evaluate");

        // the lock records what ran: a fourth repro has nothing to do again
        assertThat(ran(p.jdvc("repro"))).isEmpty();
        assertThat(dir.resolve("dvc.lock")).content().contains("learning_rate: 0.002");

        // new chart days arrive (day 2): the whole pipeline runs again
        SyntheticSongs day2 = gen.grow(30, 2);
        List<Song> songs2 = day2.songs();
        SongTables.writeSongs(dir.resolve(Layout.PROPERTIES), songs2);
        SongTables.writeRankings(dir.resolve(Layout.RANKINGS), day2.rankings(songs2, 2));
        p.jdvc("add", Layout.PROPERTIES, Layout.RANKINGS);
        assertThat(ran(p.jdvc("repro"))).containsExactly("prepare", "train", "evaluate");
        assertThat(ran(p.jdvc("repro"))).isEmpty();
    }

    /** The stages a repro's output says it ran, in order. */
    private static List<String> ran(String out) {
        List<String> stages = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("Running stage '")) {
                stages.add(line.substring("Running stage '".length(), line.lastIndexOf('\'')));
            }
        }
        return stages;
    }
}
