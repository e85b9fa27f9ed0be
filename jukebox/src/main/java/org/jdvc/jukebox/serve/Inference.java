package org.jdvc.jukebox.serve;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Song;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One infer request against one served version: the request's songs as model-ready rows, their scores, the response
 * body, and what the request log keeps of them.
 *
 * <p>Songs come either as 13 numeric tensors {@code [N,1]} (or {@code [N]}) named after the features, or as one
 * numeric tensor {@code [N,13]} of any name (the course client's {@code dense_input}), or as one {@code BYTES} /
 * {@code STRING} tensor {@code [N]} or {@code [N,1]} of {@code spotify_id}s, whose features are taken from the served
 * version's song table and scaled with its scaler (the course's feature-store lookup). Features may come with a
 * {@code BYTES} input {@code spotify_id} holding the songs' ids, which the request log keeps. The response holds the
 * model's outputs, then {@code country_codes} (BYTES {@code [72]}) whenever the version's labels are known, or those
 * the request's {@code outputs} names.
 */
final class Inference {
    static final String COUNTRY_CODES = "country_codes";
    /** The name of the BYTES input that carries the songs' ids alongside their features. */
    static final String SPOTIFY_ID = "spotify_id";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, Integer> FEATURE_INDEX = OnnxModel.featureIndex();
    private static final int LOGGED_TOP = 3;

    /** The response, the number of songs scored and the log entries (empty when not logging). */
    record Outcome(byte[] body, int songs, List<RequestLog.Entry> logged) {
    }

    /** The request's songs: model-ready rows, their raw features when known, their ids when looked up. */
    private record Rows(float[] x, int n, double[][] raw, List<String> ids) {
    }

    private Inference() {
    }

    static Outcome run(String modelName, ServedModel m, InferenceRequest request, int maxBatch, boolean log)
            throws BadRequestException, OrtException, IOException {
        Rows rows = rows(m, request.inputs(), maxBatch, log);
        List<String> available = new ArrayList<>();
        m.model().outputs().forEach(o -> available.add(o.name()));
        if (m.labels() != null) {
            available.add(COUNTRY_CODES);
        }
        Set<String> wanted = new LinkedHashSet<>(request.outputs());
        for (String w : wanted) {
            if (!available.contains(w)) {
                throw new BadRequestException("unknown output '" + w + "': " + m.origin() + " has "
                        + String.join(", ", available));
            }
        }
        List<OnnxModel.Output> outputs = m.model().score(rows.x, rows.n);
        byte[] body = json(g -> {
            g.writeStringField("model_name", modelName);
            g.writeStringField("model_version", m.version());
            if (request.id() != null) {
                g.writeStringField("id", request.id());
            }
            g.writeArrayFieldStart("outputs");
            for (OnnxModel.Output o : outputs) {
                if (wanted.isEmpty() || wanted.contains(o.name())) {
                    tensor(g, o.name(), o.shape(), "FP32", () -> {
                        for (float v : o.data()) {
                            g.writeNumber(v);
                        }
                    });
                }
            }
            if (m.labels() != null && (wanted.isEmpty() || wanted.contains(COUNTRY_CODES))) {
                tensor(g, COUNTRY_CODES, new long[] {m.labels().size()}, "BYTES", () -> {
                    for (String c : m.labels()) {
                        g.writeString(c);
                    }
                });
            }
            g.writeEndArray();
        });
        List<RequestLog.Entry> logged = log ? logEntries(modelName, m, request, rows, outputs) : List.of();
        return new Outcome(body, rows.n, logged);
    }

    private static List<RequestLog.Entry> logEntries(String modelName, ServedModel m, InferenceRequest request,
                                                     Rows rows, List<OnnxModel.Output> outputs) {
        float[] scores = outputs.isEmpty() ? new float[0] : outputs.getFirst().data();
        int width = rows.n == 0 ? 0 : scores.length / rows.n;
        Instant now = Instant.now();
        List<RequestLog.Entry> out = new ArrayList<>(rows.n);
        for (int r = 0; r < rows.n; r++) {
            Integer[] order = new Integer[width];
            for (int k = 0; k < width; k++) {
                order[k] = k;
            }
            int base = r * width;
            Arrays.sort(order, (a, b) -> Float.compare(scores[base + b], scores[base + a]));
            List<RequestLog.Country> top = new ArrayList<>();
            for (int k = 0; k < Math.min(LOGGED_TOP, width); k++) {
                String name = m.labels() != null && order[k] < m.labels().size() ? m.labels().get(order[k])
                        : String.valueOf(order[k]);
                top.add(new RequestLog.Country(name, scores[base + order[k]]));
            }
            out.add(new RequestLog.Entry(now, modelName, m.version(), request.id(),
                    rows.ids == null ? null : rows.ids.get(r), rows.raw == null ? null : rows.raw[r],
                    rows.raw == null ? Arrays.copyOfRange(rows.x, r * Feature.COUNT, (r + 1) * Feature.COUNT) : null,
                    List.copyOf(top)));
        }
        return out;
    }

