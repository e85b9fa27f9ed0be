package org.jdvc.jukebox.train;

import org.jdvc.jukebox.data.Countries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Held-out scores, counted per ranking row as upstream's row-wise accuracy counts them: a row (song, country) is a hit
 * when the country is the song's highest score (top-5: among its five highest).
 *
 * @param baselineAccuracy always predicting the country with the most training rows (the majority class)
 * @param baselineTop5 always predicting the five countries with the most training rows
 * @param countries per-country recall: of the held-out rows of that country, the share hit at 1 and at 5
 */
public record Evaluation(long rows, double accuracy, double top5, double baselineAccuracy, double baselineTop5,
                         List<CountryScore> countries) {

    /** One country's held-out rows and recall at 1 and 5. */
    public record CountryScore(String country, long rows, double recallAt1, double recallAt5) {
    }

    /**
     * Scores {@code predictions} (row-major {@code [songs][72]}) of {@code heldOut} against the majority classes of
     * {@code training}.
     */
    public static Evaluation of(float[] predictions, LabeledSongs heldOut, LabeledSongs training) {
        int k = Countries.COUNT;
        long[] trainRows = new long[k];
        for (int[] c : training.counts()) {
            for (int j = 0; j < k; j++) {
                trainRows[j] += c[j];
            }
        }
        Integer[] byFrequency = new Integer[k];
        for (int j = 0; j < k; j++) {
            byFrequency[j] = j;
        }
        // NOTE: ties go to the lower label index, so the baseline is deterministic.
        Arrays.sort(byFrequency, (a, b) -> trainRows[a] != trainRows[b] ? Long.compare(trainRows[b], trainRows[a])
                : Integer.compare(a, b));
        long[] rows = new long[k], hit1 = new long[k], hit5 = new long[k];
        long base1 = 0, base5 = 0, total = 0;
        for (int s = 0; s < heldOut.size(); s++) {
            int[] c = heldOut.counts().get(s);
            int[] top = top5(predictions, s * k);
            for (int j = 0; j < k; j++) {
                rows[j] += c[j];
                total += c[j];
            }
            hit1[top[0]] += c[top[0]];
            for (int t = 0; t < 5; t++) {
                hit5[top[t]] += c[top[t]];
            }
            base1 += c[byFrequency[0]];
            for (int t = 0; t < 5; t++) {
                base5 += c[byFrequency[t]];
            }
        }
        List<CountryScore> perCountry = new ArrayList<>();
        long h1 = 0, h5 = 0;
        for (int j = 0; j < k; j++) {
            h1 += hit1[j];
            h5 += hit5[j];
            perCountry.add(new CountryScore(Countries.codes().get(j), rows[j], ratio(hit1[j], rows[j]),
                    ratio(hit5[j], rows[j])));
        }
        return new Evaluation(total, ratio(h1, total), ratio(h5, total), ratio(base1, total), ratio(base5, total),
                List.copyOf(perCountry));
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static int[] top5(float[] p, int offset) {
        int[] top = new int[5];
        Arrays.fill(top, -1);
        for (int j = 0; j < Countries.COUNT; j++) {
            float v = p[offset + j];
            for (int t = 0; t < 5; t++) {
                if (top[t] < 0 || v > p[offset + top[t]]) {
                    System.arraycopy(top, t, top, t + 1, 4 - t);
                    top[t] = j;
                    break;
                }
            }
        }
        return top;
    }

    /** A one-screen summary. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "held-out rows %d: accuracy %.4f (baseline %.4f), top-5 %.4f (baseline %.4f)", rows, accuracy,
                baselineAccuracy, top5, baselineTop5);
    }
}
