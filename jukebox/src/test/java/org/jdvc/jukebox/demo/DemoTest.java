package org.jdvc.jukebox.demo;

import org.jdvc.jukebox.Reference;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Stages;
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
        // serving: 72 probabilities for Live Forever
        assertThat(o.liveForever()).hasSize(72);
        assertThat(o.liveForever().values()).allSatisfy(v -> assertThat(v).isBetween(0f, 1f));
        assertThat(String.join("\n", log)).contains("import-url remote://data-source/song_properties.parquet",
                "update --to-remote", "== v1's record", "top countries for Live Forever");
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
