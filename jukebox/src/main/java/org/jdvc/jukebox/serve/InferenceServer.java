package org.jdvc.jukebox.serve;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.Feature;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An Open Inference Protocol v2 (KServe v2) server for one model name and one or more versions of it, on the JDK's
 * HTTP server.
 *
 * <p>Endpoints: {@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready}, {@code /v2/models/NAME}
 * (metadata), {@code /v2/models/NAME/ready}, {@code POST /v2/models/NAME/infer}, each model endpoint also under
 * {@code /versions/V/} for a named version (without it: the default version), and {@code GET /metrics} (Prometheus).
 * An unknown model or version is a 404 saying what is served; every malformed request a 400 with
 * {@code {"error": "..."}} ({@link Inference}); the server keeps serving.
 *
 * <p>Slow or stalled clients cannot starve it: each exchange runs on its own virtual thread, so a client that sends
 * half a request holds only its own; a request whose headers and body have not arrived within
 * {@link #REQUEST_SECONDS} seconds, or whose response is not read within as long, is dropped by the JDK server's
 * timers; bodies are limited ({@link Options#maxBodyBytes()}), as are headers. Health endpoints are answered whatever
 * other connections do.
 */
public final class InferenceServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InferenceServer.class.getName());
    /** Past this many bytes an oversized body is not even drained: the connection is dropped. */
    private static final long DRAIN_LIMIT = 64L << 20;
    /** Seconds a request may take to arrive, and its response to be read. */
    public static final int REQUEST_SECONDS = 10;
    public static final String SERVER_NAME = "jukebox";

    static {
        // NOTE: the JDK server reads these documented properties (module jdk.httpserver) once, when its first server
        // is made; without them it waits forever for a request that stalls. A value the user set with -D wins.
        setDefault("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        setDefault("sun.net.httpserver.maxRspTime", Integer.toString(REQUEST_SECONDS));
        setDefault("sun.net.httpserver.maxReqHeaderSize", Integer.toString(64 << 10));
        setDefault("sun.net.httpserver.nodelay", "true");
        setDefault("jdk.httpserver.maxConnections", "4096");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * @param maxBodyBytes larger bodies are refused with 400
     * @param maxBatch largest N
     * @param requestLog where scored songs are logged; null for none
     */
    public record Options(String host, int port, int maxBodyBytes, int maxBatch, RequestLog requestLog) {
        public static Options defaults() {
            return new Options("127.0.0.1", 8080, 4 << 20, 4096, null);
        }

        public Options withPort(int p) {
            return new Options(host, p, maxBodyBytes, maxBatch, requestLog);
        }

        public Options withHost(String h) {
            return new Options(h, port, maxBodyBytes, maxBatch, requestLog);
        }

        public Options withMaxBodyBytes(int n) {
            return new Options(host, port, n, maxBatch, requestLog);
        }

        public Options withRequestLog(RequestLog log) {
            return new Options(host, port, maxBodyBytes, maxBatch, log);
        }
    }

    private final String name;
    private final Map<String, ServedModel> versions = new LinkedHashMap<>();
    private final ServedModel defaultVersion;
    private final Options options;
    private final HttpServer http;
    private final ExecutorService executor;
    private final ServerMetrics metrics;

    /**
     * Binds and starts serving {@code versions} of model {@code name} (which stay owned by the caller). Port 0 picks
     * a free port.
     *
     * @param defaultVersion the version answering requests that name none
     * @throws JukeboxException when the address cannot be bound (a port in use)
     */
    public InferenceServer(String name, List<ServedModel> versions, String defaultVersion, Options options)
            throws IOException {
        this.name = name;
        for (ServedModel m : versions) {
            if (this.versions.putIfAbsent(m.version(), m) != null) {
                throw new IllegalArgumentException("version " + m.version() + " given twice");
            }
        }
        this.defaultVersion = this.versions.get(defaultVersion);
        if (this.defaultVersion == null) {
            throw new IllegalArgumentException("the default version " + defaultVersion + " is not served");
        }
        this.options = options;
        RequestLog log = options.requestLog();
        metrics = new ServerMetrics(() -> log == null ? 0 : log.dropped());
        try {
            http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 256);
        } catch (BindException e) {
            throw new JukeboxException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage() + " (is another server running? --port picks another)", e);
        }
        // NOTE: measured against a fixed pool of 2 platform threads (the old design): the same throughput and p99 at 1
        // and 4 connections (bench/jukebox.sh), and a stalled client no longer holds one of the two
        executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /** One version of a model, served alone under the name {@value #SERVER_NAME}. */
    public InferenceServer(ServedModel model, Options options) throws IOException {
        this(SERVER_NAME, List.of(model), model.version(), options);
    }

    /** The bound port. */
    public int port() {
        return http.getAddress().getPort();
    }

    public String modelName() {
        return name;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    /** Where a request went: which version (null when it named none served) and which kind of endpoint. */
    private record Route(ServedModel model, String endpoint) {
    }

    /** An answer, not sent yet: so that it is counted before the client can see it (and scrape /metrics). */
    private record Answer(int status, byte[] body, String contentType, Runnable afterCounting) {
        Answer(int status, byte[] body) {
            this(status, body, "application/json", null);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        Route[] route = {new Route(null, "unknown")};
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange, route);
            } catch (BadRequestException e) {
                answer = new Answer(400, error(e.getMessage()));
            } catch (UnknownModelException e) {
                answer = new Answer(404, error(e.getMessage()));
            } catch (IOException e) {
                // NOTE: the client went away or timed out; nothing to answer
                count(route[0], 499);
                return;
            } catch (RuntimeException | OrtException e) {
                // NOTE: only our own faults land here (requests are checked before they reach the model).
                LOG.log(Level.WARNING, "inference failed", e);
                answer = new Answer(500, error("internal error: " + e));
            }
            count(route[0], answer.status());
            if (answer.afterCounting() != null) {
                answer.afterCounting().run();
            }
            if (answer.status() == 200 && route[0].endpoint().equals("infer")) {
                metrics.latency(name, route[0].model().version(), (System.nanoTime() - start) / 1e9);
            }
            respond(exchange, answer);
        }
    }

    private void count(Route route, int status) {
        ServedModel m = route.model();
        metrics.request(m == null ? "" : name, m == null ? "" : m.version(), route.endpoint(), status);
    }

    private Answer route(HttpExchange exchange, Route[] route) throws IOException, BadRequestException,
            OrtException, UnknownModelException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        switch (path) {
            case "/v2/health/live", "/v2/health/ready" -> {
                route[0] = new Route(null, "health");
                return answerGet(exchange, get, Inference.json(g -> g.writeBooleanField(
                        path.endsWith("live") ? "live" : "ready", true)));
            }
            case "/v2" -> {
                route[0] = new Route(null, "server");
                return answerGet(exchange, get, Inference.json(g -> {
                    g.writeStringField("name", SERVER_NAME);
                    g.writeStringField("version", org.jdvc.jukebox.JukeboxVersion.VERSION);
                    g.writeArrayFieldStart("extensions");
                    g.writeEndArray();
                }));
            }
            case "/metrics" -> {
                route[0] = new Route(null, "metrics");
                drain(exchange.getRequestBody(), DRAIN_LIMIT);
                if (!get) {
                    return new Answer(405, error("use GET"));
                }
                return new Answer(200, metrics.scrape(), metrics.contentType(), null);
            }
            default -> {
                return model(exchange, path, method, get, route);
            }
        }
    }

    /** {@code /v2/models/NAME[/versions/V][/ready|/infer]}. */
    private Answer model(HttpExchange exchange, String path, String method, boolean get, Route[] route)
            throws IOException, BadRequestException, OrtException, UnknownModelException {
        String[] parts = path.split("/", -1);
        // "", "v2", "models", NAME, ["versions", V], [action]
        if (parts.length < 4 || !parts[1].equals("v2") || !parts[2].equals("models") || parts[3].isEmpty()) {
            drain(exchange.getRequestBody(), DRAIN_LIMIT);
            return new Answer(404, error("no such endpoint: " + path + " (the v2 protocol's are /v2, "
                    + "/v2/health/live, /v2/health/ready, /v2/models/" + name + "[/versions/V][/ready|/infer]; "
                    + "and /metrics)"));
        }
        int i = 4;
        String version = null;
        if (parts.length > 5 && parts[4].equals("versions")) {
            version = parts[5];
            i = 6;
        }
        String action = parts.length > i ? parts[i] : "";
        if (parts.length > i + 1 || !(action.isEmpty() || action.equals("ready") || action.equals("infer"))) {
            drain(exchange.getRequestBody(), DRAIN_LIMIT);
            return new Answer(404, error("no such endpoint: " + path));
        }
        String endpoint = action.isEmpty() ? "metadata" : action;
        route[0] = new Route(null, endpoint);
        ServedModel m = select(parts[3], version);
        route[0] = new Route(m, endpoint);
        if (action.equals("infer")) {
            if (!method.equals("POST")) {
                drain(exchange.getRequestBody(), DRAIN_LIMIT);
                return new Answer(405, error("use POST for inference"));
            }
            InferenceRequest request = InferenceRequest.parse(body(exchange), options.maxBatch() * Feature.COUNT);
            RequestLog log = options.requestLog();
            Inference.Outcome outcome = Inference.run(name, m, request, options.maxBatch(), log != null);
            return new Answer(200, outcome.body(), "application/json", () -> {
                metrics.songs(name, m.version(), outcome.songs());
                if (log != null) {
                    outcome.logged().forEach(log::offer);
                }
            });
        }
        if (action.equals("ready")) {
            return answerGet(exchange, get, Inference.json(g -> {
                g.writeStringField("name", name);
                g.writeStringField("version", m.version());
                g.writeBooleanField("ready", true);
            }));
        }
        return answerGet(exchange, get, metadata(m));
    }

    private ServedModel select(String model, String version) throws UnknownModelException {
        if (!model.equals(name)) {
            throw new UnknownModelException("model '" + model + "' is not served here; this server serves '" + name
                    + "' (versions " + String.join(", ", versions.keySet()) + ")");
        }
        if (version == null) {
            return defaultVersion;
        }
        ServedModel m = versions.get(version);
        if (m == null) {
            throw new UnknownModelException("model '" + name + "' has no version '" + version + "' here; served: "
                    + String.join(", ", versions.keySet()));
        }
        return m;
    }

    private Answer answerGet(HttpExchange exchange, boolean get, byte[] body) throws IOException {
        drain(exchange.getRequestBody(), DRAIN_LIMIT);
        return new Answer(get ? 200 : 405, get ? body : error("use GET"));
    }

    private byte[] metadata(ServedModel m) throws IOException {
        return Inference.json(g -> {
            g.writeStringField("name", name);
            g.writeArrayFieldStart("versions");
            for (String v : versions.keySet()) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeStringField("platform", "onnxruntime_onnx");
            g.writeArrayFieldStart("inputs");
            for (OnnxModel.Signature s : m.model().inputs()) {
                signature(g, s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            for (OnnxModel.Signature s : m.model().outputs()) {
                signature(g, s);
            }
            if (m.labels() != null) {
                signature(g, new OnnxModel.Signature(Inference.COUNTRY_CODES, "BYTES",
                        new long[] {m.labels().size()}));
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

    private static byte[] error(String message) throws IOException {
        return Inference.json(g -> g.writeStringField("error", message));
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), head ? -1 : answer.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    /** A request for a model or version this server does not serve: 404. */
    private static final class UnknownModelException extends Exception {
        UnknownModelException(String message) {
            super(message);
        }
    }
}
