package org.jdvc.jukebox.monitor;

import org.jdvc.config.RemoteConfig;
import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.project.DataSource;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.registry.ModelRegistry;
import org.jdvc.jukebox.registry.ModelVersion;
import org.jdvc.jukebox.registry.Promotion;
import org.jdvc.jukebox.registry.VersionFiles;
import org.jdvc.jukebox.serve.RequestLog;
import org.jdvc.jukebox.train.MinMaxScaler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Drift monitoring, the course's next chapter: the request log of a served version against the data it was trained
 * on (its {@code song_properties}, read by its md5 through jdvc), feature by feature ({@link Drift}); and, when the
 * drift is over the thresholds, a retrain: the logged songs join the table in the data-source bucket, the imports are
 * updated ({@code jdvc update --to-remote}), {@code jdvc repro} trains, the result is registered (lineage checked)
 * and offered to {@code prod} through the evaluation gate ({@link Promotion}).
 */
public final class Monitor {
    /** The stage a retrained model is offered to. */
    public static final String STAGE = "prod";

    /**
     * A feature drifts when its PSI is at least {@code psi} and its KS p-value below {@code ksPValue}: large enough
     * to matter and unlikely to be chance. Fewer than {@code minRequests} logged songs are too few to tell.
     */
    public record Thresholds(double psi, double ksPValue, int minRequests) {
        public static Thresholds defaults() {
            return new Thresholds(0.2, 0.01, 100);
        }
    }

    /** One feature's comparison. */
    public record FeatureDrift(String feature, double psi, double ks, double ksPValue, double referenceMean,
                               double currentMean, boolean drifted) {
    }

