package org.jdvc.jukebox.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An Open Inference Protocol v2 infer request body: {@code {"id"?, "inputs":[{"name","shape","datatype","data"}],
 * "parameters"?, "outputs"?: [{"name"}]}}. Parsed with a streaming parser straight into float arrays; {@code data} may
 * be flat or nested (the protocol allows both; it is read in row-major order). {@code BYTES} tensors (and
 * {@code STRING}, which the course's web client sends) hold strings. Unknown top-level members are ignored, as the
 * protocol's extensions may add some.
 *
 * @param id the request id, echoed in the response; null when absent
 * @param outputs the output names asked for; empty for all
 */
public record InferenceRequest(String id, List<Input> inputs, List<String> outputs) {

    /** Numeric datatypes accepted (their values are converted to float32, as the model takes float32). */
    private static final java.util.Set<String> NUMERIC = java.util.Set.of("FP32", "FP64", "FP16", "INT8", "INT16",
            "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL");
    /** Datatypes whose elements are strings. */
    private static final java.util.Set<String> TEXT = java.util.Set.of("BYTES", "STRING");

    /**
     * One input tensor: numbers in {@code data}, or strings in {@code strings} for a {@code BYTES}/{@code STRING}
     * tensor (then {@code data} is empty).
     */
    public record Input(String name, long[] shape, String datatype, float[] data, List<String> strings) {
        public boolean text() {
            return strings != null;
        }

        /** Elements the tensor holds. */
        public int size() {
            return text() ? strings.size() : data.length;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Parses and checks a body: valid JSON, an object, a non-empty {@code inputs} array of tensors each with a name,
     * a shape of non-negative sizes, a numeric datatype and exactly as many finite numbers as the shape holds, at
     * most {@code maxValues} numbers in all.
     *
     * @throws BadRequestException with a message for the client when any of that does not hold
     */
    public static InferenceRequest parse(byte[] body, int maxValues) throws BadRequestException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException("the request body must be a JSON object");
            }
            String id = null;
            List<Input> inputs = null;
            List<String> outputs = new ArrayList<>();
            int[] budget = {maxValues};
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "id" -> {
                        if (t != JsonToken.VALUE_STRING) {
                            throw new BadRequestException("'id' must be a string");
                        }
                        id = p.getText();
                    }
                    case "inputs" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new BadRequestException("'inputs' must be an array");
                        }
                        inputs = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            inputs.add(input(p, budget));
                        }
                    }
                    case "outputs" -> outputs(p, t, outputs);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequestException("trailing content after the JSON object");
            }
            if (inputs == null || inputs.isEmpty()) {
                throw new BadRequestException("the request has no 'inputs'");
            }
            return new InferenceRequest(id, List.copyOf(inputs), List.copyOf(outputs));
        } catch (JsonProcessingException e) {
            throw new BadRequestException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("unreadable request body: " + e.getMessage());
        }
    }

    private static void outputs(JsonParser p, JsonToken t, List<String> names) throws IOException,
            BadRequestException {
        if (t != JsonToken.START_ARRAY) {
            throw new BadRequestException("'outputs' must be an array of {\"name\": ...}");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException("each requested output must be an object with a name");
            }
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("name")) {
                    name = text(v, p, "name");
                } else {
                    p.skipChildren();
                }
            }
            if (name == null) {
                throw new BadRequestException("each requested output must have a name");
            }
            names.add(name);
        }
    }

    private static Input input(JsonParser p, int[] budget) throws IOException, BadRequestException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BadRequestException("each input must be an object");
        }
        String name = null, datatype = null;
        long[] shape = null;
        Values values = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = text(t, p, "name");
                case "datatype" -> datatype = text(t, p, "datatype");
                case "shape" -> shape = shape(p);
                case "data" -> values = data(p, budget);
                default -> p.skipChildren();
            }
        }
        if (name == null || datatype == null || shape == null || values == null) {
            throw new BadRequestException("input " + (name == null ? "without a name" : "'" + name + "'")
                    + ": an input needs name, shape, datatype and data");
        }
        boolean text = TEXT.contains(datatype);
        if (!text && !NUMERIC.contains(datatype)) {
            throw new BadRequestException("input '" + name + "': datatype " + datatype
                    + " is not supported (numbers, or BYTES for a spotify_id)");
        }
        if (text != (values.strings != null) && values.size() > 0) {
            throw new BadRequestException("input '" + name + "': datatype " + datatype + " needs "
                    + (text ? "strings" : "numbers") + " in 'data'");
        }
        float[] data = text ? new float[0] : values.numbers;
        List<String> strings = text ? (values.strings == null ? List.of() : values.strings) : null;
        int count = text ? strings.size() : data.length;
        long size = 1;
        for (long d : shape) {
            if (d != 0 && size > Long.MAX_VALUE / d) {
                throw new BadRequestException("input '" + name + "': shape is too large");
            }
            size *= d;
        }
        if (size != count) {
            throw new BadRequestException("input '" + name + "': shape " + java.util.Arrays.toString(shape)
                    + " holds " + size + " values but data has " + count);
        }
        return new Input(name, shape, datatype, data, strings);
    }

    private static String text(JsonToken t, JsonParser p, String what) throws BadRequestException, IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new BadRequestException("'" + what + "' must be a string");
        }
        return p.getText();
    }

    private static long[] shape(JsonParser p) throws IOException, BadRequestException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadRequestException("'shape' must be an array of sizes");
        }
        List<Long> dims = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || dims.size() >= 8) {
                throw new BadRequestException("'shape' must be an array of at most 8 integer sizes");
            }
            long d = p.getValueAsLong(-1);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new BadRequestException("'shape' sizes must be non-negative integers");
            }
            dims.add(d);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** A tensor's elements: numbers, or strings (then {@code numbers} is empty). */
    private record Values(float[] numbers, List<String> strings) {
        int size() {
            return strings != null ? strings.size() : numbers.length;
        }
    }

    private static Values data(JsonParser p, int[] budget) throws IOException, BadRequestException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadRequestException("'data' must be an array");
        }
        float[] values = new float[16];
        List<String> strings = null;
        int n = 0, depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            float v;
            switch (t) {
                case START_ARRAY -> {
                    depth++;
                    continue;
                }
                case END_ARRAY -> {
                    depth--;
                    continue;
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> v = (float) p.getDoubleValue();
                case VALUE_TRUE -> v = 1f;
                case VALUE_FALSE -> v = 0f;
                case VALUE_STRING -> {
                    if (n > 0 && strings == null) {
                        throw new BadRequestException("'data' mixes numbers and strings");
                    }
                    if (--budget[0] < 0) {
                        throw new BadRequestException("the request holds too many values");
                    }
                    if (strings == null) {
                        strings = new ArrayList<>();
                    }
                    strings.add(p.getText());
                    continue;
                }
                case null -> throw new BadRequestException("'data' is cut short");
                default -> throw new BadRequestException("'data' must hold numbers or strings, found "
                        + t.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (strings != null) {
                throw new BadRequestException("'data' mixes numbers and strings");
            }
            if (!Float.isFinite(v)) {
                throw new BadRequestException("'data' holds a number outside float32's range");
            }
            if (--budget[0] < 0) {
                throw new BadRequestException("the request holds too many values");
            }
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
        }
        return new Values(java.util.Arrays.copyOf(values, n), strings == null ? null : List.copyOf(strings));
    }
}
