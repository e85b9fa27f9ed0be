package org.jdvc.jukebox.serve;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.train.MinMaxScaler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An Open Inference Protocol v2 (KServe v2) server for one ONNX model on the JDK's HTTP server.
 *
 * <p>Endpoints: {@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready}, {@code /v2/models/NAME}
 * (metadata), {@code /v2/models/NAME/ready}, and {@code POST /v2/models/NAME/infer} (also under
 * {@code /versions/V/}). An infer request carries the 13 features either as 13 tensors {@code [N,1]} named after
 * them, or as one tensor {@code [N,13]} of any name (the course's web client sends {@code dense_input}; its columns
 * are taken in upstream feature order). With a scaler ({@link Options#scaler()}), the server is upstream's
 * pre/post-processing transformer too: it takes raw features, scales them, and appends the {@code country_codes}
 * BYTES output.
 *
 * <p>Every malformed request (invalid JSON, wrong names, shapes or datatypes, non-finite numbers, a body over the
 * limit, a batch over the limit) gets 400 with {@code {"error": "..."}}; the server keeps serving. Requests run in
 * parallel on {@link Options#threads()} threads.
 */
public final class InferenceServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InferenceServer.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    /** Past this many bytes an oversized body is not even drained: the connection is dropped. */
    private static final long DRAIN_LIMIT = 64L << 20;

    /**
     * @param scaler null to take model-ready (scaled) features; else raw features are scaled with it and
     *               {@code country_codes} is added to the outputs
     * @param maxBodyBytes larger bodies are refused with 400
     * @param maxBatch largest N
     */
    public record Options(String modelName, String modelVersion, String host, int port, MinMaxScaler scaler,
                          int maxBodyBytes, int maxBatch, int threads) {
        public static Options defaults() {
            return new Options("jukebox", "1", "127.0.0.1", 8080, null, 4 << 20, 4096,
                    Math.max(2, Runtime.getRuntime().availableProcessors()));
        }

        public Options withPort(int p) {
            return new Options(modelName, modelVersion, host, p, scaler, maxBodyBytes, maxBatch, threads);
        }

        public Options withHost(String h) {
            return new Options(modelName, modelVersion, h, port, scaler, maxBodyBytes, maxBatch, threads);
        }

        public Options withScaler(MinMaxScaler s) {
            return new Options(modelName, modelVersion, host, port, s, maxBodyBytes, maxBatch, threads);
        }

        public Options withMaxBodyBytes(int n) {
            return new Options(modelName, modelVersion, host, port, scaler, n, maxBatch, threads);
        }
    }

    private final OnnxModel model;
    private final Options options;
    private final HttpServer http;
    private final ExecutorService executor;
    private final Map<String, Integer> featureIndex = OnnxModel.featureIndex();

    /** Binds and starts serving {@code model} (which stays owned by the caller). Port 0 picks a free port. */
    public InferenceServer(OnnxModel model, Options options) throws IOException {
        this.model = model;
        this.options = options;
        http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        executor = Executors.newFixedThreadPool(options.threads());
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /** The bound port. */
    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (BadRequestException e) {
                respond(exchange, 400, error(e.getMessage()));
            } catch (RuntimeException | OrtException e) {
                // NOTE: only our own faults land here (requests are checked before they reach the model).
                LOG.log(Level.WARNING, "inference failed", e);
                respond(exchange, 500, error("internal error: " + e));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, BadRequestException, OrtException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String base = "/v2/models/" + options.modelName();
        String versioned = base + "/versions/" + options.modelVersion();
        boolean get = method.equals("GET") || method.equals("HEAD");
        switch (path) {
            case "/v2/health/live" -> respondGet(exchange, get, json(g -> g.writeBooleanField("live", true)));
            case "/v2/health/ready" -> respondGet(exchange, get, json(g -> g.writeBooleanField("ready", true)));
            case "/v2" -> respondGet(exchange, get, json(g -> {
                g.writeStringField("name", "jukebox");
                g.writeStringField("version", "0.1.0");
                g.writeArrayFieldStart("extensions");
                g.writeEndArray();
            }));
            default -> {
                if (path.equals(base) || path.equals(versioned)) {
                    respondGet(exchange, get, metadata());
                } else if (path.equals(base + "/ready") || path.equals(versioned + "/ready")) {
                    respondGet(exchange, get, json(g -> {
                        g.writeStringField("name", options.modelName());
                        g.writeBooleanField("ready", true);
                    }));
                } else if (path.equals(base + "/infer") || path.equals(versioned + "/infer")) {
                    if (!method.equals("POST")) {
                        drain(exchange.getRequestBody(), DRAIN_LIMIT);
                        respond(exchange, 405, error("use POST for inference"));
                        return;
                    }
                    respond(exchange, 200, infer(body(exchange)));
                } else {
                    drain(exchange.getRequestBody(), DRAIN_LIMIT);
                    respond(exchange, 404, error("no such endpoint: " + path));
                }
            }
        }
    }

    private void respondGet(HttpExchange exchange, boolean get, byte[] body) throws IOException {
        drain(exchange.getRequestBody(), DRAIN_LIMIT);
        respond(exchange, get ? 200 : 405, get ? body : error("use GET"));
    }

    private byte[] infer(byte[] body) throws BadRequestException, OrtException, IOException {
        InferenceRequest request = InferenceRequest.parse(body, options.maxBatch() * Feature.COUNT);
        Batch batch = batch(request.inputs());
        float[] x = batch.x;
        if (options.scaler() != null) {
            double[] raw = new double[Feature.COUNT];
            for (int r = 0; r < batch.n; r++) {
                for (int f = 0; f < Feature.COUNT; f++) {
                    raw[f] = x[r * Feature.COUNT + f];
                }
                options.scaler().scale(raw, x, r * Feature.COUNT);
            }
        }
        List<OnnxModel.Output> outputs = model.score(x, batch.n);
        return json(g -> {
            g.writeStringField("model_name", options.modelName());
            g.writeStringField("model_version", options.modelVersion());
            if (request.id() != null) {
                g.writeStringField("id", request.id());
            }
            g.writeArrayFieldStart("outputs");
            for (OnnxModel.Output o : outputs) {
                g.writeStartObject();
                g.writeStringField("name", o.name());
                g.writeFieldName("shape");
                g.writeArray(o.shape(), 0, o.shape().length);
                g.writeStringField("datatype", "FP32");
                g.writeArrayFieldStart("data");
                for (float v : o.data()) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            if (options.scaler() != null) {
                g.writeStartObject();
                g.writeStringField("name", "country_codes");
                g.writeFieldName("shape");
                g.writeArray(new long[] {Countries.COUNT}, 0, 1);
                g.writeStringField("datatype", "BYTES");
                g.writeArrayFieldStart("data");
                for (String c : Countries.codes()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private record Batch(float[] x, int n) {
    }

    /** The request's inputs as rows of 13 features, or a 400 explaining what does not fit. */
    private Batch batch(List<InferenceRequest.Input> inputs) throws BadRequestException {
        if (inputs.size() == 1 && !featureIndex.containsKey(inputs.getFirst().name())) {
            InferenceRequest.Input in = inputs.getFirst();
            long[] s = in.shape();
            if (s.length != 2 || s[1] != Feature.COUNT) {
                throw new BadRequestException("input '" + in.name() + "': a single input must have shape [N,13] "
                        + "(the features in order " + Feature.names() + "), got " + Arrays.toString(s));
            }
            return new Batch(in.data(), checkBatch((int) s[0]));
        }
        Set<String> seen = new HashSet<>();
        int n = -1;
        float[] x = null;
        for (InferenceRequest.Input in : inputs) {
            Integer f = featureIndex.get(in.name());
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
                n = checkBatch((int) s[0]);
                x = new float[n * Feature.COUNT];
            } else if (s[0] != n) {
                throw new BadRequestException("input '" + in.name() + "' has " + s[0] + " rows, the others " + n);
            }
            for (int r = 0; r < n; r++) {
                x[r * Feature.COUNT + f] = in.data()[r];
            }
        }
        if (seen.size() != Feature.COUNT) {
            List<String> missing = Feature.names().stream().filter(name -> !seen.contains(name)).toList();
            throw new BadRequestException("missing inputs " + missing);
        }
        return new Batch(x, n);
    }

    private int checkBatch(int n) throws BadRequestException {
        if (n < 1 || n > options.maxBatch()) {
            throw new BadRequestException("batch size must be 1.." + options.maxBatch() + ", got " + n);
        }
        return n;
    }

    private byte[] metadata() throws IOException {
        return json(g -> {
            g.writeStringField("name", options.modelName());
            g.writeArrayFieldStart("versions");
            g.writeString(options.modelVersion());
            g.writeEndArray();
            g.writeStringField("platform", "onnxruntime_onnx");
            g.writeArrayFieldStart("inputs");
            for (OnnxModel.Signature s : model.inputs()) {
                signature(g, s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            for (OnnxModel.Signature s : model.outputs()) {
                signature(g, s);
            }
            if (options.scaler() != null) {
                signature(g, new OnnxModel.Signature("country_codes", "BYTES", new long[] {Countries.COUNT}));
            }
            g.writeEndArray();
        });
    }

    private static void signature(JsonGenerator g, OnnxModel.Signature s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("datatype", s.datatype());
        g.writeFieldName("shape");
        g.writeArray(s.shape(), 0, s.shape().length);
        g.writeEndObject();
    }

    /** The body, at most {@link Options#maxBodyBytes()}; a larger one is drained (up to a limit) and refused. */
    private byte[] body(HttpExchange exchange) throws IOException, BadRequestException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        int max = options.maxBodyBytes();
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > max) {
                    drain(in, DRAIN_LIMIT);
                    throw new BadRequestException("request body larger than " + max + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new BadRequestException("invalid Content-Length");
            }
        }
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            drain(in, DRAIN_LIMIT);
            throw new BadRequestException("request body larger than " + max + " bytes");
        }
        return body;
    }

    /** Reads and drops the rest of a body so that the connection can be reused; gives up after {@code limit}. */
    private static void drain(InputStream in, long limit) throws IOException {
        long total = 0;
        byte[] buf = new byte[64 << 10];
        int r;
        while (total < limit && (r = in.read(buf)) >= 0) {
            total += r;
        }
    }

    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(JsonBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] error(String message) throws IOException {
        return json(g -> g.writeStringField("error", message));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
