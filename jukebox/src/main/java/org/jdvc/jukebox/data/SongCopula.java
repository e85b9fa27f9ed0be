package org.jdvc.jukebox.data;

import java.util.SplittableRandom;

/**
 * Draws the continuous features (and the latent of {@code is_explicit}) of synthetic songs from a Gaussian copula:
 * correlated standard normals, each mapped through the normal CDF to a uniform and then through the real table's
 * quantile function (the README's quantile table, interpolated).
 *
 * <p>Why the latent correlations are calibrated: a copula's latent correlation is not the Pearson correlation of the
 * transformed features (skewed, zero-inflated or binary marginals shrink it), so each target pair's latent value is
 * found once by bisection on a fixed seeded sample so that the <em>output</em> Pearson correlation hits the target.
 * Immutable and thread-safe after construction.
 */
final class SongCopula {
    /** Latent dimensions, in this order. */
    static final int EXPLICIT = 0, DURATION = 1, DANCE = 2, ENERGY = 3, LOUDNESS = 4, SPEECH = 5, ACOUSTIC = 6,
            INSTRUMENTAL = 7, LIVENESS = 8, VALENCE = 9, TEMPO = 10, DIMS = 11;

    /** Share of explicit songs in the real table. */
    static final double EXPLICIT_SHARE = 0.327;

    private static final double[] PROBS = {0, 0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99, 1};

    /** The README's quantile table (min, p1, p5, p25, p50, p75, p95, p99, max); index = latent dimension. */
    private static final double[][] QUANTILES = {
            null, // is_explicit: a threshold, not a quantile function
            {0, 81_004, 118_365, 155_151, 181_382, 215_295, 285_197, 400_582, 939_666},
            {0, 0.2924, 0.422, 0.587, 0.695, 0.779, 0.879, 0.928, 0.988},
            {2.01e-05, 0.159, 0.33, 0.54, 0.668, 0.775, 0.902, 0.955, 0.998},
            {-37.33, -19.18, -12.59, -8.42, -6.61, -5.15, -3.28, -1.92, 3.23},
            {0, 0.0264, 0.0297, 0.0425, 0.0698, 0.164, 0.3548, 0.48, 0.921},
            {7.53e-06, 0.00093, 0.0063, 0.066, 0.197, 0.439, 0.795, 0.939, 0.996},
            {0, 0, 0, 0, 1.2e-06, 0.000155, 0.125, 0.8736, 0.974},
            {0.0139, 0.0412, 0.063, 0.098, 0.126, 0.223, 0.452, 0.7306, 0.978},
            {0, 0.0757, 0.165, 0.361, 0.536, 0.715, 0.9168, 0.965, 0.992},
            {0, 73.01, 80.87, 99.98, 121.82, 140.02, 172.12, 194.03, 235.91},
    };

    /** Share of exactly-zero instrumentalness in the real table: below it the quantile function is 0. */
    private static final double INSTRUMENTAL_ZEROS = 0.49;

    /** Target Pearson correlations of the real table (the README's list): {a, b, r}. */
    static final double[][] TARGETS = {
            {ENERGY, LOUDNESS, 0.71},
            {ENERGY, ACOUSTIC, -0.52},
            {LOUDNESS, INSTRUMENTAL, -0.40},
            {LOUDNESS, ACOUSTIC, -0.34},
            {DANCE, VALENCE, 0.35},
            {ENERGY, VALENCE, 0.35},
            {SPEECH, EXPLICIT, 0.36},
            {DANCE, ACOUSTIC, -0.27},
            {DANCE, DURATION, -0.19},
    };

    private final double[][] cholesky;

