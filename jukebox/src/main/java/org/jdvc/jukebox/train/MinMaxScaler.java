package org.jdvc.jukebox.train;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jdvc.jukebox.data.Feature;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Min-max scaling of the 13 features, {@code (x - min) / (max - min)}, as upstream fits it on the training split.
 * A constant feature ({@code max == min}) scales to 0. Values outside the fitted range are not clipped: upstream does
 * not clip either, and the model then sees what it would see there. Immutable.
 *
 * <p>JSON form (the serving artifact): {@code {"features":[13 names],"min":[13 numbers],"max":[13 numbers]}}.
 */
public record MinMaxScaler(double[] min, double[] max) {

    public MinMaxScaler {
        if (min.length != Feature.COUNT || max.length != Feature.COUNT) {
            throw new IllegalArgumentException("a scaler needs " + Feature.COUNT + " minima and maxima");
        }
        min = min.clone();
        max = max.clone();
    }

    /** Fits on rows of unscaled features. */
    public static MinMaxScaler fit(List<double[]> rows) {
        double[] min = new double[Feature.COUNT], max = new double[Feature.COUNT];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] r : rows) {
            for (int f = 0; f < Feature.COUNT; f++) {
                min[f] = Math.min(min[f], r[f]);
                max[f] = Math.max(max[f], r[f]);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a scaler on no rows");
        }
        return new MinMaxScaler(min, max);
    }

    /** Scales one row into {@code out} at {@code offset}. */
    public void scale(double[] raw, float[] out, int offset) {
        for (int f = 0; f < Feature.COUNT; f++) {
            double range = max[f] - min[f];
            out[offset + f] = range == 0 ? 0f : (float) ((raw[f] - min[f]) / range);
        }
    }

    /** The inverse of {@link #scale}: the raw features of one scaled row (a constant feature comes back as its value). */
    public double[] unscale(float[] scaled, int offset) {
        double[] raw = new double[Feature.COUNT];
        for (int f = 0; f < Feature.COUNT; f++) {
            raw[f] = min[f] + scaled[offset + f] * (max[f] - min[f]);
        }
        return raw;
    }

    @Override
    public double[] min() {
        return min.clone();
    }

    @Override
    public double[] max() {
        return max.clone();
    }

    /** Writes the JSON form. */
    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("features");
            for (String name : Feature.names()) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeFieldName("min");
            g.writeArray(min, 0, min.length);
            g.writeFieldName("max");
            g.writeArray(max, 0, max.length);
            g.writeEndObject();
        }
    }

    /** Reads the JSON form; the feature names must be the 13 in upstream order. */
    public static MinMaxScaler read(Path file) throws IOException {
        return read(java.nio.file.Files.readAllBytes(file), file.toString());
    }

    /** Parses the JSON form; {@code origin} names it in errors. */
    public static MinMaxScaler read(byte[] json, String origin) throws IOException {
        List<String> names = new ArrayList<>();
        double[] min = null, max = null;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(origin + ": not a scaler (expected a JSON object)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "features" -> {
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            names.add(p.getText());
                        }
                    }
                    case "min" -> min = numbers(p);
                    case "max" -> max = numbers(p);
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(origin + ": not a scaler (" + e.getOriginalMessage() + ")");
        }
        if (!names.equals(Feature.names()) || min == null || max == null || min.length != Feature.COUNT
                || max.length != Feature.COUNT) {
            throw new IOException(origin + ": a scaler needs features (the 13 in upstream order), min and max");
        }
        return new MinMaxScaler(min, max);
    }

    private static double[] numbers(JsonParser p) throws IOException {
        List<Double> v = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            v.add(p.getDoubleValue());
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
