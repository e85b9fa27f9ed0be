package org.jdvc.jukebox.monitor;

import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Drift statistics on known samples, and the monitor's verdict on request logs drawn from the training distribution
 * (no drift) and from new songs that lean towards the generator's trend (drift on those features only).
 */
class DriftTest {
    private static final List<Song> TRAINING = new SyntheticSongs(SyntheticSongs.Options.defaults(1).withSongs(1500)
            .withDays(5)).songs();

    @Test
    void identicalSamplesDoNotDriftAndShiftedOnesDo() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] a = new double[2000], b = new double[2000], shifted = new double[2000];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
            b[i] = rnd.nextGaussian();
            shifted[i] = rnd.nextGaussian() + 0.5;
        }
        assertThat(Drift.psi(a, a)).isZero();
        assertThat(Drift.ks(a, a)).isZero();
        assertThat(Drift.psi(a, b)).isLessThan(0.05);
        assertThat(Drift.ksPValue(Drift.ks(a, b), a.length, b.length)).isGreaterThan(0.01);
        assertThat(Drift.psi(a, shifted)).isGreaterThan(0.2);
        // the KS distance of N(0,1) and N(0.5,1) is 2*Phi(0.25)-1 = 0.197
        assertThat(Drift.ks(a, shifted)).isCloseTo(0.197, within(0.04));
        assertThat(Drift.ksPValue(Drift.ks(a, shifted), a.length, shifted.length)).isLessThan(1e-10);
    }

    @Test
    void discreteFeaturesAreBinnedByValue() {
        double[] ref = new double[1000], cur = new double[1000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i % 2;            // half explicit
            cur[i] = i % 10 < 8 ? 1 : 0; // 80 % explicit
        }
        assertThat(Drift.edges(ref)).containsExactly(0.0);
        // (0.8-0.5) ln(0.8/0.5) + (0.2-0.5) ln(0.2/0.5)
        assertThat(Drift.psi(ref, cur)).isCloseTo(0.3 * Math.log(1.6) - 0.3 * Math.log(0.4), within(1e-9));
    }

    @Test
    void requestsLikeTheTrainingDataShowNoDrift() {
        List<Song> requests = new SyntheticSongs(SyntheticSongs.Options.defaults(2).withSongs(400).withDays(5)).songs();
        List<Monitor.FeatureDrift> drift = Monitor.compare(TRAINING, requests.stream().map(Song::features).toList(),
                Monitor.Thresholds.defaults());
        assertThat(drift).hasSize(13).noneMatch(Monitor.FeatureDrift::drifted);
    }

    @Test
    void trendingNewSongsDriftOnTheTrendsFeaturesOnly() {
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(1).withSongs(1500).withDays(5));
        SyntheticSongs later = day1.grow(400, 3, 1.2);
        List<Song> newSongs = later.songs().subList(1500, 1900);
        List<Monitor.FeatureDrift> drift = Monitor.compare(TRAINING, newSongs.stream().map(Song::features).toList(),
                Monitor.Thresholds.defaults());
        assertThat(drift.stream().filter(Monitor.FeatureDrift::drifted).map(Monitor.FeatureDrift::feature))
                .containsExactlyInAnyOrder("duration_ms", "danceability", "loudness", "acousticness");
    }
}
