package org.jdvc.jukebox.demo;

import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.DataSource;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.registry.Comparison;
import org.jdvc.jukebox.registry.ModelRegistry;
import org.jdvc.jukebox.registry.ModelVersion;
import org.jdvc.jukebox.registry.Recovery;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.MinMaxScaler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole jukebox story in a fresh scratch project, every step through the real tools (jdvc's command line, git as
 * a process): day 1 data lands in the data-source bucket → {@code import-url --to-remote} → commit → train v1 →
 * register; day 2 data → {@code update --to-remote} → commit → retrain v2 → register; the model is overwritten and
 * the data deleted (cache included); v1 is recovered exactly (md5 checked against the registry); v1 and v2 are
 * compared; v1 is served and asked about "Live Forever".
 *
 * <p>Buckets are local folders by default; with {@link Options#s3Endpoint} they are the S3 buckets {@code data} and
 * {@code data-cache} (upstream's names) on that endpoint, credentials from the usual AWS variables.
 */
public final class Demo {

    /**
     * @param dir scratch directory (created; the project is {@code dir/project}, local buckets {@code dir/buckets})
     * @param songs songs on day 1; day 2 adds a tenth more, released during its new days
     * @param days days of rankings on day 1; day 2 appends a third more
     * @param epochs training epochs (v2 also lowers the learning rate, so its params differ too)
     * @param s3Endpoint null for local folders as buckets
     * @param s3AccessKey with {@code s3SecretKey}: the S3 credentials, kept in {@code .dvc/config.local} (never
     *     committed); null for the AWS SDK's usual sources (the {@code AWS_*} variables, {@code ~/.aws})
     */
    public record Options(Path dir, int songs, int days, int epochs, String s3Endpoint, String s3DataBucket,
                          String s3VersionBucket, String s3AccessKey, String s3SecretKey) {
        /** Small enough to run in seconds, big enough that the model learns something. */
        public static Options small(Path dir) {
            return new Options(dir, 1500, 40, 15, null, "data", "data-cache", null, null);
        }

        /** The same story on S3 buckets {@code data} and {@code data-cache} (upstream's names) at {@code endpoint}. */
        public Options withS3(String endpoint, String accessKey, String secretKey) {
            return new Options(dir, songs, days, epochs, endpoint, s3DataBucket, s3VersionBucket, accessKey,
                    secretKey);
        }
    }

    /** What the demo showed, for tests: the two versions, the recovery's checks and the served song's scores. */
    public record Outcome(ModelVersion v1, ModelVersion v2, Recovery.Result recovered, Map<String, Float> liveForever,
                          Comparison.Result comparison) {
    }

    /**
     * "Live Forever" (Oasis), the course's one-new-song example: its 13 Spotify audio features in upstream order,
     * kept as a constant so that the course's reference file (not ours to ship) is not needed; a test checks it against
     * {@code fav_new_song_properties.parquet} when that file is present.
     */
    static final double[] LIVE_FOREVER = {0, 276_826, 0.147, 0.782, 9, -5.393, 0, 0.0367, 1.37e-5, 6.86e-6, 0.369,
            0.182, 90.896};

    private final Options options;
    private final Consumer<String> out;

    public Demo(Options options, Consumer<String> out) {
        this.options = options;
        this.out = out;
    }

    public Outcome run() throws Exception {
        long t0 = System.nanoTime();
        Path root = Files.createDirectories(options.dir().toAbsolutePath());
        Path projectDir = Files.createDirectories(root.resolve("project"));
        Map<String, String> env = new HashMap<>(System.getenv());
        Project p = new Project(projectDir, env, out);
        boolean s3 = options.s3Endpoint() != null;
        String sourceUrl = s3 ? "s3://" + options.s3DataBucket() : root.resolve("buckets/data").toString();
        String versionsUrl = s3 ? "s3://" + options.s3VersionBucket() : root.resolve("buckets/data-cache").toString();
        Map<String, String> sourceOptions = new HashMap<>();
        if (s3) {
            sourceOptions.put("endpointurl", options.s3Endpoint());
            if (options.s3AccessKey() != null) {
                sourceOptions.put("access_key_id", options.s3AccessKey());
                sourceOptions.put("secret_access_key", options.s3SecretKey());
            }
        }
        if (!s3) {
            Files.createDirectories(Path.of(sourceUrl));
            Files.createDirectories(Path.of(versionsUrl));
        }

        section("set up: a git repository tracked by jdvc, two remotes (the data-source bucket and the versions "
                + "bucket), params.yaml and dvc.yaml");
        say("project " + projectDir);
        p.git("init", "-q");
        p.jdvc("init", "-q");
        p.jdvc("remote", "add", Layout.DATA_SOURCE, sourceUrl);
        p.jdvc("remote", "add", "-d", "versions", versionsUrl);
        if (s3) {
            p.jdvc("remote", "modify", Layout.DATA_SOURCE, "endpointurl", options.s3Endpoint());
            p.jdvc("remote", "modify", "versions", "endpointurl", options.s3Endpoint());
            if (options.s3AccessKey() != null) {
                for (String r : List.of(Layout.DATA_SOURCE, "versions")) {
                    // NOTE: quiet, and shown with the secret masked: the log is printed and may be shared
                    say("$ jdvc remote modify --local " + r + " access_key_id/secret_access_key ****");
                    p.jdvcQuiet("remote", "modify", "--local", r, "access_key_id", options.s3AccessKey());
                    p.jdvcQuiet("remote", "modify", "--local", r, "secret_access_key", options.s3SecretKey());
                }
            }
        }
        Params params = Params.defaults().withEpochs(options.epochs());
        params.write(projectDir.resolve(Layout.PARAMS));
        Layout.writeLauncher(projectDir);
        Files.writeString(projectDir.resolve(Layout.DVC_YAML), Layout.dvcYaml("./jukebox"));
        Files.writeString(projectDir.resolve(".gitignore"), "/jukebox\n/" + Layout.PREPARED + "\n");
        p.git("add", "-A");
        p.git("commit", "-q", "-m", "jukebox project: remotes, params, pipeline");
        say("(the stages of dvc.yaml run through `jdvc repro`: each is a `./jukebox` process)");

        section("day 1: the ingest job writes the tables to the data-source bucket; the project imports them");
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(7).withSongs(options.songs())
                .withDays(options.days()));
        ingest(root.resolve("day1"), day1, sourceUrl, sourceOptions);
        for (String t : Layout.TABLES) {
            p.jdvc("import-url", "remote://" + Layout.DATA_SOURCE + "/" + t, "--to-remote");
        }
        show(projectDir, Layout.PROPERTIES + ".dvc");
        commitData(p);

        section("train v1 on day 1 data, register it");
        train(p);
        ModelVersion v1 = new ModelRegistry(p).register();
        show(v1);

        section("day 2: new data arrives; jdvc update --to-remote; retrain (and tune: learning rate 5e-4)");
        ingest(root.resolve("day2"), day1.grow(options.songs() / 10, Math.max(1, options.days() / 3)), sourceUrl,
                sourceOptions);
        List<String> update = new ArrayList<>(List.of("update", "--to-remote"));
        Layout.TABLES.forEach(t -> update.add(t + ".dvc"));
        p.jdvc(update.toArray(String[]::new));
        commitData(p);
        Params params2 = params.withLearningRate(5e-4);
        params2.write(projectDir.resolve(Layout.PARAMS));
        p.git("commit", "-q", "-m", "Tune learning rate", Layout.PARAMS);
        train(p);
        ModelVersion v2 = new ModelRegistry(p).register();
        show(v2);
        say("");
        p.git("log", "--oneline", "--decorate");

        section("disaster: someone overwrites the model and deletes the data (and the local cache)");
        Path model = projectDir.resolve(Layout.MODEL_DIR).resolve(Stages.MODEL);
        Files.deleteIfExists(model); // NOTE: cache links are read-only; replace the file, as an editor would
        Files.writeString(model, "not a model");
        for (String t : Layout.TABLES) {
            Files.deleteIfExists(projectDir.resolve(t));
        }
        org.jdvc.repo.WorkspaceCheckout.deleteAny(projectDir.resolve(".dvc/cache"));
        say("$ ls " + Layout.MODEL_DIR + " && cat " + Layout.MODEL_DIR + "/" + Stages.MODEL);
        say("  " + String.join(" ", list(projectDir.resolve(Layout.MODEL_DIR))) + "  /  not a model");

        section("recover v1 exactly: its .dvc files and params from tag model@v1, then jdvc pull");
        Recovery.Result recovered = new Recovery(p).recover("v1");
        for (Recovery.Check c : recovered.checks()) {
            say(String.format(Locale.ROOT, "  md5 %-26s %s  %s", c.path(), c.actual(),
                    c.ok() ? "== v1's record" : "!= v1's record " + c.expected() + " (WRONG)"));
        }
        if (!recovered.exact()) {
            throw new IllegalStateException("demo failed: v1 did not come back byte for byte");
        }

        section("compare v1 with v2");
        Comparison.Result comparison = new Comparison(p).compare("v1", "v2");
        Comparison.print(comparison, this::say);

        section("serve v1 (Open Inference Protocol v2) and ask about \"Live Forever\"");
        Map<String, Float> scores = serve(projectDir);
        List<Map.Entry<String, Float>> best = scores.entrySet().stream()
                .sorted(Map.Entry.<String, Float>comparingByValue().reversed()).limit(5).toList();
        say("top countries for Live Forever (v1): " + String.join(", ", best.stream()
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue())).toList()));

        section("done");
        say(String.format(Locale.ROOT, "v1 recovered byte for byte; the story took %.1f s",
                (System.nanoTime() - t0) / 1e9));
        return new Outcome(v1, v2, recovered, scores, comparison);
    }

    /**
     * Generates a day's tables and uploads them to the data-source bucket. Day 2's generator grows day 1's: the same
     * rows plus new chart days and the songs released during them.
     */
    private void ingest(Path dir, SyntheticSongs gen, String url, Map<String, String> opts) throws IOException {
        Files.createDirectories(dir);
        List<Song> s = gen.songs();
        List<Ranking> r = gen.rankings(s, 2);
        Path props = dir.resolve(Layout.PROPERTIES);
        Path ranks = dir.resolve(Layout.RANKINGS);
        SongTables.writeSongs(props, s);
        SongTables.writeRankings(ranks, r);
        say(String.format(Locale.ROOT, "$ jukebox ingest --to %s  (%d songs, %d ranking rows over %d days)", url,
                s.size(), r.size(), gen.options().days()));
        DataSource.put(url, opts, props, ranks);
    }

    private void commitData(Project p) throws IOException {
        String md5 = String.valueOf(ModelRegistry.importRecord(p.dir().resolve(Layout.PROPERTIES + ".dvc")).get("md5"));
        List<String> add = new ArrayList<>(List.of("add"));
        Layout.TABLES.forEach(t -> add.add(t + ".dvc"));
        add.add(".gitignore");
        p.git(add.toArray(String[]::new));
        p.git("commit", "-q", "-m", "Updated data to version " + md5);
    }

    /**
     * Runs the pipeline. {@code jdvc repro} decides what to run from dvc.lock: everything the first time, nothing when
     * neither data nor params changed, prepare/train/evaluate as far as a change reaches.
     */
    private void train(Project p) {
        p.jdvc("pull"); // NOTE: imports with --to-remote keep the data out of the workspace; the stages need it
        p.jdvc("repro");
    }

    /** Serves the workspace's model with its scaler and asks for the 72 scores of "Live Forever" over HTTP. */
    private Map<String, Float> serve(Path projectDir) throws Exception {
        Path dir = projectDir.resolve(Layout.MODEL_DIR);
        InferenceServer.Options o = InferenceServer.Options.defaults().withPort(0)
                .withScaler(MinMaxScaler.read(dir.resolve(Stages.SCALER)));
        try (OnnxModel model = new OnnxModel(dir.resolve(Stages.MODEL));
             InferenceServer server = new InferenceServer(model, o)) {
            String url = "http://127.0.0.1:" + server.port() + "/v2/models/" + o.modelName() + "/infer";
            List<Object> inputs = new ArrayList<>();
            List<String> names = org.jdvc.jukebox.data.Feature.names();
            for (int i = 0; i < names.size(); i++) {
                Map<String, Object> in = new LinkedHashMap<>();
                in.put("name", names.get(i));
                in.put("shape", List.of(1, 1));
                in.put("datatype", "FP64");
                in.put("data", List.of(LIVE_FOREVER[i]));
                inputs.add(in);
            }
            String body = Json.write(Map.of("inputs", inputs));
            say("$ curl -s " + url + " -d '{\"inputs\": [{\"name\": \"is_explicit\", \"shape\": [1, 1], ... 13 raw "
                    + "features of Live Forever]}'");
            HttpResponse<String> resp;
            try (HttpClient http = HttpClient.newHttpClient()) {
                resp = http.send(HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            }
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("inference failed: HTTP " + resp.statusCode() + " " + resp.body());
            }
            Map<String, Object> json = Json.readObject(resp.body());
            List<?> outputs = (List<?>) json.get("outputs");
            List<?> data = (List<?>) ((Map<?, ?>) outputs.getFirst()).get("data");
            Map<String, Float> scores = new LinkedHashMap<>();
            for (int k = 0; k < Countries.COUNT; k++) {
                scores.put(Countries.codes().get(k), ((Number) data.get(k)).floatValue());
            }
            say("  HTTP 200: outputs \"" + ((Map<?, ?>) outputs.getFirst()).get("name") + "\" [1,72]"
                    + (outputs.size() > 1 ? " and \"country_codes\" [72]" : ""));
            return scores;
        }
    }

    private void show(Path dir, String file) throws IOException {
        say("$ cat " + file);
        for (String line : Files.readAllLines(dir.resolve(file))) {
            say("  " + line);
        }
    }

    private void show(ModelVersion v) {
        say(String.format(Locale.ROOT, "registered %s: git %s, data md5 %s, model.onnx md5 %s, accuracy %s, top-5 %s",
                v.tag(), v.gitRevision().substring(0, 8), v.dataMd5().values(),
                v.modelMd5().get(Layout.MODEL_DIR + "/" + Stages.MODEL), v.metrics().get("accuracy"),
                v.metrics().get("top5_accuracy")));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted(Comparator.naturalOrder()).toList();
        }
    }

    private void section(String title) {
        out.accept("");
        out.accept("== " + title);
    }

    private void say(String line) {
        out.accept(line);
    }
}