    SongCopula() {
        double[][] corr = new double[DIMS][DIMS];
        for (int i = 0; i < DIMS; i++) {
            corr[i][i] = 1;
        }
        for (double[] t : TARGETS) {
            int a = (int) t[0], b = (int) t[1];
            double latent = calibrate(a, b, t[2]);
            corr[a][b] = latent;
            corr[b][a] = latent;
        }
        // NOTE: the listed pairs alone are not a valid correlation matrix (energy-loudness and
        // loudness-instrumentalness are strong, but energy-instrumentalness would be 0). An unlisted pair that shares
        // a listed neighbour gets the product along that path (the value it has when the two are independent given
        // the neighbour); that completes the matrix to a positive definite one and leaves every target untouched.
        double[][] completed = new double[DIMS][];
        for (int a = 0; a < DIMS; a++) {
            completed[a] = corr[a].clone();
            for (int c = 0; c < DIMS; c++) {
                if (a == c || corr[a][c] != 0) {
                    continue;
                }
                for (int b = 0; b < DIMS; b++) {
                    double path = b == a || b == c ? 0 : corr[a][b] * corr[b][c];
                    if (Math.abs(path) > Math.abs(completed[a][c])) {
                        completed[a][c] = path;
                    }
                }
            }
        }
        cholesky = cholesky(completed);
    }

    /**
     * One song's 11 latent-derived values: [0] is 1 for explicit else 0, the others in real units; {@code shift}
     * times {@code amount} is added to the correlated latents (a trend in new songs).
     */
    double[] draw(SplittableRandom rnd, double[] shift, double amount) {
        double[] z = new double[DIMS];
        for (int i = 0; i < DIMS; i++) {
            z[i] = rnd.nextGaussian();
        }
        double[] x = new double[DIMS];
        for (int i = 0; i < DIMS; i++) {
            double s = 0;
            for (int j = 0; j <= i; j++) {
                s += cholesky[i][j] * z[j];
            }
            x[i] = transform(i, s + amount * shift[i]);
        }
        return x;
    }

    private static double transform(int dim, double latent) {
        double u = normalCdf(latent);
        if (dim == EXPLICIT) {
            return u > 1 - EXPLICIT_SHARE ? 1 : 0;
        }
        if (dim == INSTRUMENTAL && u < INSTRUMENTAL_ZEROS) {
            return 0;
        }
        return quantile(QUANTILES[dim], u);
    }

    /**
     * The quantile function between the table's points. Geometric interpolation where a segment spans more than a
     * factor 4 between positive ends (the long right tails of instrumentalness and acousticness): a straight line
     * there would put far too much mass at large values and overshoot the mean.
     */
    static double quantile(double[] q, double u) {
        int k = 1;
        while (k < PROBS.length - 1 && u > PROBS[k]) {
            k++;
        }
        double t = (u - PROBS[k - 1]) / (PROBS[k] - PROBS[k - 1]);
        t = Math.clamp(t, 0, 1);
        double lo = q[k - 1], hi = q[k];
        if (lo > 0 && hi / lo > 4) {
            return lo * StrictMath.pow(hi / lo, t);
        }
        // NOTE: min and max are single outliers: a straight line to them would spread the outer 1 % evenly out to
        // the extreme and inflate the spread (duration's sd by a quarter). A fourth power keeps most of that 1 %
        // near p1 and p99 and still reaches the extreme.
        if (k == PROBS.length - 1) {
            return lo + StrictMath.pow(t, 4) * (hi - lo);
        }
        if (k == 1) {
            return hi - StrictMath.pow(1 - t, 4) * (hi - lo);
        }
        return lo + t * (hi - lo);
    }

    /** The latent correlation whose transformed Pearson correlation is {@code target}, by bisection. */
    private static double calibrate(int a, int b, double target) {
        int n = 20_000;
        SplittableRandom rnd = new SplittableRandom(0x5EED + 31L * a + b);
        double[] z1 = new double[n], z2 = new double[n];
        for (int i = 0; i < n; i++) {
            z1[i] = rnd.nextGaussian();
            z2[i] = rnd.nextGaussian();
        }
        double lo = -0.99, hi = 0.99;
        for (int step = 0; step < 30; step++) {
            double mid = (lo + hi) / 2;
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = transform(a, z1[i]);
                y[i] = transform(b, mid * z1[i] + Math.sqrt(1 - mid * mid) * z2[i]);
            }
            if (pearson(x, y) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (s <= 0) {
                        throw new IllegalStateException("target correlations are not positive definite");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** Standard normal CDF via erfc (W. J. Cody's rational approximation as in Numerical Recipes, |error| < 1.2e-7). */
    static double normalCdf(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
