package org.jdvc.jukebox.monitor;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Two ways of telling whether a feature's values in recent requests come from the same distribution as in the
 * training data, computed on samples (no distribution assumed).
 *
 * <ul>
 *   <li>Population stability index: the reference is cut into bins (its deciles; its distinct values when it has at
 *   most 12, as {@code key} or {@code mode}), and {@code PSI = sum (c - r) ln(c / r)} over the bins' shares in the
 *   current ({@code c}) and reference ({@code r}) samples, an empty bin counting as 0.0001. The usual reading: below
 *   0.1 stable, 0.1–0.2 a shift worth watching, above 0.2 a significant shift.</li>
 *   <li>Kolmogorov–Smirnov: the largest distance between the two empirical distribution functions, and its
 *   asymptotic p-value (the Kolmogorov distribution with Stephens' small-sample correction).</li>
 * </ul>
 */
public final class Drift {
    static final int BINS = 10, MAX_DISCRETE = 12;
    private static final double EMPTY_SHARE = 1e-4;

    private Drift() {
    }

    /** The population stability index of {@code current} against {@code reference}. */
    public static double psi(double[] reference, double[] current) {
        double[] edges = edges(reference);
        double[] r = shares(reference, edges), c = shares(current, edges);
        double psi = 0;
        for (int b = 0; b < r.length; b++) {
            double rb = Math.max(r[b], EMPTY_SHARE), cb = Math.max(c[b], EMPTY_SHARE);
            psi += (cb - rb) * Math.log(cb / rb);
        }
        return psi;
    }

    /**
     * Upper bin edges: the distinct values of a discrete reference, else its deciles without repeats (a zero-inflated
     * feature such as instrumentalness has many equal deciles). A value belongs to the first bin whose edge is at
     * least the value; the last bin takes everything above.
     */
    static double[] edges(double[] reference) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double v : reference) {
            distinct.add(v);
            if (distinct.size() > MAX_DISCRETE) {
                break;
            }
        }
        if (distinct.size() <= MAX_DISCRETE) {
            double[] e = distinct.stream().mapToDouble(Double::doubleValue).toArray();
            return Arrays.copyOf(e, Math.max(0, e.length - 1));
        }
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        TreeSet<Double> cuts = new TreeSet<>();
        for (int b = 1; b < BINS; b++) {
            cuts.add(sorted[(int) Math.min(sorted.length - 1, Math.floor(b * (double) sorted.length / BINS))]);
        }
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] shares(double[] values, double[] edges) {
        double[] counts = new double[edges.length + 1];
        for (double v : values) {
            int i = Arrays.binarySearch(edges, v);
            counts[i >= 0 ? i : -i - 1]++;
        }
        for (int b = 0; b < counts.length; b++) {
            counts[b] /= Math.max(1, values.length);
        }
        return counts;
    }

    /** The two-sample Kolmogorov–Smirnov distance {@code sup |F_ref - F_cur|}. */
    public static double ks(double[] reference, double[] current) {
        double[] a = reference.clone(), b = current.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0, j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            // NOTE: step past every copy of x in both samples before comparing: ties move both functions at once
            while (i < a.length && a[i] == x) {
                i++;
            }
            while (j < b.length && b[j] == x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** The asymptotic p-value of a KS distance {@code d} between samples of sizes {@code n} and {@code m}. */
    public static double ksPValue(double d, int n, int m) {
        double ne = (double) n * m / (n + m);
        double lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
        if (lambda < 1e-3) {
            return 1;
        }
        double sum = 0, sign = 1;
        for (int k = 1; k <= 100; k++) {
            double term = sign * 2 * Math.exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-12) {
                break;
            }
            sign = -sign;
        }
        return Math.clamp(sum, 0, 1);
    }
}
