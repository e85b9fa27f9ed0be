package org.jdvc.jukebox;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.serve.RequestLog;
import org.jdvc.jukebox.serve.ServedModel;
import org.jdvc.jukebox.train.MinMaxScaler;
import org.jdvc.jukebox.train.Mlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The v2 server over exported (seeded, untrained) networks: good requests, bad requests, the transformer mode, two
 * versions side by side, spotify_id lookups, requested outputs, unknown models and versions, stalled clients,
 * /metrics and the request log.
 */
class InferenceServerTest {
    @TempDir
    static Path dir;
    private static Mlp mlp, other;
    private static OnnxModel model, otherModel;
    private static InferenceServer plain, transformer, twoVersions;
    private static MinMaxScaler scaler;
    private static List<Song> songs;
    private static RequestLog log;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        mlp = new Mlp(new int[] {13, 32, 64, 128, 256, 72}, 99);
        other = new Mlp(new int[] {13, 16, 72}, 7);
        OnnxExport.write(mlp, dir.resolve("m.onnx"));
        OnnxExport.write(other, dir.resolve("o.onnx"));
        model = new OnnxModel(dir.resolve("m.onnx"));
        otherModel = new OnnxModel(dir.resolve("o.onnx"));
        plain = new InferenceServer(ServedModel.of("1", model, "m.onnx"),
                InferenceServer.Options.defaults().withPort(0).withMaxBodyBytes(1 << 20));
        double[] min = new double[13], max = new double[13];
        for (int f = 0; f < 13; f++) {
            min[f] = -f;
            max[f] = 10 + f;
        }
        scaler = new MinMaxScaler(min, max);
        songs = new SyntheticSongs(SyntheticSongs.Options.defaults(4).withSongs(60).withDays(1)).songs();
        log = RequestLog.open(dir.resolve("logs/requests.jsonl"));
        transformer = new InferenceServer(new ServedModel("1", model, scaler, true, Countries.codes(), null, "m.onnx"),
                InferenceServer.Options.defaults().withPort(0).withRequestLog(log));
        twoVersions = new InferenceServer("jukebox", List.of(
                new ServedModel("1", model, scaler, false, Countries.codes(), ServedModel.byId(songs), "model@v1"),
                new ServedModel("2", otherModel, scaler, false, Countries.codes(), ServedModel.byId(songs),
                        "model@v2")), "2", InferenceServer.Options.defaults().withPort(0));
    }

    @AfterAll
    static void stop() throws Exception {
        plain.close();
        transformer.close();
        twoVersions.close();
        log.close();
        model.close();
        otherModel.close();
    }

    static String named(int n, float[] rows) {
        StringBuilder b = new StringBuilder("{\"id\":\"r1\",\"inputs\":[");
        for (Feature f : Feature.values()) {
            b.append(f.ordinal() == 0 ? "" : ",").append("{\"name\":\"").append(f.column())
                    .append("\",\"shape\":[").append(n).append(",1],\"datatype\":\"FP32\",\"data\":[");
            for (int r = 0; r < n; r++) {
                b.append(r == 0 ? "" : ",").append(rows[r * 13 + f.ordinal()]);
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    @Test
    void batchOfNamedInputsScoresLikeTheNetwork() throws Exception {
        int n = 5;
        float[] x = new float[n * 13];
        for (int k = 0; k < x.length; k++) {
            x[k] = (k * 37 % 101) / 101f;
        }
        HttpResponse<String> r = post(plain, named(n, x));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"id\":\"r1\"").contains("\"shape\":[5,72]");
        List<Double> scores = GoldenModelTest.floatsOf(r.body(), "data");
        float[] expected = mlp.predict(x, n);
        assertThat(scores).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) {
            assertThat(scores.get(k)).isCloseTo(expected[k], within(1e-5));
        }
    }

    @Test
    void transformerScalesRawFeaturesAndNamesCountries() throws Exception {
        double[] raw = {1, 200_000, 0.7, 0.6, 5, -6, 1, 0.05, 0.2, 0, 0.1, 0.5, 120};
        float[] raw32 = new float[13];
        for (int f = 0; f < 13; f++) {
            raw32[f] = (float) raw[f];
        }
        HttpResponse<String> r = post(transformer, named(1, raw32));
        assertThat(r.statusCode()).isEqualTo(200);
        float[] scaled = new float[13];
        scaler.scale(raw, scaled, 0);
        float[] expected = mlp.predict(scaled, 1);
        List<Double> scores = GoldenModelTest.floatsOf(r.body(), "data");
        assertThat(scores).hasSize(72);
        for (int k = 0; k < 72; k++) {
            assertThat(scores.get(k)).isCloseTo(expected[k], within(1e-5));
        }
        assertThat(r.body()).contains("{\"name\":\"country_codes\",\"shape\":[72],\"datatype\":\"BYTES\",\"data\":"
                + "[\"AE\",\"AR\",");
    }

    static Stream<String> badBodies() {
        List<String> bodies = new ArrayList<>(List.of(
                "", "not json", "{", "[]", "{\"inputs\":[]}", "{\"inputs\":{}}", "{\"inputs\":[1]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[1,12],\"datatype\":\"FP32\",\"data\":"
                        + "[1,2,3,4,5,6,7,8,9,10,11,12]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[1,13],\"datatype\":\"BYTES\",\"data\":"
                        + "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\"]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":"
                        + "[1,2,3,4,5,6,7,8,9,10,11,12,\"x\"]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":"
                        + "[1,2,3,4,5,6,7,8,9,10,11,12,1e999]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[0,13],\"datatype\":\"FP32\",\"data\":[]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[-1,13],\"datatype\":\"FP32\",\"data\":[]}]}",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[99999999999,99999999999,99999999999],\"datatype\":"
                        + "\"FP32\",\"data\":[1]}]}",
                "{\"inputs\":[{\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7,8,9,10,11,12,13]}]}",
                "{\"inputs\":[{\"name\":7,\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":[1]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":\"1,13\",\"datatype\":\"FP32\",\"data\":[1]}]}",
                "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":"
                        + "[1,2,3,4,5,6,7,8,9,10,11,12,13]}]} trailing"));
        float[] row = new float[13];
        String good = named(1, row);
        bodies.add(good.replace("\"tempo\"", "\"tempi\""));                       // unknown name
        bodies.add(good.replace("\"tempo\"", "\"valence\""));                     // duplicate, one missing
        bodies.add(good.replaceFirst(",\\{\"name\":\"tempo\".*]}]}", "]}"));      // missing input
        bodies.add(good.replace("\"shape\":[1,1],\"datatype\":\"FP32\",\"data\":[0.0]}]}",
                "\"shape\":[2,1],\"datatype\":\"FP32\",\"data\":[0.0,0.0]}]}")); // rows disagree
        bodies.add(good.replaceFirst("\"shape\":\\[1,1]", "\"shape\":[1,2]"));  // wrong shape and size
        bodies.add("{\"inputs\":[" + "[".repeat(5000) + "]}");                     // deep nesting
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void malformedRequestsGet400AndTheServerStaysUp(String body) throws Exception {
        HttpResponse<String> r = post(plain, body);
        assertThat(r.statusCode()).as(body.length() > 200 ? body.substring(0, 200) : body).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":");
        assertThat(get(plain, "/v2/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void hugeBodiesGet400() throws Exception {
        char[] filler = new char[3 << 20];
        Arrays.fill(filler, ' ');
        HttpResponse<String> r = post(plain, "{\"inputs\":[" + new String(filler) + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("larger than");
        // a batch over the limit is refused before it reaches the model
        int n = 5_000;
        HttpResponse<String> big = post(plain, "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[" + n
                + ",13],\"datatype\":\"FP32\",\"data\":[" + "0,".repeat(n * 13 - 1) + "0]}]}");
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(get(plain, "/v2/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPathsAndMethods() throws Exception {
        assertThat(get(plain, "/v2/models/jukebox/infer").statusCode()).isEqualTo(405);
        assertThat(get(plain, "/v2/models/jukebox/versions/1").statusCode()).isEqualTo(200);
        assertThat(get(plain, "/v2/nothing").statusCode()).isEqualTo(404);
        assertThat(get(transformer, "/v2/models/jukebox").body()).contains("country_codes");
    }

    @Test
    void unknownModelVersionAndOutputAreNamed() throws Exception {
        HttpResponse<String> model = post(twoVersions, "/v2/models/other/infer", named(1, new float[13]));
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(model.body()).contains("model 'other' is not served here", "'jukebox' (versions 1, 2)");
        assertThat(get(twoVersions, "/v2/models/other").statusCode()).isEqualTo(404);
        HttpResponse<String> version = post(twoVersions, "/v2/models/jukebox/versions/9/infer", named(1, new float[13]));
        assertThat(version.statusCode()).isEqualTo(404);
        assertThat(version.body()).contains("no version '9'", "served: 1, 2");
        assertThat(get(twoVersions, "/v2/models/jukebox/versions/9/ready").statusCode()).isEqualTo(404);
        String unknownOutput = named(1, new float[13]).replaceFirst("]}$", "],\"outputs\":[{\"name\":\"probs\"}]}");
        HttpResponse<String> output = post(plain, unknownOutput);
        assertThat(output.statusCode()).isEqualTo(400);
        assertThat(output.body()).contains("unknown output 'probs'", "output, country_codes");
    }

    @Test
    void requestedOutputsOnly() throws Exception {
        String codes = named(1, new float[13]).replaceFirst("]}$", "],\"outputs\":[{\"name\":\"country_codes\"}]}");
        HttpResponse<String> r = post(plain, codes);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"country_codes\"").doesNotContain("\"name\":\"output\"");
        String scores = named(1, new float[13]).replaceFirst("]}$", "],\"outputs\":[{\"name\":\"output\"}]}");
        assertThat(post(plain, scores).body()).contains("\"name\":\"output\"").doesNotContain("country_codes");
        // by default both: the course's web client reads outputs[1] as the country codes
        assertThat(post(plain, named(1, new float[13])).body()).contains("]},{\"name\":\"country_codes\"");
    }

    /** Two versions side by side: each answers with its own network's scores and its own version. */
    @Test
    void twoVersionsServedSideBySide() throws Exception {
        float[] x = new float[13];
        for (int f = 0; f < 13; f++) {
            x[f] = f / 13f;
        }
        HttpResponse<String> one = post(twoVersions, "/v2/models/jukebox/versions/1/infer", named(1, x));
        HttpResponse<String> two = post(twoVersions, "/v2/models/jukebox/versions/2/infer", named(1, x));
        HttpResponse<String> dflt = post(twoVersions, "/v2/models/jukebox/infer", named(1, x));
        assertThat(one.body()).contains("\"model_version\":\"1\"");
        assertThat(two.body()).contains("\"model_version\":\"2\"");
        assertThat(dflt.body()).as("the default version").contains("\"model_version\":\"2\"");
        assertScores(GoldenModelTest.floatsOf(one.body(), "data"), mlp.predict(x, 1));
        assertScores(GoldenModelTest.floatsOf(two.body(), "data"), other.predict(x, 1));
        assertThat(get(twoVersions, "/v2/models/jukebox").body()).contains("\"versions\":[\"1\",\"2\"]");
        assertThat(get(twoVersions, "/v2/models/jukebox/versions/1/ready").body()).contains("\"version\":\"1\"");
    }

    /** The course's search view: one STRING input holding a spotify_id, looked up in the version's song table. */
    @Test
    void spotifyIdIsLookedUpInTheVersionsTable() throws Exception {
        Song song = songs.get(17);
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1],\"datatype\":\"STRING\",\"data\":[[\""
                + song.spotifyId() + "\"]]}]}";
        HttpResponse<String> r = post(twoVersions, "/v2/models/jukebox/versions/1/infer", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        float[] scaled = new float[13];
        scaler.scale(song.features(), scaled, 0);
        assertScores(GoldenModelTest.floatsOf(r.body(), "data"), mlp.predict(scaled, 1));
        assertThat(r.body()).contains("country_codes");
        HttpResponse<String> unknown = post(twoVersions, "/v2/models/jukebox/infer", body.replace(song.spotifyId(),
                "nosuchsong"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown spotify_id 'nosuchsong'", "model@v2");
        // a server without a song table says what it would need
        HttpResponse<String> none = post(plain, body);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("no song table");
    }

    /**
     * Eight clients that send headers and half a body, then hold their connections: health and inference are still
     * answered, each within a second (the HTTP client's timeout).
     */
    @Test
    void stalledClientsDoNotStarveTheServer() throws Exception {
        List<java.net.Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", plain.port());
                s.getOutputStream().write(("POST /v2/models/jukebox/infer HTTP/1.1\r\nHost: x\r\nContent-Length: "
                        + "2000\r\n\r\n{\"inputs\":[{\"name\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            try (HttpClient fresh = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(1)).build()) {
                for (int k = 0; k < 3; k++) {
                    HttpResponse<String> live = fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + plain.port() + "/v2/health/live")).timeout(java.time.Duration.ofSeconds(1))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(live.statusCode()).isEqualTo(200);
                    HttpResponse<String> infer = fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + plain.port() + "/v2/models/jukebox/infer")).timeout(java.time.Duration.ofSeconds(1))
                            .POST(HttpRequest.BodyPublishers.ofString(named(1, new float[13]))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(infer.statusCode()).isEqualTo(200);
                }
            }
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void metricsCountTheRequestsJustMade() throws Exception {
        double before = counter(get(twoVersions, "/metrics").body(), "jukebox_requests_total{code=\"200\","
                + "endpoint=\"infer\",model=\"jukebox\",version=\"1\"}");
        double errorsBefore = counter(get(twoVersions, "/metrics").body(), "jukebox_request_errors_total{code=\"404\","
                + "endpoint=\"infer\",model=\"\",version=\"\"}");
        for (int i = 0; i < 3; i++) {
            assertThat(post(twoVersions, "/v2/models/jukebox/versions/1/infer", named(2, new float[26])).statusCode())
                    .isEqualTo(200);
        }
        post(twoVersions, "/v2/models/jukebox/versions/7/infer", named(1, new float[13]));
        HttpResponse<String> m = get(twoVersions, "/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = m.body();
        assertThat(counter(text, "jukebox_requests_total{code=\"200\",endpoint=\"infer\",model=\"jukebox\","
                + "version=\"1\"}")).isEqualTo(before + 3);
        assertThat(counter(text, "jukebox_request_errors_total{code=\"404\",endpoint=\"infer\",model=\"\","
                + "version=\"\"}")).isEqualTo(errorsBefore + 1);
        assertThat(counter(text, "jukebox_inference_duration_seconds_count{model=\"jukebox\",version=\"1\"}"))
                .isGreaterThanOrEqualTo(3);
        assertThat(text).contains("jukebox_inference_duration_seconds_bucket{");
        assertThat(counter(text, "jukebox_inference_songs_total{model=\"jukebox\",version=\"1\"}"))
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void requestLogKeepsEachSongsRawFeaturesAndTopCountries() throws Exception {
        Path file = dir.resolve("own.jsonl");
        RequestLog own = RequestLog.open(file);
        try (InferenceServer s = new InferenceServer(new ServedModel("3", model, scaler, true, Countries.codes(), null,
                "m.onnx"), InferenceServer.Options.defaults().withPort(0).withRequestLog(own))) {
            float[] raw = new float[26];
            for (int k = 0; k < raw.length; k++) {
                raw[k] = k % 13;
            }
            assertThat(post(s, named(2, raw)).statusCode()).isEqualTo(200);
        }
        own.close();
        RequestLog.Read read = RequestLog.read(file);
        assertThat(read.skipped()).isZero();
        assertThat(read.entries()).hasSize(2);
        RequestLog.Entry e = read.entries().getFirst();
        assertThat(e.version()).isEqualTo("3");
        assertThat(e.id()).isEqualTo("r1");
        assertThat(e.raw()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(e.top()).hasSize(3);
        float[] scaled = new float[13];
        scaler.scale(e.raw(), scaled, 0);
        float[] p = mlp.predict(scaled, 1);
        int best = 0;
        for (int k = 1; k < 72; k++) {
            best = p[k] > p[best] ? k : best;
        }
        assertThat(e.top().getFirst().country()).isEqualTo(Countries.codes().get(best));
        // a line cut short by a crash is skipped, not fatal
        java.nio.file.Files.writeString(file, "{\"time\":\"2026-", java.nio.file.StandardOpenOption.APPEND);
        assertThat(RequestLog.read(file).skipped()).isEqualTo(1);
    }

    /**
     * The value of one sample of a Prometheus text exposition, {@code name{k="v",...}} with its labels in any order
     * (0 when absent).
     */
    private static double counter(String text, String sample) {
        String name = sample.substring(0, sample.indexOf('{'));
        java.util.Set<String> labels = java.util.Set.of(sample.substring(sample.indexOf('{') + 1,
                sample.lastIndexOf('}')).split(","));
        for (String line : text.lines().toList()) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            if (java.util.Set.of(line.substring(name.length() + 1, close).split(",")).equals(labels)) {
                return Double.parseDouble(line.substring(close + 1).strip().split(" ")[0]);
            }
        }
        return 0;
    }

    private static void assertScores(List<Double> actual, float[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) {
            assertThat(actual.get(k)).isCloseTo(expected[k], within(1e-5));
        }
    }

    private static HttpResponse<String> post(InferenceServer s, String body) throws Exception {
        return post(s, "/v2/models/jukebox/infer", body);
    }

    private static HttpResponse<String> post(InferenceServer s, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(InferenceServer s, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
