package org.jdvc.jukebox;

import org.jdvc.jukebox.cli.JukeboxCommand;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.MinMaxScaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** generate -> train -> serve the artifacts in transformer mode, as a user would chain them. */
class CommandLineTest {

    @Test
    void generateTrainServe(@TempDir Path dir) throws Exception {
        CommandLine cli = new CommandLine(new JukeboxCommand());
        assertThat(cli.execute("generate", "--out", dir.toString(), "--songs", "800", "--days", "5")).isZero();
        assertThat(dir.resolve("song_properties.parquet")).isRegularFile();
        assertThat(cli.execute("train", "--properties", dir.resolve("song_properties.parquet").toString(),
                "--rankings", dir.resolve("song_rankings.parquet").toString(), "--out", dir.resolve("m").toString(),
                "--epochs", "2")).isZero();
        assertThat(Files.readString(dir.resolve("m/labels.json"))).startsWith("[\"AE\",\"AR\"").contains("\"ZA\"]");
        try (OnnxModel model = new OnnxModel(dir.resolve("m/model.onnx"));
             InferenceServer server = new InferenceServer(model, InferenceServer.Options.defaults().withPort(0)
                     .withScaler(MinMaxScaler.read(dir.resolve("m/scaler.json"))))) {
            String body = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,13],\"datatype\":\"FP64\",\"data\":"
                    + "[1,190000,0.7,0.65,5,-7,1,0.12,0.28,0,0.18,0.54,122]}]}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + server.port() + "/v2/models/jukebox/infer"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(GoldenModelTest.floatsOf(r.body(), "data")).hasSize(72);
            assertThat(r.body()).contains("country_codes");
        }
    }

    @Test
    void trainRefusesWithoutData() {
        assertThat(new CommandLine(new JukeboxCommand()).execute("train")).isNotZero();
    }
}