    /** What the monitor found. */
    public record Report(ModelVersion version, int requests, int skippedLines, int referenceSongs,
                         Thresholds thresholds, List<FeatureDrift> features) {
        public boolean enoughRequests() {
            return requests >= thresholds.minRequests();
        }

        public boolean drifted() {
            return enoughRequests() && features.stream().anyMatch(FeatureDrift::drifted);
        }

        public List<String> driftedFeatures() {
            return features.stream().filter(FeatureDrift::drifted).map(FeatureDrift::feature).toList();
        }

        /** The report as JSON-ready maps. */
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version.version());
            m.put("requests", requests);
            m.put("skipped_lines", skippedLines);
            m.put("reference_songs", referenceSongs);
            m.put("thresholds", Map.of("psi", thresholds.psi(), "ks_p_value", thresholds.ksPValue(),
                    "min_requests", thresholds.minRequests()));
            m.put("enough_requests", enoughRequests());
            m.put("drifted", drifted());
            List<Object> fs = new ArrayList<>();
            for (FeatureDrift f : features) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("feature", f.feature());
                e.put("psi", round(f.psi()));
                e.put("ks", round(f.ks()));
                e.put("ks_p_value", f.ksPValue());
                e.put("reference_mean", round(f.referenceMean()));
                e.put("current_mean", round(f.currentMean()));
                e.put("drifted", f.drifted() && enoughRequests());
                fs.add(e);
            }
            m.put("features", fs);
            return m;
        }

        /** The report as lines of text. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "%d requests to %s against its training data (%d songs)%s",
                    requests, version.tag(), referenceSongs, skippedLines == 0 ? ""
                            : "; " + skippedLines + " unreadable log lines skipped"));
            out.add(String.format(Locale.ROOT, "%-18s %8s %8s %10s %14s %14s  %s", "feature", "PSI", "KS",
                    "KS p", "training mean", "requests mean", ""));
            for (FeatureDrift f : features) {
                out.add(String.format(Locale.ROOT, "%-18s %8.3f %8.3f %10.2g %14.4g %14.4g  %s", f.feature(),
                        f.psi(), f.ks(), f.ksPValue(), f.referenceMean(), f.currentMean(),
                        f.drifted() && enoughRequests() ? "DRIFT" : ""));
            }
            if (!enoughRequests()) {
                out.add("too few requests to tell (" + requests + " < " + thresholds.minRequests()
                        + ", --min-requests)");
            } else {
                out.add(drifted() ? "drift in " + String.join(", ", driftedFeatures()) + String.format(Locale.ROOT,
                        " (PSI >= %.2f and KS p < %.2g)", thresholds.psi(), thresholds.ksPValue())
                        : "no drift");
            }
            return out;
        }

        private static double round(double v) {
            return Math.round(v * 1e6) / 1e6;
        }
    }

    /**
     * What a retrain did: songs appended, the new version (null when none), and the gate's answer: the assignment
     * (null when refused) or why not.
     */
    public record Retrain(int songsAdded, ModelVersion registered, Promotion.Promoted promoted, String refused) {
        public String promotedTag() {
            return promoted == null ? null : promoted.tag();
        }
    }

    private final Project project;

    public Monitor(Project project) {
        this.project = project;
    }

    /** Compares {@code log}'s requests to {@code version} ({@code null}: the prod version, else the newest). */
    public Report check(Path log, String version, Thresholds thresholds) {
        ModelVersion v = resolve(version);
        RequestLog.Read read = RequestLog.read(log);
        List<RequestLog.Entry> entries = read.entries().stream()
                .filter(e -> e.version().equals(v.protocolVersion())).toList();
        List<Song> reference;
        MinMaxScaler scaler;
        try (VersionFiles files = new VersionFiles(project, v)) {
            reference = files.songs();
            scaler = files.scaler();
        }
        List<double[]> current = new ArrayList<>();
        for (RequestLog.Entry e : entries) {
            // NOTE: a log written without a scaler holds model-ready values; the version's scaler turns them back
            current.add(e.raw() != null ? e.raw() : scaler.unscale(e.scaled(), 0));
        }
        return new Report(v, entries.size(), read.skipped(), reference.size(), thresholds,
                compare(reference, current, thresholds));
    }

    /** Each feature of {@code current} (raw rows of 13) against the same feature of the {@code reference} songs. */
    public static List<FeatureDrift> compare(List<Song> reference, List<double[]> current, Thresholds thresholds) {
        List<FeatureDrift> features = new ArrayList<>();
        for (Feature f : Feature.values()) {
            double[] r = reference.stream().mapToDouble(s -> s.features()[f.ordinal()]).toArray();
            double[] c = current.stream().mapToDouble(x -> x[f.ordinal()]).toArray();
            if (c.length == 0) {
                features.add(new FeatureDrift(f.column(), 0, 0, 1, mean(r), Double.NaN, false));
                continue;
            }
            double psi = Drift.psi(r, c), ks = Drift.ks(r, c), p = Drift.ksPValue(ks, r.length, c.length);
            features.add(new FeatureDrift(f.column(), psi, ks, p, mean(r), mean(c),
                    psi >= thresholds.psi() && p < thresholds.ksPValue()));
        }
        return List.copyOf(features);
    }

    private ModelVersion resolve(String version) {
        ModelRegistry registry = new ModelRegistry(project);
        if (version != null) {
            return registry.require(version);
        }
        ModelVersion prod = new Promotion(project).stages().get(STAGE);
        if (prod != null) {
            return prod;
        }
        List<ModelVersion> all = registry.list();
        if (all.isEmpty()) {
            throw new JukeboxException("no model version is registered in " + project.dir());
        }
        return all.getLast();
    }

    /**
     * Retrains on the logged songs of {@code report}: appends those the table does not hold yet to
     * {@code song_properties} in the data-source bucket, updates both imports (new chart data the ingest job wrote
     * comes too), commits, pulls, runs {@code jdvc repro}, registers the result and offers it to {@value #STAGE}.
     */
    public Retrain retrain(Report report, Path log) throws IOException {
        Path dir = project.dir();
        Map<String, Object> source = ModelRegistry.importRecord(dir.resolve(Layout.PROPERTIES + ".dvc"));
        String url = String.valueOf(source.get("source"));
        if (!url.startsWith("remote://")) {
            throw new JukeboxException(Layout.PROPERTIES + ".dvc is not an import from a remote (remote://NAME/PATH)"
                    + ": retraining appends the logged songs to its source, so the table must be imported");
        }
        String rest = url.substring("remote://".length());
        int slash = rest.indexOf('/');
        String remoteName = rest.substring(0, slash), key = rest.substring(slash + 1);
        RemoteConfig remote = project.api().repository().config().remote(remoteName);

        if (!Files.isRegularFile(dir.resolve(Layout.PROPERTIES))) {
            project.jdvc("pull", Layout.PROPERTIES + ".dvc");
        }
        List<Song> songs = new ArrayList<>(SongTables.readSongs(dir.resolve(Layout.PROPERTIES)).songs());
        Set<String> known = new HashSet<>();
        songs.forEach(s -> known.add(s.spotifyId()));
        int added = 0;
        Instant now = Instant.now();
        RequestLog.Read read = RequestLog.read(log);
        for (RequestLog.Entry e : read.entries()) {
            if (!e.version().equals(report.version().protocolVersion()) || e.raw() == null) {
                continue;
            }
            String id = e.spotifyId() != null ? e.spotifyId() : "req-" + FileHasher.md5(
                    java.util.Arrays.toString(e.raw()).getBytes(StandardCharsets.UTF_8)).substring(0, 18);
            if (known.add(id)) {
                songs.add(Song.of(id, "requested song " + id, "unknown", now, e.raw()));
                added++;
            }
        }
        say(added + " logged songs are new to " + Layout.PROPERTIES + "; appending them to " + remoteName + ":"
                + key);
        Path tmp = Files.createTempFile("jukebox-properties", ".parquet");
        try {
            SongTables.writeSongs(tmp, songs);
            DataSource.put(absolute(remote.url()), stringOptions(remote.options()), key, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        List<String> update = new ArrayList<>(List.of("update", "--to-remote"));
        Layout.TABLES.forEach(t -> update.add(t + ".dvc"));
        project.jdvc(update.toArray(String[]::new));
        String md5 = String.valueOf(ModelRegistry.importRecord(dir.resolve(Layout.PROPERTIES + ".dvc")).get("md5"));
        List<String> commit = new ArrayList<>(List.of("commit", "-q", "-m", "Updated data to version " + md5
                + " (" + added + " songs from the request log)", "--"));
        Layout.TABLES.forEach(t -> commit.add(t + ".dvc"));
        project.git(commit.toArray(String[]::new));
        project.jdvc("pull");
        project.jdvc("repro");
        ModelVersion v;
        try {
            v = new ModelRegistry(project).register("retrained after drift in "
                    + String.join(", ", report.driftedFeatures()) + " (" + report.requests() + " requests to "
                    + report.version().version() + ")");
        } catch (JukeboxException e) {
            return new Retrain(added, null, null, e.getMessage());
        }
        try {
            return new Retrain(added, v, new Promotion(project).promote(v.version(), STAGE, false,
                    "retrained after drift"), null);
        } catch (JukeboxException e) {
            return new Retrain(added, v, null, e.getMessage());
        }
    }

    /** A local remote's URL relative to {@code .dvc/}, as DVC resolves it, made absolute; others as they are. */
    private String absolute(String url) {
        if (url.contains("://") || Path.of(url).isAbsolute()) {
            return url;
        }
        return project.dir().resolve(".dvc").resolve(url).normalize().toString();
    }

    private static Map<String, String> stringOptions(Map<String, Object> options) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private void say(String line) {
        project.log().accept(line);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
