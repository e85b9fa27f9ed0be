package org.jdvc.jukebox.data;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A seeded generator of synthetic {@code song_properties} and {@code song_rankings} tables shaped like the real ones.
 *
 * <p>Songs: continuous features from a Gaussian copula ({@link SongCopula}) with the real quantiles as marginals and
 * the real table's listed correlations; {@code key}, {@code mode} (major more likely in keys 0, 1, 2, 7, 8) and
 * {@code time_signature} drawn with the real shares.
 *
 * <p>Rankings: each country has a taste, a random linear function of the standardised features (a shared regional
 * part plus its own), and each song a global appeal, a release day and a slowly fading freshness. A country's
 * playlist on a day is the 50 released songs with the highest taste + appeal + freshness + a small daily wobble; the
 * Global playlist (empty country) uses the mean taste. Because the country part depends on the features, a model can
 * learn which countries a song charts in. One row per song, playlist and day: {@code 73 * 50 * days} rows.
 *
 * <p>Day 2 ({@link #grow}): the same catalogue and charts continued: {@code days} more chart days, during which new
 * songs are released. The grown generator's tables are day 1's rows, unchanged, plus the new songs and the new days'
 * rankings appended, as when new chart data arrives.
 *
 * <p>Same options, same tables, byte for byte, whatever the thread count. Instances are immutable and thread-safe.
 */
public final class SyntheticSongs {

    /**
     * @param seed every random choice derives from it
     * @param songs rows of {@code song_properties}
     * @param days days of rankings, from {@code start}
     * @param tasteStrength weight of the country taste against appeal; 0 makes countries indistinguishable
     * @param firstSongs songs of day 1's table (released before day {@code firstDays}); the others are released on
     *     days {@code firstDays..days-1}. Equal to {@code songs} and {@code days} for a day-1 generator.
     * @param firstDays chart days of day 1's table
     */
    public record Options(long seed, int songs, int days, LocalDate start, double tasteStrength, int firstSongs,
                          int firstDays) {
        /** Upstream-sized defaults: 14,245 songs, a year of rankings (about 1.3 M rows). */
        public static Options defaults(long seed) {
            return new Options(seed, 14_245, 365, LocalDate.of(2024, 1, 1), 1.5, 14_245, 365);
        }

        public Options {
            if (firstSongs < 50 || firstDays < 1) {
                throw new IllegalArgumentException("need at least 50 songs and 1 day");
            }
            if (songs < firstSongs || days < firstDays || (songs > firstSongs && days == firstDays)) {
                throw new IllegalArgumentException("day 2 keeps day 1's songs and days; new songs need new days");
            }
        }

        public Options withSongs(int n) {
            return new Options(seed, n, days, start, tasteStrength, n, days);
        }

        public Options withDays(int n) {
            return new Options(seed, songs, n, start, tasteStrength, songs, n);
        }
    }

    private static final double[] KEY_SHARES = {.099, .127, .084, .034, .072, .084, .080, .092, .079, .087, .073,
            .089};
    /** P(major | key): 0.2 higher in keys 0, 1, 2, 7, 8 (48.1 % of songs), so that the overall share is 51.2 %. */
    private static final double MAJOR_LOW = 0.4158, MAJOR_HIGH = 0.6158;
    private static final int[] TIME_SIGNATURES = {4, 3, 5, 1};
    private static final double[] TIME_SIGNATURE_SHARES = {.914, .061, .020, .005};
    private static final int PLAYLIST = 50, REGIONS = 6, MAX_AGE_DAYS = 240;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Options options;

    public SyntheticSongs(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * Day 2: this day-1 generator continued by {@code newDays} chart days during which {@code newSongs} new songs are
     * released. Its tables start with exactly this generator's rows.
     *
     * @throws IllegalStateException when this generator is itself grown (one growth step is modelled)
     */
    public SyntheticSongs grow(int newSongs, int newDays) {
        Options o = options;
        if (o.songs() != o.firstSongs() || o.days() != o.firstDays()) {
            throw new IllegalStateException("only a day-1 generator can grow");
        }
        return new SyntheticSongs(new Options(o.seed(), o.songs() + newSongs, o.days() + newDays, o.start(),
                o.tasteStrength(), o.songs(), o.days()));
    }

    /** The {@code song_properties} table: {@code options.songs()} songs with distinct ids. */
    public List<Song> songs() {
        SongCopula copula = new SongCopula();
        SplittableRandom rnd = new SplittableRandom(options.seed());
        List<Song> songs = new ArrayList<>(options.songs());
        // NOTE: a song's snapshot time is the end of the table it first appeared in, so day 2 leaves day 1's rows as
        // they were.
        var firstTimestamp = options.start().plusDays(options.firstDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
        var newTimestamp = options.start().plusDays(options.days()).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < options.songs(); i++) {
            var timestamp = i < options.firstSongs() ? firstTimestamp : newTimestamp;
            double[] x = copula.draw(rnd);
            int key = pick(KEY_SHARES, rnd.nextDouble());
            boolean majorKey = key == 0 || key == 1 || key == 2 || key == 7 || key == 8;
            int mode = rnd.nextDouble() < (majorKey ? MAJOR_HIGH : MAJOR_LOW) ? 1 : 0;
            int sig = TIME_SIGNATURES[pick(TIME_SIGNATURE_SHARES, rnd.nextDouble())];
            StringBuilder id = new StringBuilder(22);
            for (int c = 0; c < 22; c++) {
                id.append(BASE62.charAt(rnd.nextInt(62)));
            }
            songs.add(new Song(id.toString(), "Synthetic song " + i, "Artist " + rnd.nextInt(3000), timestamp,
                    x[SongCopula.EXPLICIT] == 1, Math.round(x[SongCopula.DURATION]),
                    round(x[SongCopula.DANCE], 3), round(x[SongCopula.ENERGY], 4), key,
                    round(x[SongCopula.LOUDNESS], 3), mode, significant(x[SongCopula.SPEECH]),
                    significant(x[SongCopula.ACOUSTIC]), significant(x[SongCopula.INSTRUMENTAL]),
                    round(x[SongCopula.LIVENESS], 4), round(x[SongCopula.VALENCE], 3), round(x[SongCopula.TEMPO], 3),
                    sig));
        }
        return songs;
    }

    /**
     * The {@code song_rankings} table for {@code songs} (normally {@link #songs()}): ordered by day, then playlist
     * (Global first, then the 72 countries in label order), then rank. Uses up to {@code threads} threads.
     */
    public List<Ranking> rankings(List<Song> songs, int threads) {
        int n = songs.size(), countries = Countries.COUNT;
        SplittableRandom rnd = new SplittableRandom(options.seed() ^ 0x7A57E5L);
        // NOTE: standardised with day 1's songs only, so that day 2's new songs leave day 1's scores unchanged
        float[][] z = standardized(songs, Math.min(n, options.firstSongs()));
        double[][] regions = new double[REGIONS][Feature.COUNT];
        for (double[] r : regions) {
            fillGaussian(r, rnd);
        }
        // NOTE: taste[countries] is the Global playlist: the mean of the national tastes.
        double[][] taste = new double[countries + 1][Feature.COUNT];
        for (int c = 0; c < countries; c++) {
            double[] own = new double[Feature.COUNT];
            fillGaussian(own, rnd);
            double[] region = regions[rnd.nextInt(REGIONS)];
            for (int f = 0; f < Feature.COUNT; f++) {
                taste[c][f] = 0.7 * region[f] + 0.7 * own[f];
                taste[countries][f] += taste[c][f] / countries;
            }
        }
        long wobbleSeed = rnd.nextLong();
        double[] appeal = new double[n];
        int[] release = new int[n];
        // NOTE: day 1's songs draw first, from one stream, with day 1's release window; day 2's new songs draw from
        // a second stream and are released in the new days (so they cannot enter day 1's charts).
        SplittableRandom later = rnd.split();
        for (int i = 0; i < n; i++) {
            boolean first = i < options.firstSongs();
            appeal[i] = (first ? rnd : later).nextGaussian();
            release[i] = first ? rnd.nextInt(-120, options.firstDays())
                    : later.nextInt(options.firstDays(), options.days());
        }
        double scale = options.tasteStrength() / Math.sqrt(Feature.COUNT);
        // charts[p][d] = the song indices ranked 1..50 on playlist p on day d
        int[][][] charts = new int[countries + 1][][];
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads))) {
            List<Future<int[][]>> futures = new ArrayList<>();
            for (int p = 0; p <= countries; p++) {
                double[] w = taste[p];
                futures.add(pool.submit(() -> chart(z, w, scale, appeal, release, wobbleSeed)));
            }
            for (int p = 0; p <= countries; p++) {
                charts[p] = futures.get(p).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        List<Ranking> rows = new ArrayList<>((countries + 1) * PLAYLIST * options.days());
        for (int d = 0; d < options.days(); d++) {
            LocalDate date = options.start().plusDays(d);
            for (int k = 0; k <= countries; k++) {
                int p = k == 0 ? countries : k - 1;
                String country = p == countries ? "" : Countries.codes().get(p);
                Map<Integer, Integer> yesterday = rankOf(charts[p], d - 1);
                Map<Integer, Integer> lastWeek = rankOf(charts[p], d - 7);
                for (int r = 0; r < charts[p][d].length; r++) {
                    int i = charts[p][d][r];
                    Song s = songs.get(i);
                    int rank = r + 1;
                    int age = d - release[i];
                    int popularity = (int) Math.clamp(Math.round(60 + 12 * appeal[i] - age / 10.0), 0, 100);
                    rows.add(new Ranking(s.spotifyId(), s.name(), s.artists(), popularity, rank,
                            yesterday.getOrDefault(i, PLAYLIST + 1) - rank,
                            lastWeek.getOrDefault(i, PLAYLIST + 1) - rank, country, date, s.name(),
                            options.start().plusDays(release[i]).toString()));
                }
            }
        }
        return rows;
    }

    private int[][] chart(float[][] z, double[] w, double scale, double[] appeal, int[] release, long wobbleSeed) {
        int n = z.length;
        double[] base = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 0;
            for (int f = 0; f < Feature.COUNT; f++) {
                t += w[f] * z[i][f];
            }
            base[i] = scale * t + appeal[i];
        }
        int[][] out = new int[options.days()][];
        int[] best = new int[PLAYLIST];
        double[] bestScore = new double[PLAYLIST];
        for (int d = 0; d < options.days(); d++) {
            int size = 0;
            for (int i = 0; i < n; i++) {
                int age = d - release[i];
                if (age < 0 || age > MAX_AGE_DAYS) {
                    continue;
                }
                // NOTE: the wobble is a hash of (song, day), identical on every playlist, so charts move together
                // a little from day to day without a random stream per playlist.
                double score = base[i] - age / 30.0 + 0.3 * wobble(wobbleSeed, i, d);
                if (size < PLAYLIST) {
                    int at = size++;
                    while (at > 0 && bestScore[at - 1] < score) {
                        bestScore[at] = bestScore[at - 1];
                        best[at] = best[at - 1];
                        at--;
                    }
                    bestScore[at] = score;
                    best[at] = i;
                } else if (score > bestScore[PLAYLIST - 1]) {
                    int at = PLAYLIST - 1;
                    while (at > 0 && bestScore[at - 1] < score) {
                        bestScore[at] = bestScore[at - 1];
                        best[at] = best[at - 1];
                        at--;
                    }
                    bestScore[at] = score;
                    best[at] = i;
                }
            }
            out[d] = Arrays.copyOf(best, size);
        }
        return out;
    }

    private static Map<Integer, Integer> rankOf(int[][] chart, int day) {
        if (day < 0) {
            return Map.of();
        }
        Map<Integer, Integer> ranks = new HashMap<>();
        for (int r = 0; r < chart[day].length; r++) {
            ranks.put(chart[day][r], r + 1);
        }
        return ranks;
    }

    /** A deterministic value in [-1, 1) from (seed, song, day): SplitMix64's finaliser. */
    private static double wobble(long seed, int song, int day) {
        long x = seed + song * 0x9E3779B97F4A7C15L + day * 0xC2B2AE3D27D4EB4FL;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        x ^= x >>> 31;
        return (x >>> 11) * 0x1.0p-52 - 1;
    }

    /** Every song's features standardised with the mean and deviation of the first {@code fitted} songs. */
    private static float[][] standardized(List<Song> songs, int fitted) {
        int n = songs.size();
        float[][] z = new float[n][];
        double[] mean = new double[Feature.COUNT], sq = new double[Feature.COUNT];
        for (int i = 0; i < fitted; i++) {
            double[] f = songs.get(i).features();
            for (int k = 0; k < Feature.COUNT; k++) {
                mean[k] += f[k] / fitted;
                sq[k] += f[k] * f[k] / fitted;
            }
        }
        for (int i = 0; i < n; i++) {
            double[] f = songs.get(i).features();
            z[i] = new float[Feature.COUNT];
            for (int k = 0; k < Feature.COUNT; k++) {
                double sd = Math.sqrt(Math.max(sq[k] - mean[k] * mean[k], 1e-12));
                z[i][k] = (float) ((f[k] - mean[k]) / sd);
            }
        }
        return z;
    }

    private static void fillGaussian(double[] v, SplittableRandom rnd) {
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
    }

    private static int pick(double[] shares, double u) {
        double total = 0;
        for (double s : shares) {
            total += s;
        }
        double acc = 0;
        for (int i = 0; i < shares.length; i++) {
            acc += shares[i] / total;
            if (u < acc) {
                return i;
            }
        }
        return shares.length - 1;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    /** Three significant digits, as the real table stores the small audio features. */
    private static double significant(double v) {
        if (v == 0) {
            return 0;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }
}
