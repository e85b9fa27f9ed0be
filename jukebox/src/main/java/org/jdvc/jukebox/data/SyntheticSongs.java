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
 * <p>Every song charts at least once, as every song of the real table does (it lists the songs of the charts): a
 * song that never made a national Top 50 on its merits debuts low in the chart of the country whose taste suits it
 * best, on the first day it can, displacing a song that charts elsewhere too.
 *
 * <p>New data ({@link #grow}): the same catalogue and charts continued: more chart days, during which new songs are
 * released, optionally with a {@code trend} (newer songs more danceable, shorter, louder and less acoustic: what a
 * drift monitor should notice). The grown generator's tables are the earlier rows, unchanged, plus the new songs and
 * the new days' rankings appended, as when new chart data arrives; it can grow again.
 *
 * <p>Same options, same tables, byte for byte, whatever the thread count. Instances are immutable and thread-safe.
 */
public final class SyntheticSongs {

    /**
     * One release of the tables: how many songs and chart days they hold (counted from the start), and how far the
     * songs new in it lean towards the trend (0 for none; 1 moves the latent features of the trend by one standard
     * deviation).
     */
    public record Step(int songs, int days, double trend) {
    }

    /**
     * @param seed every random choice derives from it
     * @param start the first chart day
     * @param tasteStrength weight of the country taste against appeal; 0 makes countries indistinguishable
     * @param steps the first table and each growth after it: songs and days only grow; a step's new songs are
     *     released during its new days
     */
    public record Options(long seed, LocalDate start, double tasteStrength, List<Step> steps) {
        /** Upstream-sized defaults: 14,245 songs, a year of rankings (about 1.3 M rows). */
        public static Options defaults(long seed) {
            return new Options(seed, LocalDate.of(2024, 1, 1), 1.5, List.of(new Step(14_245, 365, 0)));
        }

        public Options {
            steps = List.copyOf(steps);
            if (steps.isEmpty() || steps.getFirst().songs() < 50 || steps.getFirst().days() < 1) {
                throw new IllegalArgumentException("need at least 50 songs and 1 day");
            }
            for (int k = 1; k < steps.size(); k++) {
                Step before = steps.get(k - 1), now = steps.get(k);
                if (now.songs() < before.songs() || now.days() <= before.days()) {
                    throw new IllegalArgumentException("new data keeps the songs and days before it and adds days");
                }
            }
        }

        /** Songs of the whole table. */
        public int songs() {
            return steps.getLast().songs();
        }

        /** Chart days of the whole table. */
        public int days() {
            return steps.getLast().days();
        }

        /** A single first table of {@code n} songs. */
        public Options withSongs(int n) {
            return new Options(seed, start, tasteStrength, List.of(new Step(n, steps.getFirst().days(), 0)));
        }

        /** A single first table of {@code n} days. */
        public Options withDays(int n) {
            return new Options(seed, start, tasteStrength, List.of(new Step(steps.getFirst().songs(), n, 0)));
        }
    }

    /** The latent shift of a trend of 1, in standard deviations: danceable, short, loud, not acoustic. */
    private static final double[] TREND = new double[SongCopula.DIMS];

    static {
        TREND[SongCopula.DANCE] = 1;
        TREND[SongCopula.DURATION] = -1;
        TREND[SongCopula.LOUDNESS] = 0.6;
        TREND[SongCopula.ACOUSTIC] = -0.8;
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
     * New data: these tables continued by {@code newDays} chart days during which {@code newSongs} new songs are
     * released. The grown tables start with exactly this generator's rows.
     */
    public SyntheticSongs grow(int newSongs, int newDays) {
        return grow(newSongs, newDays, 0);
    }

    /** Like {@link #grow(int, int)}, the new songs leaning towards the trend by {@code trend}. */
    public SyntheticSongs grow(int newSongs, int newDays, double trend) {
        List<Step> steps = new ArrayList<>(options.steps());
        steps.add(new Step(options.songs() + newSongs, options.days() + newDays, trend));
        return new SyntheticSongs(new Options(options.seed(), options.start(), options.tasteStrength(), steps));
    }

    /** The step song {@code i} is new in. */
    private int stepOf(int i) {
        int k = 0;
        while (i >= options.steps().get(k).songs()) {
            k++;
        }
        return k;
    }

    /** The first chart day of step {@code k}. */
    private int firstDayOf(int k) {
        return k == 0 ? 0 : options.steps().get(k - 1).days();
    }

    /** The {@code song_properties} table: {@code options.songs()} songs with distinct ids. */
    public List<Song> songs() {
        SongCopula copula = new SongCopula();
        SplittableRandom rnd = new SplittableRandom(options.seed());
        List<Song> songs = new ArrayList<>(options.songs());
        for (int i = 0; i < options.songs(); i++) {
            // NOTE: a song's snapshot time is the end of the table it first appeared in, so new data leaves the
            // earlier rows as they were
            Step step = options.steps().get(stepOf(i));
            var timestamp = options.start().plusDays(step.days()).atStartOfDay(ZoneOffset.UTC).toInstant();
            double[] x = copula.draw(rnd, TREND, step.trend());
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
        // NOTE: standardised with the first table's songs only, so that new songs leave the earlier scores unchanged
        float[][] z = standardized(songs, Math.min(n, options.steps().getFirst().songs()));
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
        // NOTE: the first table's songs draw from one stream, released up to its last day; later songs draw, in order,
        // from a second stream and are released during their step's new days (so they cannot enter earlier charts).
        SplittableRandom later = rnd.split();
        for (int i = 0; i < n; i++) {
            int step = stepOf(i);
            SplittableRandom r = step == 0 ? rnd : later;
            appeal[i] = r.nextGaussian();
            release[i] = r.nextInt(step == 0 ? -120 : firstDayOf(step), options.steps().get(step).days());
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
        debutUncharted(charts, z, taste, release);
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

    /**
     * Puts every song that never made a national chart on one: in the lower half of the chart of the country whose
     * taste suits it best (then the next best), on the first day it can be there, in place of the lowest-ranked song
     * that has another national appearance. Steps
     * are handled in order, each only within its own days and counting appearances before its end, so that a grown
     * generator makes the same earlier charts.
     */
    private void debutUncharted(int[][][] charts, float[][] z, double[][] taste, int[] release) {
        int n = z.length, countries = Countries.COUNT;
        for (int k = 0; k < options.steps().size(); k++) {
            int from = k == 0 ? 0 : options.steps().get(k - 1).songs();
            int to = Math.min(n, options.steps().get(k).songs());
            int endDay = options.steps().get(k).days();
            int[] appearances = new int[n];
            for (int p = 0; p < countries; p++) {
                for (int d = 0; d < endDay; d++) {
                    for (int i : charts[p][d]) {
                        appearances[i]++;
                    }
                }
            }
            for (int i = from; i < to; i++) {
                if (appearances[i] > 0) {
                    continue;
                }
                Integer[] byTaste = new Integer[countries];
                double[] fit = new double[countries];
                for (int c = 0; c < countries; c++) {
                    byTaste[c] = c;
                    for (int f = 0; f < Feature.COUNT; f++) {
                        fit[c] += taste[c][f] * z[i][f];
                    }
                }
                Arrays.sort(byTaste, (a, b) -> fit[a] != fit[b] ? Double.compare(fit[b], fit[a]) : a - b);
                int firstDay = Math.max(0, release[i]), lastDay = Math.min(endDay - 1, release[i] + MAX_AGE_DAYS);
                place:
                for (int c : byTaste) {
                    for (int d = firstDay; d <= lastDay; d++) {
                        int[] chart = charts[c][d];
                        if (chart.length < PLAYLIST) {
                            charts[c][d] = Arrays.copyOf(chart, chart.length + 1);
                            charts[c][d][chart.length] = i;
                            appearances[i]++;
                            break place;
                        }
                        for (int r = PLAYLIST - 1; r >= PLAYLIST / 2; r--) {
                            if (appearances[chart[r]] > 1) {
                                appearances[chart[r]]--;
                                chart[r] = i;
                                appearances[i]++;
                                break place;
                            }
                        }
                    }
                }
            }
        }
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
        double f = StrictMath.pow(10, decimals);
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
