package org.jdvc.jukebox.registry;

import ai.onnxruntime.OrtException;
import org.jdvc.JdvcException;
import org.jdvc.api.Jdvc;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.MinMaxScaler;
import org.jdvc.tables.TableDiff;
import org.jdvc.tables.TableDiffCommand;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Two registered versions side by side, read from their tags without touching the workspace ({@link VersionFiles}:
 * every model file and table checked against the registry's md5 before it is used): their
 * data (md5 and a row-level diff of each table), params, metrics, and their predictions on a common evaluation set —
 * every song of the newer version's {@code song_properties} — per country and for the songs they disagree on most.
 */
public final class Comparison {
    /** Songs listed as the largest disagreements. */
    public static final int TOP_SONGS = 5;

    /** One table's row-level difference between the versions. */
    public record TableChange(String table, String md5A, String md5B, TableDiff.Result diff) {
    }

    /**
     * One country's mean score under each model and how many songs have it as their top country under each.
     */
    public record CountryShift(String country, double meanA, double meanB, int topA, int topB) {
        public double delta() {
            return meanB - meanA;
        }
    }

    /** A song and how far apart the two score vectors are (mean absolute difference over the 72 countries). */
    public record Disagreement(Song song, double distance, List<String> topA, List<String> topB) {
    }

    /** The whole comparison. */
    public record Result(ModelVersion a, ModelVersion b, List<TableChange> tables, int songs, int topCountryChanged,
                         List<CountryShift> countries, List<Disagreement> disagreements) {
    }

    private final Project project;

    public Comparison(Project project) {
        this.project = project;
    }

    public Result compare(String nameA, String nameB) throws IOException, OrtException {
        ModelRegistry registry = new ModelRegistry(project);
        ModelVersion a = registry.require(nameA);
        ModelVersion b = registry.require(nameB);
        Jdvc jdvc = project.api();
        List<TableChange> tables = new ArrayList<>();
        for (String t : Layout.TABLES) {
            TableDiff.Result d;
            try {
                d = TableDiffCommand.on(jdvc).oldRev(a.tag()).newRev(b.tag()).path(t)
                        .key(t.equals(Layout.PROPERTIES) ? "spotify_id" : null).call();
            } catch (JdvcException e) {
                throw new JukeboxException("cannot compare " + t + " of " + a.tag() + " and " + b.tag() + ": "
                        + e.getMessage(), e);
            }
            tables.add(new TableChange(t, a.dataMd5().get(t), b.dataMd5().get(t), d));
        }
        try (VersionFiles fa = new VersionFiles(project, a); VersionFiles fb = new VersionFiles(project, b)) {
            List<Song> songs = fb.songs();
            float[] sa = score(fa, songs);
            float[] sb = score(fb, songs);
            return new Result(a, b, tables, songs.size(), topChanged(sa, sb, songs.size()),
                    shifts(sa, sb, songs.size()), disagreements(sa, sb, songs));
        }
    }

    /** Scores {@code songs} with the model and scaler of {@code version}, both verified against its record. */
    private static float[] score(VersionFiles version, List<Song> songs) throws OrtException {
        MinMaxScaler s = version.scaler();
        float[] x = new float[songs.size() * Feature.COUNT];
        for (int i = 0; i < songs.size(); i++) {
            s.scale(songs.get(i).features(), x, i * Feature.COUNT);
        }
        try (OnnxModel m = version.model()) {
            return m.score(x, songs.size()).getFirst().data();
        }
    }

    private static int argmax(float[] s, int row) {
        int best = 0;
        for (int k = 1; k < Countries.COUNT; k++) {
            if (s[row * Countries.COUNT + k] > s[row * Countries.COUNT + best]) {
                best = k;
            }
        }
        return best;
    }

    private static List<String> top(float[] s, int row, int n) {
        List<Integer> idx = new ArrayList<>();
        for (int k = 0; k < Countries.COUNT; k++) {
            idx.add(k);
        }
        idx.sort(Comparator.comparingDouble((Integer k) -> -s[row * Countries.COUNT + k]));
        return idx.subList(0, n).stream().map(k -> Countries.codes().get(k)).toList();
    }

    private static int topChanged(float[] sa, float[] sb, int n) {
        int changed = 0;
        for (int i = 0; i < n; i++) {
            changed += argmax(sa, i) != argmax(sb, i) ? 1 : 0;
        }
        return changed;
    }

    private static List<CountryShift> shifts(float[] sa, float[] sb, int n) {
        int[] topA = new int[Countries.COUNT];
        int[] topB = new int[Countries.COUNT];
        for (int i = 0; i < n; i++) {
            topA[argmax(sa, i)]++;
            topB[argmax(sb, i)]++;
        }
        List<CountryShift> out = new ArrayList<>();
        for (int k = 0; k < Countries.COUNT; k++) {
            double ma = 0, mb = 0;
            for (int i = 0; i < n; i++) {
                ma += sa[i * Countries.COUNT + k];
                mb += sb[i * Countries.COUNT + k];
            }
            out.add(new CountryShift(Countries.codes().get(k), ma / Math.max(1, n), mb / Math.max(1, n), topA[k],
                    topB[k]));
        }
        return List.copyOf(out);
    }

    private static List<Disagreement> disagreements(float[] sa, float[] sb, List<Song> songs) {
        List<Disagreement> all = new ArrayList<>();
        for (int i = 0; i < songs.size(); i++) {
            double d = 0;
            for (int k = 0; k < Countries.COUNT; k++) {
                d += Math.abs(sa[i * Countries.COUNT + k] - sb[i * Countries.COUNT + k]);
            }
            all.add(new Disagreement(songs.get(i), d / Countries.COUNT, top(sa, i, 3), top(sb, i, 3)));
        }
        all.sort(Comparator.comparingDouble(Disagreement::distance).reversed());
        return List.copyOf(all.subList(0, Math.min(TOP_SONGS, all.size())));
    }

    /** Prints {@code r} as a side-by-side report. */
    public static void print(Result r, Consumer<String> out) {
        ModelVersion a = r.a(), b = r.b();
        out.accept(String.format(Locale.ROOT, "%-32s %-42s %s", "", a.tag(), b.tag()));
        out.accept(String.format(Locale.ROOT, "%-32s %-42s %s", "git revision", a.gitRevision(), b.gitRevision()));
        out.accept(String.format(Locale.ROOT, "%-32s %-42s %s", "created", a.created(), b.created()));
        for (TableChange t : r.tables()) {
            out.accept(String.format(Locale.ROOT, "%-32s %-42s %s%s", "md5 " + t.table(), t.md5A(), t.md5B(),
                    t.md5A() != null && t.md5A().equals(t.md5B()) ? "  (same)" : ""));
        }
        row(out, "params", a.params(), b.params());
        row(out, "metrics", a.metrics(), b.metrics());
        out.accept("data, row by row (" + a.tag() + " -> " + b.tag() + "):");
        for (TableChange t : r.tables()) {
            TableDiff.Result d = t.diff();
            // NOTE: which columns the changed rows changed in tells a refreshed timestamp from edited features
            Map<String, Integer> columns = new java.util.TreeMap<>();
            d.changed().forEach(c -> c.changes().keySet().forEach(k -> columns.merge(k, 1, Integer::sum)));
            out.accept(String.format(Locale.ROOT, "  %-24s rows %d -> %d: +%d added, -%d removed, %d changed%s, "
                            + "%d unchanged%s%s", t.table(), d.oldRows(), d.newRows(), d.added().size(),
                    d.removed().size(), d.changed().size(), columns.isEmpty() ? "" : " " + columns, d.unchanged(),
                    d.key() == null ? " (whole rows)" : " (by " + d.key() + ")",
                    d.schema().isEmpty() ? "" : "; schema: " + d.schema().size() + " column change(s)"));
        }
        out.accept(String.format(Locale.ROOT, "predictions on %d songs (%s of %s): top country differs for %d",
                r.songs(), Layout.PROPERTIES, b.tag(), r.topCountryChanged()));
        out.accept("  countries whose mean score moved most (mean score, songs with it as top country):");
        r.countries().stream().sorted(Comparator.comparingDouble((CountryShift c) -> -Math.abs(c.delta())))
                .limit(8).forEach(c -> out.accept(String.format(Locale.ROOT,
                        "    %s  %.4f -> %.4f (%+.4f)   top for %d -> %d songs", c.country(), c.meanA(), c.meanB(),
                        c.delta(), c.topA(), c.topB())));
        out.accept("  songs the two versions disagree on most (mean |score difference|, top 3 countries):");
        for (Disagreement d : r.disagreements()) {
            out.accept(String.format(Locale.ROOT, "    %-22s %-28s %.4f  %s: %s   %s: %s", d.song().spotifyId(),
                    shorten(d.song().name() + " - " + d.song().artists()), d.distance(), a.version(),
                    String.join(" ", d.topA()), b.version(), String.join(" ", d.topB())));
        }
    }

    private static void row(Consumer<String> out, String title, Map<String, Object> a, Map<String, Object> b) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            Object va = a.get(k), vb = b.get(k);
            out.accept(String.format(Locale.ROOT, "%-32s %-42s %s%s", title + " " + k, va, vb,
                    String.valueOf(va).equals(String.valueOf(vb)) ? "" : "  *"));
        }
    }

    private static String shorten(String s) {
        return s.length() <= 28 ? s : s.substring(0, 27) + "…";
    }
}