    /** The request's inputs as model-ready rows of 13 features, or a 400 explaining what does not fit. */
    private static Rows rows(ServedModel m, List<InferenceRequest.Input> all, int maxBatch, boolean log)
            throws BadRequestException {
        List<InferenceRequest.Input> text = all.stream().filter(InferenceRequest.Input::text).toList();
        if (text.size() == all.size()) {
            return lookedUp(m, all, maxBatch);
        }
        // NOTE: features may come with the songs' ids as a BYTES input named spotify_id: logged, not looked up
        List<String> ids = null;
        if (!text.isEmpty()) {
            if (text.size() > 1 || !text.getFirst().name().equals(SPOTIFY_ID)) {
                throw new BadRequestException("with numeric features, the only BYTES input may be '" + SPOTIFY_ID
                        + "' (the songs' ids, for the request log)");
            }
            ids = text.getFirst().strings();
        }
        List<InferenceRequest.Input> inputs = all.stream().filter(i -> !i.text()).toList();
        float[] x;
        int n;
        if (inputs.size() == 1 && !FEATURE_INDEX.containsKey(inputs.getFirst().name())) {
            InferenceRequest.Input in = inputs.getFirst();
            long[] s = in.shape();
            if (s.length != 2 || s[1] != Feature.COUNT) {
                throw new BadRequestException("input '" + in.name() + "': a single input must have shape [N,13] "
                        + "(the features in order " + Feature.names() + ") or be BYTES spotify_ids, got "
                        + Arrays.toString(s));
            }
            n = checkBatch((int) s[0], maxBatch);
            x = in.data();
        } else {
            Set<String> seen = new HashSet<>();
            n = -1;
            x = null;
            for (InferenceRequest.Input in : inputs) {
                Integer f = FEATURE_INDEX.get(in.name());
                if (f == null) {
                    throw new BadRequestException("unknown input '" + in.name() + "': expected the 13 inputs "
                            + Feature.names() + " of shape [N,1], or one input of shape [N,13]");
                }
                if (!seen.add(in.name())) {
                    throw new BadRequestException("input '" + in.name() + "' given twice");
                }
                long[] s = in.shape();
                if (!(s.length == 2 && s[1] == 1) && s.length != 1) {
                    throw new BadRequestException("input '" + in.name() + "' must have shape [N,1], got "
                            + Arrays.toString(s));
                }
                if (n < 0) {
                    n = checkBatch((int) s[0], maxBatch);
                    x = new float[n * Feature.COUNT];
                } else if (s[0] != n) {
                    throw new BadRequestException("input '" + in.name() + "' has " + s[0] + " rows, the others "
                            + n);
                }
                for (int r = 0; r < n; r++) {
                    x[r * Feature.COUNT + f] = in.data()[r];
                }
            }
            if (seen.size() != Feature.COUNT) {
                List<String> missing = Feature.names().stream().filter(name -> !seen.contains(name)).toList();
                throw new BadRequestException("missing inputs " + missing);
            }
        }
        double[][] raw = null;
        if (m.rawInputs()) {
            raw = new double[n][Feature.COUNT];
            for (int r = 0; r < n; r++) {
                for (int f = 0; f < Feature.COUNT; f++) {
                    raw[r][f] = x[r * Feature.COUNT + f];
                }
            }
            x = new float[n * Feature.COUNT];
            for (int r = 0; r < n; r++) {
                m.scaler().scale(raw[r], x, r * Feature.COUNT);
            }
        } else if (m.scaler() != null && log) {
            // NOTE: only the request log wants the raw features of model-ready inputs
            raw = new double[n][];
            for (int r = 0; r < n; r++) {
                raw[r] = m.scaler().unscale(x, r * Feature.COUNT);
            }
        }
        if (ids != null && ids.size() != n) {
            throw new BadRequestException("input '" + SPOTIFY_ID + "' has " + ids.size() + " ids for " + n + " songs");
        }
        return new Rows(x, n, raw, ids);
    }

    /** Songs named by id, their features from the served version's table. */
    private static Rows lookedUp(ServedModel m, List<InferenceRequest.Input> inputs, int maxBatch)
            throws BadRequestException {
        InferenceRequest.Input in = inputs.getFirst();
        if (inputs.size() != 1) {
            throw new BadRequestException("a BYTES input of spotify_ids must be the request's only input");
        }
        long[] s = in.shape();
        if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
            throw new BadRequestException("input '" + in.name() + "': spotify_ids take shape [N] or [N,1], got "
                    + Arrays.toString(s));
        }
        if (m.songs().isEmpty() || m.scaler() == null) {
            throw new BadRequestException(m.origin() + " has no song table to look spotify_ids up in: send the 13 "
                    + "features, or serve a registered version (its song_properties) or give --songs and --scaler");
        }
        int n = checkBatch((int) s[0], maxBatch);
        float[] x = new float[n * Feature.COUNT];
        double[][] raw = new double[n][];
        for (int r = 0; r < n; r++) {
            String id = in.strings().get(r);
            Song song = m.songs().get(id);
            if (song == null) {
                throw new BadRequestException("unknown spotify_id '" + id + "': not in the song table of "
                        + m.origin());
            }
            raw[r] = song.features();
            m.scaler().scale(raw[r], x, r * Feature.COUNT);
        }
        return new Rows(x, n, raw, in.strings());
    }

    private static int checkBatch(int n, int max) throws BadRequestException {
        if (n < 1 || n > max) {
            throw new BadRequestException("batch size must be 1.." + max + ", got " + n);
        }
        return n;
    }

    /** Writes one output tensor: {@code {"name", "shape", "datatype", "data": [...]}}. */
    private static void tensor(JsonGenerator g, String name, long[] shape, String datatype, JsonBody.Data data)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeFieldName("shape");
        g.writeArray(shape, 0, shape.length);
        g.writeStringField("datatype", datatype);
        g.writeArrayFieldStart("data");
        data.write();
        g.writeEndArray();
        g.writeEndObject();
    }

    interface JsonBody {
        /** The elements of a tensor's data array. */
        interface Data {
            void write() throws IOException;
        }

        void write(JsonGenerator g) throws IOException;
    }

    static byte[] json(JsonBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
