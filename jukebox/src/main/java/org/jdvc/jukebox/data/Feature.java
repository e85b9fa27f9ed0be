package org.jdvc.jukebox.data;

import java.util.List;

/**
 * The 13 model inputs, in upstream order (the order of the course's {@code model.onnx} inputs and of the columns of a
 * {@code [N,13]} tensor). {@code time_signature} is in the table but not a model input.
 */
public enum Feature {
    IS_EXPLICIT("is_explicit"),
    DURATION_MS("duration_ms"),
    DANCEABILITY("danceability"),
    ENERGY("energy"),
    KEY("key"),
    LOUDNESS("loudness"),
    MODE("mode"),
    SPEECHINESS("speechiness"),
    ACOUSTICNESS("acousticness"),
    INSTRUMENTALNESS("instrumentalness"),
    LIVENESS("liveness"),
    VALENCE("valence"),
    TEMPO("tempo");

    /** Number of model inputs. */
    public static final int COUNT = 13;

    private static final List<String> NAMES = java.util.Arrays.stream(values()).map(Feature::column).toList();

    private final String column;

    Feature(String column) {
        this.column = column;
    }

    /** The column (and ONNX input) name, e.g. {@code duration_ms}. */
    public String column() {
        return column;
    }

    /** All 13 column names in upstream order. */
    public static List<String> names() {
        return NAMES;
    }
}
