package org.jdvc.jukebox.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The generator reproduces the reference README's statistics of the real table. Tolerances: means within 0.1
 * standard deviations, standard deviations within 15 %, shares within 2 points, the listed correlations within 0.05
 * (the sampling error of a correlation over 14k songs is about 0.01).
 */
class SyntheticSongsTest {
    private static List<Song> songs;

    @BeforeAll
    static void generate() {
        songs = new SyntheticSongs(SyntheticSongs.Options.defaults(11)).songs();
    }

    /** column -> {mean, std} of the real table. */
    private static final Map<String, double[]> REAL = Map.of(
            "duration_ms", new double[] {190_311, 59_950},
            "danceability", new double[] {0.6767, 0.1399},
            "energy", new double[] {0.6478, 0.1741},
            "loudness", new double[] {-7.14, 3.28},
            "speechiness", new double[] {0.1202, 0.1109},
            "acousticness", new double[] {0.2779, 0.2535},
            "instrumentalness", new double[] {0.0307, 0.1385},
            "liveness", new double[] {0.1814, 0.1383},
            "valence", new double[] {0.5376, 0.229},
            "tempo", new double[] {122.36, 27.80});

    @Test
    void meansAndSpreadsMatchTheRealTable() {
        REAL.forEach((column, stats) -> {
            double[] v = column(column);
            double mean = mean(v), sd = Math.sqrt(mean(square(v, mean)));
            System.out.printf("%s mean %.4f (real %.4f) sd %.4f (real %.4f)%n", column, mean, stats[0], sd, stats[1]);
            assertThat(mean).as(column + " mean").isCloseTo(stats[0], within(0.1 * stats[1]));
            assertThat(sd).as(column + " sd").isCloseTo(stats[1], within(0.15 * stats[1]));
        });
    }

    @Test
    void discreteSharesMatchTheRealTable() {
        assertThat(share(Song::explicit)).isCloseTo(0.327, within(0.02));
        assertThat(share(s -> s.mode() == 1)).isCloseTo(0.512, within(0.02));
        assertThat(share(s -> s.instrumentalness() == 0)).isCloseTo(0.49, within(0.02));
        double[] keys = {.099, .127, .084, .034, .072, .084, .080, .092, .079, .087, .073, .089};
        for (int k = 0; k < 12; k++) {
            int key = k;
            assertThat(share(s -> s.key() == key)).as("key " + k).isCloseTo(keys[k], within(0.015));
        }
        assertThat(share(s -> s.timeSignature() == 4)).isCloseTo(0.914, within(0.02));
        assertThat(share(s -> s.timeSignature() == 3)).isCloseTo(0.061, within(0.02));
        // major is more likely in keys 0, 1, 2, 7, 8
        assertThat(share(s -> s.mode() == 1 && s.key() == 1) / share(s -> s.key() == 1))
                .isGreaterThan(share(s -> s.mode() == 1 && s.key() == 3) / share(s -> s.key() == 3));
    }

    @Test
    void listedCorrelationsMatchTheRealTable() {
        Object[][] pairs = {
                {"energy", "loudness", 0.71}, {"energy", "acousticness", -0.52},
                {"loudness", "instrumentalness", -0.40}, {"loudness", "acousticness", -0.34},
                {"danceability", "valence", 0.35}, {"energy", "valence", 0.35}, {"speechiness", "is_explicit", 0.36},
                {"danceability", "acousticness", -0.27}, {"danceability", "duration_ms", -0.19}};
        for (Object[] p : pairs) {
            double r = SongCopula.pearson(column((String) p[0]), column((String) p[1]));
            System.out.printf("corr %s-%s %.3f (real %.2f)%n", p[0], p[1], r, (double) p[2]);
            assertThat(r).as(p[0] + "-" + p[1]).isCloseTo((double) p[2], within(0.05));
        }
    }

    @Test
    void sameSeedSameTablesOtherSeedOtherTables() {
        SyntheticSongs.Options o = SyntheticSongs.Options.defaults(5).withSongs(500).withDays(4);
        List<Song> a = new SyntheticSongs(o).songs();
        assertThat(new SyntheticSongs(o).songs()).isEqualTo(a);
        assertThat(new SyntheticSongs(o).rankings(a, 1)).isEqualTo(new SyntheticSongs(o).rankings(a, 3));
        assertThat(new SyntheticSongs(SyntheticSongs.Options.defaults(6).withSongs(500).withDays(4)).songs())
                .isNotEqualTo(a);
    }

