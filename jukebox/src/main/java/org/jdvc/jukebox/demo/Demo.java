package org.jdvc.jukebox.demo;

import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.monitor.Monitor;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.StageCommand;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.DataSource;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.registry.Comparison;
import org.jdvc.jukebox.registry.ModelRegistry;
import org.jdvc.jukebox.registry.ModelVersion;
import org.jdvc.jukebox.registry.Promotion;
import org.jdvc.jukebox.registry.Recovery;
import org.jdvc.jukebox.registry.ServedVersions;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.RequestLog;

import java.io.IOException;
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
 * a process, the stages as {@code jukebox} processes): day 1 data lands in the data-source bucket, {@code import-url
 * --to-remote}, commit, train v1, register, promote to prod; day 2 data, {@code update --to-remote}, retrain v2,
 * register, and the evaluation gate decides whether it may replace prod; the model is overwritten and the data
 * deleted (cache included); v1 is recovered exactly (md5 checked against the registry); v1 and v2 are compared, then
 * served side by side and asked about "Live Forever"; day 3: the label asks about new songs that lean another way,
 * the monitor finds the drift in the request log, retrains on the logged songs and the new chart data, and the gate
 * decides on v3.
 *
 * <p>Buckets are local folders by default; with {@link Options#s3Endpoint} they are the S3 buckets {@code data} and
 * {@code data-cache} (upstream's names) on that endpoint, credentials from the usual AWS variables.
 */
public final class Demo {

    /**
     * @param dir scratch directory (created; the project is {@code dir/project}, local buckets {@code dir/buckets})
     * @param songs songs on day 1; day 2 adds a tenth more, released during its new days; day 3 a fifth more
     * @param days days of rankings on day 1; day 2 appends a third more, day 3 a quarter more
     * @param epochs most training epochs (v2 also lowers the learning rate, so its params differ too)
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

    /**
     * What the demo showed, for tests: the versions (v3 null when the retrain made none), the recovery's checks, each
     * served version's scores for "Live Forever", the comparison, the drift report and the retrain.
     */
    public record Outcome(ModelVersion v1, ModelVersion v2, ModelVersion v3, Recovery.Result recovered,
                          Map<String, Map<String, Float>> liveForever, Comparison.Result comparison,
                          Monitor.Report drift, Monitor.Retrain retrain, String prod) {
    }

    /**
     * "Live Forever" (Oasis), the course's one-new-song example: its 13 Spotify audio features in upstream order,
     * kept as a constant so that the course's reference file (not ours to ship) is not needed; a test checks it against
     * {@code fav_new_song_properties.parquet} when that file is present.
     */
    static final double[] LIVE_FOREVER = {0, 276_826, 0.147, 0.782, 9, -5.393, 0, 0.0367, 1.37e-5, 6.86e-6, 0.369,
            0.182, 90.896};
    /** How far day 3's new songs lean towards the trend (danceable, short, loud, not acoustic). */
    static final double DAY3_TREND = 1.2;
    /** The gate of the demo's params.yaml: a prod model may not get worse at all. */
    static final String GATE = "gate:\n  stages: [prod]\n  max_accuracy_drop: 0.0\n";
    static final String REQUEST_LOG = "requests.jsonl";

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
        Project p = new Project(projectDir, StageCommand.environment(System.getenv(), root), out);
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
        } else {
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
        writeParams(projectDir, params);
        Files.writeString(projectDir.resolve(Layout.DVC_YAML), Layout.dvcYaml());
        Files.writeString(projectDir.resolve(".gitignore"), "/" + Layout.PREPARED + "\n/" + REQUEST_LOG + "\n");
        p.git("add", "-A");
        p.git("commit", "-q", "-m", "jukebox project: remotes, params, pipeline");
        say("(the stages of dvc.yaml run through `jdvc repro`: each is a `jukebox` process, found on the PATH)");

        section("day 1: the ingest job writes the tables to the data-source bucket; the project imports them");
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(7).withSongs(options.songs())
                .withDays(options.days()));
        ingest(root.resolve("day1"), day1, sourceUrl, sourceOptions, true);
        for (String t : Layout.TABLES) {
            p.jdvc("import-url", "remote://" + Layout.DATA_SOURCE + "/" + t, "--to-remote");
        }
        show(projectDir, Layout.PROPERTIES + ".dvc");
        commitData(p);

        section("train v1 on day 1 data, register it, make it prod");
        train(p);
        ModelRegistry registry = new ModelRegistry(p);
        ModelVersion v1 = registry.register("first model, day 1 data");
        show(v1);
        promote(p, v1);

        section("day 2: new data arrives; jdvc update --to-remote; retrain (and tune: learning rate 5e-4)");
        SyntheticSongs day2 = day1.grow(options.songs() / 10, Math.max(1, options.days() / 3));
        ingest(root.resolve("day2"), day2, sourceUrl, sourceOptions, true);
        updateImports(p);
        commitData(p);
        Params params2 = params.withLearningRate(5e-4);
        writeParams(projectDir, params2);
        p.git("commit", "-q", "-m", "Tune learning rate", Layout.PARAMS);
        train(p);
        ModelVersion v2 = registry.register("day 2 data, learning rate 5e-4");
        show(v2);
        promote(p, v2);
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
        say("$ jukebox register");
        try {
            registry.register();
            throw new IllegalStateException("demo failed: the registry accepted an overwritten model");
        } catch (JukeboxException e) {
            say("  refused: " + e.getMessage());
        }

        section("recover v1 exactly: its .dvc files, params and dvc.lock from tag model@v1, then jdvc pull");
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
        say("");
        say("(back to the latest revision for day 3)");
        p.git("checkout", "HEAD", "--", ".");
        p.jdvc("pull", "-f");

        section("serve v1 and v2 side by side (Open Inference Protocol v2) and ask each about \"Live Forever\"");
        Map<String, Map<String, Float>> live = new LinkedHashMap<>();
        Path log = projectDir.resolve(REQUEST_LOG);
        SyntheticSongs day3 = day2.grow(options.songs() / 5, Math.max(1, options.days() / 4), DAY3_TREND);
        List<Song> newSongs = day3.songs().subList(day2.options().songs(), day3.options().songs());
        try (ServedVersions served = ServedVersions.load(p, List.of("v1", "v2"), true);
             RequestLog requests = RequestLog.open(log);
             InferenceServer server = new InferenceServer(InferenceServer.SERVER_NAME, served.models(),
                     served.defaultVersion(), InferenceServer.Options.defaults().withPort(0)
                     .withRequestLog(requests));
             SongClient client = new SongClient(server.port(), InferenceServer.SERVER_NAME)) {
            say("serving versions 1 and 2 on port " + server.port() + "; requests that name no version go to "
                    + served.defaultVersion() + " (prod)");
            for (String v : List.of("1", "2")) {
                say("$ curl -s .../v2/models/jukebox/versions/" + v + "/infer -d '{\"inputs\": [... 13 raw "
                        + "features of Live Forever]}'");
                float[] s = client.scores(v, List.of(LIVE_FOREVER), null).getFirst();
                Map<String, Float> scores = new LinkedHashMap<>();
                for (int k = 0; k < Countries.COUNT; k++) {
                    scores.put(Countries.codes().get(k), s[k]);
                }
                live.put(v, scores);
                say("  top countries for Live Forever (v" + v + "): " + top(scores));
            }

            section("day 3: the label asks about " + newSongs.size() + " new songs; they lean towards danceable, "
                    + "short, loud, not acoustic");
            say("$ (a client sends them to the default version, features and spotify_id; the server logs each to "
                    + REQUEST_LOG + ")");
            client.ask(newSongs, 25);
        }
        say("  " + Files.readAllLines(log).size() + " lines in " + REQUEST_LOG);
        say("(meanwhile the ingest job brings their chart days: new rankings in the data-source bucket)");
        ingest(root.resolve("day3"), day3, sourceUrl, sourceOptions, false);

        section("monitor: the requests against prod's training data; drift triggers a retrain");
        say("$ jukebox monitor --retrain");
        Monitor monitor = new Monitor(p);
        Monitor.Report drift = monitor.check(log, null, Monitor.Thresholds.defaults());
        drift.lines().forEach(l -> say("  " + l));
        Monitor.Retrain retrain = drift.drifted() ? monitor.retrain(drift, log) : null;
        ModelVersion v3 = retrain == null ? null : retrain.registered();
        if (retrain != null) {
            say(v3 == null ? "retrain registered nothing: " + retrain.refused()
                    : "registered " + v3.tag() + " (accuracy " + v3.accuracy() + "); " + (retrain.promoted() != null
                    ? "the gate let it into prod (" + retrain.promotedTag() + "; " + retrain.promoted().summary() + ")"
                    : "the gate kept it out of prod: " + retrain.refused()));
        }
        String prod = new Promotion(p).stages().get("prod").version();

        section("done");
        p.git("log", "--oneline", "--decorate", "-n", "4");
        say(String.format(Locale.ROOT, "v1 recovered byte for byte; prod is %s; the story took %.1f s", prod,
                (System.nanoTime() - t0) / 1e9));
        return new Outcome(v1, v2, v3, recovered, live, comparison, drift, retrain, prod);
    }

    /** Offers {@code v} to prod through the gate, and says what the gate decided. */
    private void promote(Project p, ModelVersion v) throws IOException {
        say("$ jukebox promote " + v.version() + " prod");
        try {
            Promotion.Promoted done = new Promotion(p).promote(v.version(), "prod", false, null);
            say("  " + v.version() + " is now prod (" + done.tag() + "; gate: " + done.summary() + ")");
        } catch (JukeboxException e) {
            say("  refused: " + e.getMessage());
            say("  " + v.version() + " is registered and can be compared and recovered, but it is not served as prod");
        }
    }

    /**
     * Generates a day's tables and uploads them (or only the rankings: day 3's new songs are known from the request
     * log) to the data-source bucket. Each day's generator grows the previous: the same rows plus new chart days and
     * the songs released during them.
     */
    private void ingest(Path dir, SyntheticSongs gen, String url, Map<String, String> opts, boolean withProperties)
            throws IOException {
        Files.createDirectories(dir);
        List<Song> s = gen.songs();
        List<Ranking> r = gen.rankings(s, 2);
        Path props = dir.resolve(Layout.PROPERTIES);
        Path ranks = dir.resolve(Layout.RANKINGS);
        SongTables.writeRankings(ranks, r);
        if (withProperties) {
            SongTables.writeSongs(props, s);
            say(String.format(Locale.ROOT, "$ jukebox ingest --to %s  (%d songs, %d ranking rows over %d days)", url,
                    s.size(), r.size(), gen.options().days()));
            DataSource.put(url, opts, props, ranks);
        } else {
            say(String.format(Locale.ROOT, "$ jukebox ingest --to %s %s  (%d ranking rows over %d days)", url,
                    Layout.RANKINGS, r.size(), gen.options().days()));
            DataSource.put(url, opts, ranks);
        }
    }

    private static void writeParams(Path dir, Params params) throws IOException {
        Files.writeString(dir.resolve(Layout.PARAMS), params.yaml() + GATE);
    }

    private void updateImports(Project p) {
        List<String> update = new ArrayList<>(List.of("update", "--to-remote"));
        Layout.TABLES.forEach(t -> update.add(t + ".dvc"));
        p.jdvc(update.toArray(String[]::new));
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

    private static String top(Map<String, Float> scores) {
        return String.join(", ", scores.entrySet().stream()
                .sorted(Map.Entry.<String, Float>comparingByValue().reversed()).limit(5)
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue())).toList());
    }

    private void show(Path dir, String file) throws IOException {
        say("$ cat " + file);
        for (String line : Files.readAllLines(dir.resolve(file))) {
            say("  " + line);
        }
    }

    private void show(ModelVersion v) {
        say(String.format(Locale.ROOT, "registered %s: git %s, data md5 %s, model.onnx md5 %s, accuracy %s "
                        + "(majority baseline %s, linear %s), top-5 %s", v.tag(), v.gitRevision().substring(0, 8),
                v.dataMd5().values(), v.modelMd5().get(Layout.MODEL_DIR + "/" + Stages.MODEL),
                v.metrics().get("accuracy"), v.metrics().get("baseline_accuracy"), v.metrics().get("linear_accuracy"),
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
