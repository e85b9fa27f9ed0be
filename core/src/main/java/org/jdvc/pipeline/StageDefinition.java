package org.jdvc.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage as {@code dvc stage add} writes it into {@code dvc.yaml}, in DVC's order: {@code desc, cmd, wdir, deps}
 * (sorted), {@code params} (keys of params.yaml sorted, then {@code {file: [keys]}} per other file), {@code outs},
 * {@code metrics}, {@code plots} (each sorted by path; a path alone, or {@code {path: {flags}}}), {@code frozen},
 * {@code always_changed}, {@code meta}.
 */
public final class StageDefinition {
    private StageDefinition() {
    }

    /** The dvc.yaml mapping of {@code stage} (wdir given as written, null for the file's directory). */
    public static Map<String, Object> toDict(PipelineStage stage, String wdir) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (stage.desc() != null && !stage.desc().isEmpty()) {
            d.put("desc", stage.desc());
        }
        d.put("cmd", stage.cmd());
        if (wdir != null && !wdir.equals(".")) {
            d.put("wdir", wdir);
        }
        if (!stage.deps().isEmpty()) {
            d.put("deps", stage.deps().stream().sorted().toList());
        }
        List<Object> params = params(stage.params());
        if (!params.isEmpty()) {
            d.put("params", params);
        }
        for (StageOut.Kind kind : StageOut.Kind.values()) {
            List<Object> items = new ArrayList<>();
            stage.outs().stream().filter(o -> o.kind() == kind).sorted(Comparator.comparing(StageOut::path))
                    .forEach(o -> items.add(out(o)));
            if (!items.isEmpty()) {
                d.put(kind.key(), items);
            }
        }
        if (stage.frozen()) {
            d.put("frozen", true);
        }
        if (stage.alwaysChanged()) {
            d.put("always_changed", true);
        }
        if (stage.meta() != null) {
            d.put("meta", stage.meta());
        }
        return d;
    }

    private static List<Object> params(List<ParamSpec> specs) {
        List<Object> keys = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        List<ParamSpec> sorted = new ArrayList<>(specs);
        sorted.sort(Comparator.comparing(ParamSpec::file));
        for (ParamSpec p : sorted) {
            List<String> k = p.keys().stream().sorted().toList();
            if (!k.isEmpty() && p.file().equals(ParamSpec.DEFAULT_FILE)) {
                keys.addAll(k);
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(p.file(), k.isEmpty() ? null : k);
                others.add(m);
            }
        }
        keys.addAll(others);
        return keys;
    }

    private static Object out(StageOut o) {
        Map<String, Object> flags = new TreeMap<>(o.flags());
        if (flags.isEmpty()) {
            return o.path();
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String k : List.of("cache", "persist", "remote", "push", "desc", "type", "labels", "meta")) {
            if (flags.containsKey(k)) {
                ordered.put(k, flags.remove(k));
            }
        }
        ordered.putAll(flags);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(o.path(), ordered);
        return m;
    }
}