    @Test
    void rankingsHaveOneTop50PerPlaylistAndDay() {
        SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(5).withSongs(3000).withDays(10));
        List<Ranking> r = gen.rankings(gen.songs(), 2);
        assertThat(r.size()).isEqualTo(73 * 50 * 10);
        assertThat(r.stream().filter(Ranking::global).count()).isEqualTo(50 * 10);
        assertThat(r.stream().map(Ranking::country).distinct().count()).isEqualTo(73);
        assertThat(r).allMatch(x -> x.dailyRank() >= 1 && x.dailyRank() <= 50);
        // countries differ: not every playlist is the Global one
        long distinctSongs = r.stream().map(Ranking::spotifyId).distinct().count();
        assertThat(distinctSongs).isGreaterThan(200);
    }

    private static double share(java.util.function.Predicate<Song> p) {
        return (double) songs.stream().filter(p).count() / songs.size();
    }

    private static double[] column(String name) {
        int f = Feature.names().indexOf(name);
        ToDoubleFunction<Song> get = s -> s.features()[f];
        return songs.stream().mapToDouble(get).toArray();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double[] square(double[] v, double mean) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - mean) * (v[i] - mean);
        }
        return out;
    }

    /** Every song of the real table charts somewhere (it lists the songs of the charts); so must every synthetic one. */
    @Test
    void everySongChartsInAtLeastOneCountry() {
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(5).withSongs(3000).withDays(10));
        SyntheticSongs day2 = day1.grow(300, 4);
        for (SyntheticSongs gen : List.of(day1, day2)) {
            List<Song> songs = gen.songs();
            List<Ranking> r = gen.rankings(songs, 2);
            java.util.Set<String> charted = new java.util.HashSet<>();
            r.stream().filter(x -> !x.global()).forEach(x -> charted.add(x.spotifyId()));
            assertThat(songs).allMatch(x -> charted.contains(x.spotifyId()));
            assertThat(r).hasSize(73 * 50 * gen.options().days());
            // a debut displaces only songs that chart elsewhere too, and no chart holds a song twice
            java.util.Map<String, Long> perChart = new java.util.HashMap<>();
            r.forEach(x -> perChart.merge(x.country() + x.snapshotDate() + x.spotifyId(), 1L, Long::sum));
            assertThat(perChart.values()).allMatch(c -> c == 1);
        }
    }

    /** A trend moves the new songs' features its way, and grown tables can grow again, each keeping the rows before. */
    @Test
    void trendingNewDataShiftsTheNewSongsAndKeepsEarlierRows() {
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(5).withSongs(400).withDays(6));
        SyntheticSongs day2 = day1.grow(40, 3);
        SyntheticSongs day3 = day2.grow(400, 4, 1.0);
        List<Song> songs2 = day2.songs(), songs3 = day3.songs();
        assertThat(songs3).startsWith(songs2.toArray(Song[]::new));
        List<Ranking> r2 = day2.rankings(songs2, 1), r3 = day3.rankings(songs3, 2);
        assertThat(r3.subList(0, r2.size())).isEqualTo(r2);
        double oldDance = songs2.stream().mapToDouble(Song::danceability).average().orElseThrow();
        double newDance = songs3.subList(440, 840).stream().mapToDouble(Song::danceability).average().orElseThrow();
        double oldDuration = songs2.stream().mapToDouble(Song::durationMs).average().orElseThrow();
        double newDuration = songs3.subList(440, 840).stream().mapToDouble(Song::durationMs).average().orElseThrow();
        assertThat(newDance - oldDance).isGreaterThan(0.08);
        assertThat(newDuration).isLessThan(oldDuration - 20_000);
        // features without a trend stay put
        double oldTempo = songs2.stream().mapToDouble(Song::tempo).average().orElseThrow();
        double newTempo = songs3.subList(440, 840).stream().mapToDouble(Song::tempo).average().orElseThrow();
        assertThat(newTempo).isCloseTo(oldTempo, within(6.0));
    }

    @Test
    void dayTwoAppendsNewDaysAndSongsToDayOne() {
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(5).withSongs(400).withDays(6));
        List<Song> songs1 = day1.songs();
        List<Ranking> rankings1 = day1.rankings(songs1, 2);
        SyntheticSongs day2 = day1.grow(40, 3);
        List<Song> songs2 = day2.songs();
        List<Ranking> rankings2 = day2.rankings(songs2, 3);

        // day 1's rows, exactly, then the new ones
        assertThat(songs2).hasSize(440).startsWith(songs1.toArray(Song[]::new));
        assertThat(rankings2.subList(0, rankings1.size())).isEqualTo(rankings1);
        java.time.LocalDate lastDay1 = rankings1.getLast().snapshotDate();
        List<Ranking> added = rankings2.subList(rankings1.size(), rankings2.size());
        assertThat(added).hasSize(3 * 73 * 50).allSatisfy(r -> assertThat(r.snapshotDate()).isAfter(lastDay1));
        assertThat(added.stream().map(Ranking::snapshotDate).distinct()).hasSize(3);
        // new songs are released during the new days, and some of them chart there
        java.util.Set<String> newIds = new java.util.HashSet<>();
        songs2.subList(400, 440).forEach(s -> newIds.add(s.spotifyId()));
        assertThat(rankings1).noneMatch(r -> newIds.contains(r.spotifyId()));
        assertThat(added).anyMatch(r -> newIds.contains(r.spotifyId()));
        // deterministic by seed
        assertThat(day1.grow(40, 3).rankings(day1.grow(40, 3).songs(), 1)).isEqualTo(rankings2);
    }
}
