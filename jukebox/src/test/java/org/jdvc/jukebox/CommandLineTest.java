package org.jdvc.jukebox;

import org.jdvc.jukebox.cli.JukeboxCommand;
import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.serve.ServedModel;
import org.jdvc.jukebox.train.MinMaxScaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user meets it: generate -> train -> serve, help on every command, and user errors as one line
 * naming the file, version or port, with a non-zero exit and no stack trace (unless -v).
 */
class CommandLineTest {

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
    }

    static Run jukebox(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = JukeboxCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void generateTrainServe(@TempDir Path dir) throws Exception {
        assertThat(jukebox("generate", "--out", dir.toString(), "--songs", "800", "--days", "5").code()).isZero();
        assertThat(dir.resolve("song_properties.parquet")).isRegularFile();
        Run train = jukebox("train", "--properties", dir.resolve("song_properties.parquet").toString(),
                "--rankings", dir.resolve("song_rankings.parquet").toString(), "--out", dir.resolve("m").toString(),
                "--epochs", "2");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(Files.readString(dir.resolve("m/labels.json"))).startsWith("[\"AE\",\"AR\"").contains("\"ZA\"]");
        MinMaxScaler scaler = MinMaxScaler.read(dir.resolve("m/scaler.json"));
        try (OnnxModel model = new OnnxModel(dir.resolve("m/model.onnx"));
             InferenceServer server = new InferenceServer(new ServedModel("1", model, scaler, true, Countries.codes(),
                     null, "m/model.onnx"), InferenceServer.Options.defaults().withPort(0))) {
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
    void noArgumentsPrintsUsage() {
        Run r = jukebox();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: jukebox", "serve", "register", "promote", "monitor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "train", "serve", "ingest", "prepare", "evaluate", "register", "models",
            "promote", "recover", "compare", "monitor", "demo"})
    void everyCommandHasHelpAndEveryOptionADescription(String command) {
        Run r = jukebox(command, "--help");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: jukebox " + command).contains("-h, --help");
        var spec = new CommandLine(new JukeboxCommand()).getSubcommands().get(command).getCommandSpec();
        assertThat(spec.usageMessage().description()).isNotEmpty();
        for (var option : spec.options()) {
            assertThat(String.join(" ", option.description())).as(command + " " + option.longestName()).isNotBlank();
        }
        for (var parameter : spec.positionalParameters()) {
            assertThat(String.join(" ", parameter.description())).as(command + " " + parameter.paramLabel())
                    .isNotBlank();
        }
    }

    @Test
    void userErrorsAreOneLineWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Run missing = jukebox("train", "--properties", dir.resolve("nope.parquet").toString(), "--rankings",
                dir.resolve("nope2.parquet").toString(), "--out", dir.toString());
        assertOneLine(missing, "nope.parquet");
        Run model = jukebox("serve", "--model", dir.resolve("missing.onnx").toString(), "--port", "0");
        assertOneLine(model, "missing.onnx");
        Files.writeString(dir.resolve("bad.onnx"), "not a model");
        assertOneLine(jukebox("serve", "--model", dir.resolve("bad.onnx").toString(), "--port", "0"), "bad.onnx");
        assertOneLine(jukebox("models", "--project", dir.toString()), "not a git repository");
        assertOneLine(jukebox("compare", "v1", "v9", "--project", dir.toString()), "not a git repository");
        Files.writeString(dir.resolve("params.yaml"), "train: {epochs: many}\n");
        assertOneLine(jukebox("train", "--prepared", dir.toString(), "--params", dir.resolve("params.yaml").toString()),
                "train.epochs must be a number");
        Run bad = jukebox("train", "--epochs", "lots");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--epochs").doesNotContain("Exception");
        Run verbose = jukebox("-v", "serve", "--model", dir.resolve("bad.onnx").toString(), "--port", "0");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).contains("at org.jdvc.jukebox");
    }

    @Test
    void busyPortIsNamed(@TempDir Path dir) throws Exception {
        assertThat(jukebox("generate", "--out", dir.toString(), "--songs", "200", "--days", "2").code()).isZero();
        assertThat(jukebox("train", "--properties", dir.resolve("song_properties.parquet").toString(),
                "--rankings", dir.resolve("song_rankings.parquet").toString(), "--out", dir.resolve("m").toString(),
                "--epochs", "1").code()).isZero();
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = jukebox("serve", "--model", dir.resolve("m/model.onnx").toString(), "--port",
                    String.valueOf(taken.getLocalPort()), "--no-request-log");
            assertOneLine(r, "127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static void assertOneLine(Run r, String mentions) {
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("jukebox: ").contains(mentions).doesNotContain("Exception", "\tat ");
    }
}
