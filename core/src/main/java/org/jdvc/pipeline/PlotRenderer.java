package org.jdvc.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.model.YamlReader;
import org.jdvc.repo.Repository;

/**
 * {@code dvc plots show/diff}: the plots of the pipelines (stage {@code plots} outputs and top-level {@code plots}
 * paths) read at one or more revisions and rendered as Vega-Lite specs with DVC's default template (a smoothed line
 * per revision). Data files may be CSV, TSV, JSON or YAML (a list of records, or a mapping holding one). Without an
 * {@code x} property the record index becomes {@code step}; without {@code y} the last field is plotted. Only the
 * default template is supported.
 */
public final class PlotRenderer {
    private static final List<String> COLORS = List.of("#945dd6", "#13adc7", "#f46837", "#48bb78", "#4299e1",
            "#ed8936", "#f56565");
    private static final String INDEX = "step";

    private final Repository repo;
    private final List<PipelineFile> files;

    public PlotRenderer(Repository repo, List<PipelineFile> files) {
        this.repo = repo;
        this.files = files;
    }

    /** Plot file (repo-relative) → properties ({@code x}, {@code y}, {@code title}, ...). */
    Map<String, Map<String, Object>> definitions() {
        Map<String, Map<String, Object>> defs = new LinkedHashMap<>();
        for (PipelineFile f : files) {
            for (PipelineStage s : f.stages()) {
                for (StageOut o : s.outs()) {
                    if (o.kind() == StageOut.Kind.PLOTS) {
                        defs.put(repo.relpath(s.resolve(o.path())), new LinkedHashMap<>(o.flags()));
                    }
                }
            }
            for (Object p : f.topPlots()) {
                if (p instanceof String path) {
                    defs.put(repo.relpath(f.path().getParent().resolve(path).normalize()), new LinkedHashMap<>());
                } else if (p instanceof Map<?, ?> m) {
                    m.forEach((id, props) -> defs.put(repo.relpath(f.path().getParent().resolve(String.valueOf(id))
                            .normalize()), props instanceof Map<?, ?> pm ? ParamsFile.asMap(pm) : new LinkedHashMap<>()));
                }
            }
        }
        return defs;
    }

    /**
     * DVC's JSON document: {@code {"data": {plot: [{"type": "vega", "revisions": [...], "content": spec}]}}}.
     *
     * @param cwd plot paths are shown relative to it
     */
    public Map<String, Object> render(List<RevisionFiles> revisions, Path cwd) {
        Map<String, Map<String, Object>> defs = definitions();
        for (RevisionFiles r : revisions) {
            r.prefetch(defs.keySet());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        defs.forEach((file, props) -> {
            List<String> revs = new ArrayList<>();
            List<Map<String, Object>> values = new ArrayList<>();
            String x = props.get("x") instanceof String s ? s : null;
            String y = props.get("y") instanceof String s ? s : null;
            for (RevisionFiles r : revisions) {
                var text = r.read(file);
                if (text.isEmpty()) {
                    continue;
                }
                List<Map<String, Object>> records = records(text.get(), file);
                if (records.isEmpty()) {
                    continue;
                }
                if (y == null) {
                    List<String> keys = new ArrayList<>(records.getFirst().keySet());
                    keys.remove(x == null ? INDEX : x);
                    y = keys.isEmpty() ? INDEX : keys.getLast();
                }
                revs.add(r.name());
                for (int i = 0; i < records.size(); i++) {
                    Map<String, Object> point = new LinkedHashMap<>();
                    for (Map.Entry<String, Object> e : records.get(i).entrySet()) {
                        if (e.getKey().equals(y) || e.getKey().equals(x == null ? INDEX : x)) {
                            point.put(e.getKey(), e.getValue());
                        }
                    }
                    if (x == null) {
                        point.put(INDEX, (long) i);
                    }
                    point.put("rev", r.name());
                    values.add(point);
                }
            }
            if (revs.isEmpty()) {
                return;
            }
            String xf = x == null ? INDEX : x;
            String shown = cwd.relativize(repo.root().resolve(file)).toString();
            Map<String, Object> title = new LinkedHashMap<>();
            title.put("text", props.get("title") instanceof String t ? t : shown);
            title.put("anchor", "middle");
            Map<String, Object> scale = new LinkedHashMap<>();
            scale.put("domain", revs);
            scale.put("range", COLORS.subList(0, Math.min(revs.size(), COLORS.size())));
            Map<String, Object> color = new LinkedHashMap<>();
            color.put("field", "rev");
            color.put("scale", scale);
            Map<String, Object> fill = Map.of("<DVC_METRIC_DATA>", values, "<DVC_METRIC_TITLE>", title,
                    "<DVC_METRIC_COLOR>", color, "<DVC_METRIC_X>", xf, "<DVC_METRIC_Y>", y,
                    "<DVC_METRIC_X_LABEL>", props.get("x_label") instanceof String l ? l : xf,
                    "<DVC_METRIC_Y_LABEL>", props.get("y_label") instanceof String l ? l : y);
            Map<String, Object> plot = new LinkedHashMap<>();
            plot.put("type", "vega");
            plot.put("revisions", revs);
            plot.put("content", fillIn(template(), fill));
            data.put(shown, List.of(plot));
        });
        return Map.of("data", data);
    }

    private static List<Map<String, Object>> records(String text, String file) {
        String format = ParamsFile.format(Path.of(file).getFileName().toString());
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
            return delimited(text, lower.endsWith(".tsv") ? '\t' : ',');
        }
        Object v = format.equals("json") || format.equals("yaml") ? YamlReader.load(text, file) : null;
        if (v instanceof Map<?, ?> m) {
            v = m.values().stream().filter(x -> x instanceof List<?>).findFirst().orElse(null);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add(ParamsFile.asMap(m));
                }
            }
        }
        return out;
    }

    /** CSV/TSV with a header row; values stay strings, as DVC reads them. */
    private static List<Map<String, Object>> delimited(String text, char sep) {
        List<String> lines = text.lines().filter(l -> !l.isEmpty()).toList();
        List<Map<String, Object>> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = split(lines.getFirst(), sep);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line, sep);
            Map<String, Object> rec = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                rec.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            }
            out.add(rec);
        }
        return out;
    }

    private static List<String> split(String line, char sep) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == sep && !quoted) {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells;
    }

    private static Object template() {
        try (InputStream in = PlotRenderer.class.getResourceAsStream("smooth.json")) {
            return YamlReader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "smooth.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object fillIn(Object node, Map<String, Object> fill) {
        return switch (node) {
            case String s when fill.containsKey(s) -> fill.get(s);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), fillIn(v, fill)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                l.forEach(v -> out.add(fillIn(v, fill)));
                yield out;
            }
            case null, default -> node;
        };
    }
}
