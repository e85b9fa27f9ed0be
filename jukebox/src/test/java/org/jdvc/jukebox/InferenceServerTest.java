package org.jdvc.jukebox;

import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
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

/** The v2 server over an exported (seeded, untrained) network: good requests, bad requests, the transformer mode. */
class InferenceServerTest {
    @TempDir
    static Path dir;
    private static Mlp mlp;
    private static OnnxModel model;
    private static InferenceServer plain, transformer;
    private static MinMaxScaler scaler;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        mlp = new Mlp(new int[] {13, 32, 64, 128, 256, 72}, 99);
        OnnxExport.write(mlp, dir.resolve("m.onnx"));
        model = new OnnxModel(dir.resolve("m.onnx"));
        plain = new InferenceServer(model, InferenceServer.Options.defaults().withPort(0).withMaxBodyBytes(1 << 20));
        double[] min = new double[13], max = new double[13];
        for (int f = 0; f < 13; f++) {
            min[f] = -f;
            max[f] = 10 + f;
        }
        scaler = new MinMaxScaler(min, max);
        transformer = new InferenceServer(model, InferenceServer.Options.defaults().withPort(0).withScaler(scaler));
    }

    @AfterAll
    static void stop() throws Exception {
        plain.close();
        transformer.close();
        model.close();
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
        assertThat(get(plain, "/v2/models/other").statusCode()).isEqualTo(404);
        assertThat(get(plain, "/v2/models/jukebox/infer").statusCode()).isEqualTo(405);
        assertThat(get(plain, "/v2/models/jukebox/versions/1").statusCode()).isEqualTo(200);
        assertThat(get(transformer, "/v2/models/jukebox").body()).contains("country_codes");
    }

    private static HttpResponse<String> post(InferenceServer s, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                        + "/v2/models/jukebox/infer")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(InferenceServer s, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
