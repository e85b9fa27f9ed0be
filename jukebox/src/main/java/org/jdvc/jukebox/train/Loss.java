package org.jdvc.jukebox.train;

import java.util.Locale;

/**
 * The training objective on the network's sigmoid outputs {@code p} against a song's country shares {@code y} (each
 * ranking row is one positive example of its country; a song's rows differ only in the country, so the shares weighted
 * by the row count give the same loss as the rows).
 *
 * <ul>
 *   <li>{@link #CATEGORICAL}: upstream's ({@code loss="categorical_crossentropy"} on sigmoid outputs in Keras): the
 *   outputs are first normalised to sum to 1, {@code q = p / sum(p)}, and the loss is {@code -sum y log q}. Only the
 *   outputs' ratios matter, so each stays a free score in (0, 1): upstream's scores sum to about 7 per song.</li>
 *   <li>{@link #BINARY}: binary cross-entropy of every output against {@code y}, averaged over the 72 outputs: the
 *   scores become estimates of the shares themselves and sum to about 1 per song.</li>
 * </ul>
 * Both rank countries alike when trained well; what differs is the scale of the scores a client sees.
 */
public enum Loss {
    CATEGORICAL, BINARY;

    /** Keras' clipping of probabilities before the logarithm. */
    static final double EPSILON = 1e-7;

    /** The name used in {@code params.yaml} ({@code train.loss}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The loss named {@code id} ({@code categorical} or {@code binary}). */
    public static Loss of(String id) {
        for (Loss l : values()) {
            if (l.id().equals(id)) {
                return l;
            }
        }
        throw new IllegalArgumentException("train.loss must be categorical or binary, not '" + id + "'");
    }

    /**
     * Writes {@code scale * dLoss/dz} for one row into {@code delta} ({@code z} the pre-sigmoid outputs) and returns
     * {@code scale * loss} of the row.
     *
     * <p>Categorical: with {@code S = sum p}, {@code dL/dp_j = -y_j / p_j + (sum y) / S} and {@code dp/dz = p (1 - p)},
     * so {@code dL/dz_j = (1 - p_j) (p_j sum(y) / S - y_j)}: no division by {@code p}, stable when outputs saturate.
     * Binary: {@code dL/dz_j = (p_j - y_j) / k} for the mean over the {@code k} outputs.
     */
    double rowGradient(float[] p, float[] y, int offset, int k, float scale, float[] delta) {
        double loss = 0;
        if (this == BINARY) {
            float s = scale / k;
            for (int j = offset; j < offset + k; j++) {
                delta[j] = s * (p[j] - y[j]);
                double pj = Math.clamp(p[j], EPSILON, 1 - EPSILON);
                loss -= s * (y[j] * Math.log(pj) + (1 - y[j]) * Math.log(1 - pj));
            }
            return loss;
        }
        double sum = 0, ySum = 0;
        for (int j = offset; j < offset + k; j++) {
            sum += p[j];
            ySum += y[j];
        }
        sum = Math.max(sum, EPSILON);
        for (int j = offset; j < offset + k; j++) {
            delta[j] = (float) (scale * (1 - p[j]) * (p[j] * ySum / sum - y[j]));
            if (y[j] != 0) {
                loss -= scale * y[j] * Math.log(Math.clamp(p[j] / sum, EPSILON, 1 - EPSILON));
            }
        }
        return loss;
    }

    /** The loss of one row (unscaled), for validation. */
    double rowLoss(float[] p, float[] y, int offset, int k) {
        double loss = 0;
        if (this == BINARY) {
            for (int j = offset; j < offset + k; j++) {
                double pj = Math.clamp(p[j], EPSILON, 1 - EPSILON);
                loss -= y[j] * Math.log(pj) + (1 - y[j]) * Math.log(1 - pj);
            }
            return loss / k;
        }
        double sum = 0;
        for (int j = offset; j < offset + k; j++) {
            sum += p[j];
        }
        sum = Math.max(sum, EPSILON);
        for (int j = offset; j < offset + k; j++) {
            if (y[j] != 0) {
                loss -= y[j] * Math.log(Math.clamp(p[j] / sum, EPSILON, 1 - EPSILON));
            }
        }
        return loss;
    }
}
