package org.jdvc.jukebox.pipeline;

import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.train.LabeledSongs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The prepare stage's split: a fifth of the songs held out, each song on the same side however the data grows. */
class StagesTest {

    @Test
    void aSongStaysOnItsSideAsDataGrows(@TempDir Path dir) throws Exception {
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(5).withSongs(1000).withDays(10));
        SyntheticSongs day2 = day1.grow(300, 5);
        Params params = Params.defaults();
        Split one = prepare(dir.resolve("one"), day1, params);
        Split two = prepare(dir.resolve("two"), day2, params);
        assertThat(one.test().size() / (double) (one.test().size() + one.train().size())).isCloseTo(0.2, within(0.04));
        assertThat(two.test()).containsAll(one.test()).doesNotContainAnyElementsOf(one.train());
        assertThat(two.train()).containsAll(one.train());
        // another seed, another split
        Split other = prepare(dir.resolve("other"), day1, new Params(0.2, 7, params.hidden(), params.epochs(),
                params.learningRate(), params.batch(), params.trainSeed(), params.loss(), params.validation(),
                params.patience()));
        assertThat(other.test()).isNotEqualTo(one.test());
    }

    private record Split(Set<String> train, Set<String> test) {
    }

    private static Split prepare(Path dir, SyntheticSongs gen, Params params) throws Exception {
        List<Song> songs = gen.songs();
        SongTables.writeSongs(dir.resolve("p.parquet"), songs);
        SongTables.writeRankings(dir.resolve("r.parquet"), gen.rankings(songs, 2));
        Stages.prepare(dir.resolve("p.parquet"), dir.resolve("r.parquet"), params, dir.resolve("prepared"));
        return new Split(ids(PreparedSet.read(dir.resolve("prepared/train.csv"))),
                ids(PreparedSet.read(dir.resolve("prepared/test.csv"))));
    }

    private static Set<String> ids(LabeledSongs set) {
        Set<String> ids = new HashSet<>();
        set.songs().forEach(s -> ids.add(s.spotifyId()));
        return ids;
    }
}
