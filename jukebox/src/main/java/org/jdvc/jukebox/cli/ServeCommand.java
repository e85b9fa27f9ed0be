package org.jdvc.jukebox.cli;

import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.registry.ServedVersions;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.serve.RequestLog;
import org.jdvc.jukebox.serve.ServedModel;
import org.jdvc.jukebox.train.MinMaxScaler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jukebox serve}: registered versions of a project (each verified against its record), or one ONNX file, with
 * the Open Inference Protocol v2 ({@link InferenceServer}).
 */
@Command(name = "serve", sortOptions = false, description = {"Serve model versions with the Open Inference Protocol "
        + "v2 (KServe): POST /v2/models/NAME[/versions/V]/infer, metadata, health, and Prometheus /metrics.",
        "Versions come from the project's registry (their files verified by md5); no version: the prod version, "
                + "else the newest. --model serves a file instead."})
final class ServeCommand extends MlopsCommands.InProject implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "VERSION", description = "Registered versions to serve side by side "
            + "(v1, 2, model@v3); the prod version (else the newest) answers requests that name none.")
    List<String> versions = new ArrayList<>();
    @Option(names = "--model", description = "An ONNX file to serve instead of registered versions.")
    Path model;
    @Option(names = "--version", description = "The version a --model file answers as (default: the first 8 hex "
            + "digits of its md5).")
    String version;
    @Option(names = "--scaler", description = "With --model: its scaler.json (default: scaler.json beside it, if "
            + "there), for spotify_id lookups, --raw and raw features in the request log.")
    Path scaler;
    @Option(names = "--labels", description = "With --model: its labels.json (default: labels.json beside it, else "
            + "the 72 countries for a model with 72 outputs).")
    Path labels;
    @Option(names = "--songs", description = "With --model: a song_properties table whose spotify_ids requests may "
            + "send instead of features.")
    Path songs;
    @Option(names = "--raw", description = "Numeric inputs are raw features (Spotify's units), scaled here: "
            + "upstream's transformer. Default: model-ready (scaled) features, as the course's web client sends.")
    boolean raw;
    @Option(names = "--name", defaultValue = InferenceServer.SERVER_NAME, description = "The model name of the "
            + "endpoints (default: ${DEFAULT-VALUE}).")
    String name;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: "
            + "${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;
    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;
    @Option(names = "--request-log", defaultValue = "requests.jsonl", description = "Where each scored song is "
            + "logged, one JSON line each, for `jukebox monitor` (default: ${DEFAULT-VALUE}).")
    Path requestLog;
    @Option(names = "--no-request-log", description = "Log no requests.")
    boolean noRequestLog;
    @Option(names = "--max-batch", defaultValue = "4096", description = "Most songs in one request "
            + "(default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Override
    public Integer call() throws Exception {
        List<ServedModel> served;
        String defaultVersion;
        if (model != null) {
            if (!versions.isEmpty()) {
                throw new JukeboxException("give registered versions or --model, not both");
            }
            served = List.of(fromFile());
            defaultVersion = served.getFirst().version();
        } else {
            ServedVersions v = ServedVersions.load(open(), versions, raw);
            served = v.models();
            defaultVersion = v.defaultVersion();
        }
        RequestLog log = noRequestLog ? null : RequestLog.open(requestLog);
        InferenceServer.Options o = InferenceServer.Options.defaults().withHost(host).withPort(port)
                .withRequestLog(log);
        o = new InferenceServer.Options(o.host(), o.port(), o.maxBodyBytes(), maxBatch, log);
        InferenceServer server = new InferenceServer(name, served, defaultVersion, o);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (log != null) {
                log.close();
            }
        }));
        for (ServedModel m : served) {
            System.out.println("serving " + m.origin() + " as " + name + " version " + m.version()
                    + (m.version().equals(defaultVersion) ? " (default)" : ""));
        }
        System.out.println("listening on http://" + host + ":" + server.port() + "/v2/models/" + name
                + " (metrics: /metrics; request log: " + (log == null ? "off" : log.file()) + ")");
        Thread.currentThread().join();
        return 0;
    }

    private ServedModel fromFile() throws Exception {
        Path dir = model.toAbsolutePath().getParent();
        Path scalerFile = scaler != null ? scaler : existing(dir.resolve("scaler.json"));
        Path labelsFile = labels != null ? labels : existing(dir.resolve("labels.json"));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JukeboxException("no such model file: " + model);
        }
        OnnxModel m = new OnnxModel(bytes, model.toString());
        MinMaxScaler s = scalerFile == null ? null : MinMaxScaler.read(scalerFile);
        if (raw && s == null) {
            m.close();
            throw new JukeboxException("--raw needs a scaler: give --scaler, or put scaler.json beside " + model);
        }
        List<String> l = labelsFile == null ? ServedModel.defaultLabels(m) : labelList(labelsFile);
        var table = songs == null ? null : ServedModel.byId(SongTables.readSongs(songs).songs());
        String v = version != null ? version : FileHasher.md5(bytes).substring(0, 8);
        return new ServedModel(v, m, s, raw, l, table, model.toString());
    }

    private static Path existing(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }

    private static List<String> labelList(Path file) throws Exception {
        if (!(Json.read(Files.readString(file)) instanceof List<?> list)
                || !list.stream().allMatch(o -> o instanceof String)) {
            throw new JukeboxException(file + ": not a JSON list of country codes");
        }
        return list.stream().map(String::valueOf).toList();
    }
}
