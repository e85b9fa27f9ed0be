package org.jdvc.jukebox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.serve.ServedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The course's own model.onnx, served by our server, gives the course's golden scores. */
class GoldenModelTest {
    private static OnnxModel model;
    private static InferenceServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        // NOTE: no assumption here: an aborted @BeforeAll reports zero tests, not skipped ones. Each test asks for
        // the file itself and is skipped visibly when it is missing.
        java.nio.file.Path dir = Reference.dir();
        if (dir != null && Files.isRegularFile(dir.resolve("model.onnx"))) {
            model = new OnnxModel(dir.resolve("model.onnx"));
            server = new InferenceServer(ServedModel.of("1", model, "model.onnx"),
                    InferenceServer.Options.defaults().withPort(0));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void goldenRequestGivesGoldenScores() throws Exception {
        Reference.file("model.onnx");
        String golden = Files.readString(Reference.file("model-golden-infer.json"));
        String request = member(golden, "request");
        List<Double> expected = floatsOf(member(golden, "expected_output"), "data");
        assertThat(expected).hasSize(72);
        String response = post("/v2/models/jukebox/infer", request).body();
        List<Double> actual = floatsOf(response, "data");
        assertThat(actual).hasSize(72);
        for (int i = 0; i < 72; i++) {
            assertThat(actual.get(i)).as("score %d", i).isCloseTo(expected.get(i), within(1e-5));
        }
        assertThat(response).contains("\"name\":\"output\"").contains("\"shape\":[1,72]");
    }

    /**
     * The web client's older request: one {@code dense_input [1,13]} tensor, taken as the 13 features in upstream
     * order. It holds the golden request's song, so model.onnx must give the golden scores. (Its reference
     * response came from an older model, output {@code dense_4}, with other weights: only its shape is comparable.)
     */
    @Test
    void webClientRequestShape() throws Exception {
        Reference.file("model.onnx");
        String golden = Files.readString(Reference.file("model-golden-infer.json"));
        List<Double> expected = floatsOf(member(golden, "expected_output"), "data");
        String request = Files.readString(Reference.file("ui-request.json"));
        List<Double> uiReference = floatsOf(Files.readString(Reference.file("ui-response.json")), "data");
        HttpResponse<String> response = post("/v2/models/jukebox/infer", request);
        assertThat(response.statusCode()).isEqualTo(200);
        List<Double> actual = floatsOf(response.body(), "data");
        assertThat(actual).hasSize(expected.size()).hasSameSizeAs(uiReference);
        // the web client reads outputs[0] as the scores and outputs[1] as their countries
        assertThat(response.body()).contains("},{\"name\":\"country_codes\",\"shape\":[72],\"datatype\":\"BYTES\","
                + "\"data\":[\"AE\",\"AR\"");
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).as("score %d", i).isCloseTo(expected.get(i), within(1e-5));
        }
    }

    @Test
    void batchOfTwoGivesTwoRows() throws Exception {
        Reference.file("model.onnx");
        String golden = Files.readString(Reference.file("model-golden-infer.json"));
        List<Double> expected = floatsOf(member(golden, "expected_output"), "data");
        String one = member(golden, "request");
        // the same song twice as one [2,13] tensor, raw order of the golden request's inputs
        List<Double> features = floatsOf(one, "data");
        StringBuilder data = new StringBuilder();
        for (int r = 0; r < 2; r++) {
            for (Double f : features) {
                data.append(data.isEmpty() ? "" : ",").append(f);
            }
        }
        String body = "{\"inputs\":[{\"name\":\"dense_input\",\"shape\":[2,13],\"datatype\":\"FP32\",\"data\":["
                + data + "]}]}";
        List<Double> actual = floatsOf(post("/v2/models/jukebox/infer", body).body(), "data");
        assertThat(actual).hasSize(144);
        for (int i = 0; i < 144; i++) {
            assertThat(actual.get(i)).isCloseTo(expected.get(i % 72), within(1e-5));
        }
    }

    @Test
    void metadataNamesInputsAndOutputs() throws Exception {
        Reference.file("model.onnx");
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri("/v2/models/jukebox")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"is_explicit\",\"datatype\":\"FP32\",\"shape\":[-1,1]")
                .contains("\"name\":\"output\",\"datatype\":\"FP32\",\"shape\":[-1,72]");
        for (String p : List.of("/v2/health/live", "/v2/health/ready", "/v2/models/jukebox/ready")) {
            assertThat(CLIENT.send(HttpRequest.newBuilder(uri(p)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as(p).isEqualTo(200);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The raw JSON text of top-level member {@code name}. */
    static String member(String json, String name) throws Exception {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                long start = p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                long end = p.currentLocation().getCharOffset();
                if (field.equals(name)) {
                    return json.substring((int) start, (int) end);
                }
            }
        }
        throw new AssertionError("no member " + name);
    }

    /** All numbers inside every array member named {@code field}, in document order. */
    static List<Double> floatsOf(String json, String field) throws Exception {
        List<Double> values = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals(field)
                        && p.nextToken() == JsonToken.START_ARRAY) {
                    int depth = 1;
                    while (depth > 0) {
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.START_ARRAY) {
                            depth++;
                        } else if (v == JsonToken.END_ARRAY) {
                            depth--;
                        } else if (v.isNumeric()) {
                            values.add(p.getDoubleValue());
                        }
                    }
                }
            }
        }
        return values;
    }
}
