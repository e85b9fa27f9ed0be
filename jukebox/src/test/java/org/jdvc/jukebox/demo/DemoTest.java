package org.jdvc.jukebox.demo;

import org.jdvc.jukebox.Reference;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.registry.ModelVersion;
import org.jdvc.jukebox.registry.Recovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo end to end at small sizes: real git, jdvc's real command line, local folders as buckets. */
class DemoTest {

    @Test
    void storyRecoversV1ExactlyAndRecordsLineage(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        long t0 = System.nanoTime();
        Demo.Outcome o = new Demo(new Demo.Options(dir, 600, 20, 5, null, "data", "data-cache", null, null),
                log::add).run();
        // NOTE: reported, not asserted: the time depends on the machine and its load
        System.out.printf(Locale.ROOT, "jukebox demo (600 songs, 20 days, 5 epochs) took %.1f s%n",
                (System.nanoTime() - t0) / 1e9);

        // recovered bytes: every data table and model file has v1's recorded md5
        Recovery.Result r = o.recovered();
        assertThat(r.version().version()).isEqualTo("v1");
        assertThat(r.checks()).extracting(Recovery.Check::path).contains(Layout.PROPERTIES, Layout.RANKINGS,
                Layout.MODEL_DIR + "/" + Stages.MODEL);
        assertThat(r.checks()).allSatisfy(c -> assertThat(c.actual()).isEqualTo(c.expected()));
        assertThat(r.checks()).allSatisfy(c -> assertThat(c.expected()).matches("[0-9a-f]{32}"));

        // lineage: v1 records the data and git revision that trained it; v2 differs in both
        assertThat(o.v1().dataMd5().get(Layout.PROPERTIES)).isEqualTo(r.checks().getFirst().actual());
        assertThat(o.v2().dataMd5().get(Layout.PROPERTIES)).isNotEqualTo(o.v1().dataMd5().get(Layout.PROPERTIES));
        assertThat(o.v2().dataMd5().get(Layout.RANKINGS)).isNotEqualTo(o.v1().dataMd5().get(Layout.RANKINGS));
        assertThat(o.v2().gitRevision()).isNotEqualTo(o.v1().gitRevision());
        assertThat(o.v2().params().get("train.learning_rate")).isNotEqualTo(o.v1().params().get("train.learning_rate"));

        // compare: day 2 appended songs and chart days and changed no day-1 row; the models' predictions differ
        for (var t : o.comparison().tables()) {
            assertThat(t.diff().added()).as(t.table()).isNotEmpty();
            assertThat(t.diff().removed()).as(t.table()).isEmpty();
            assertThat(t.diff().changed()).as(t.table()).isEmpty();
        }
        assertThat(o.comparison().disagreements().getFirst().distance()).isPositive();
        // serving: 72 probabilities for Live Forever from each of the two versions served side by side
        assertThat(o.liveForever()).containsOnlyKeys("1", "2");
        assertThat(o.liveForever().get("1")).hasSize(72).isNotEqualTo(o.liveForever().get("2"));
        assertThat(o.liveForever().get("1").values()).allSatisfy(v -> assertThat(v).isBetween(0f, 1f));
        assertThat(String.join("\n", log)).contains("import-url remote://data-source/song_properties.parquet",
                "update --to-remote", "== v1's record", "top countries for Live Forever",
                // the overwritten model is not taken for a new version
                "refused: the workspace does not match dvc.lock");

        // day 3: the new songs' trend is found in the request log, on the trend's features only, and retrained on
        assertThat(o.drift().drifted()).isTrue();
        assertThat(o.drift().driftedFeatures()).isNotEmpty()
                .isSubsetOf("duration_ms", "danceability", "loudness", "acousticness");
        assertThat(o.drift().requests()).isGreaterThanOrEqualTo(100);
        // every logged song is new to the table (Live Forever, sent without an id, under an id made of its features)
        assertThat(o.retrain().songsAdded()).isEqualTo(o.drift().requests());
        ModelVersion v3 = o.v3();
        assertThat(v3).as("the retrain registers a version: " + o.retrain().refused()).isNotNull();
        assertThat(v3.description()).startsWith("retrained after drift in");
        assertThat(v3.dataMd5().get(Layout.PROPERTIES)).isNotEqualTo(o.v2().dataMd5().get(Layout.PROPERTIES));
        assertThat(v3.dataMd5().get(Layout.RANKINGS)).isNotEqualTo(o.v2().dataMd5().get(Layout.RANKINGS));
        // prod is whatever the gate let in, never a version it refused
        assertThat(o.prod()).isEqualTo(o.retrain().promotedTag() != null ? "v3" : o.prod());
        if (o.retrain().promotedTag() == null) {
            assertThat(o.retrain().refused()).contains("the gate refuses v3");
            assertThat(o.prod()).isNotEqualTo("v3");
        }
        // the stages ran through `jdvc repro`, each as a ./jukebox process (evaluate loads ONNX Runtime there)
        assertThat(log).contains("$ jdvc repro", "  Running stage 'evaluate':");
    }

    @Test
    void liveForeverConstantMatchesTheCourseFile() throws Exception {
        Song s = SongTables.readSongs(Reference.file("fav_new_song_properties.parquet")).songs().getFirst();
        assertThat(s.name()).isEqualTo("Live Forever");
        assertThat(Demo.LIVE_FOREVER).containsExactly(s.features());
    }
}
