package org.jdvc.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stage's record in {@code dvc.lock} (spec §6.2): the command as run, the hashed dependencies, the parameter
 * values, the hashed outputs. Items keep DVC's key order ({@code path, hash, md5, size, nfiles, ...}); lists are
 * sorted by path when built by {@link StageRecorder}. Immutable.
 *
 * @param cmd a String or a List of Strings
 * @param deps dependency items ({@code path}, {@code hash}, {@code md5}, {@code size}, {@code nfiles}, ...)
 * @param params parameters file → key → value
 * @param outs output items, every kind (outs, metrics, plots) together
 */
public record LockEntry(Object cmd, List<Map<String, Object>> deps, Map<String, Map<String, Object>> params,
        List<Map<String, Object>> outs) {

    public LockEntry {
        deps = List.copyOf(deps);
        outs = List.copyOf(outs);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The entry as written into dvc.lock: {@code cmd, deps, params, outs}, empty parts left out. */
    public Map<String, Object> toDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cmd", cmd);
        if (!deps.isEmpty()) {
            d.put("deps", deps);
        }
        if (!params.isEmpty()) {
            d.put("params", params);
        }
        if (!outs.isEmpty()) {
            d.put("outs", outs);
        }
        return d;
    }

    public Optional<Map<String, Object>> dep(String path) {
        return deps.stream().filter(d -> path.equals(d.get("path"))).findFirst();
    }

    public Optional<Map<String, Object>> out(String path) {
        return outs.stream().filter(d -> path.equals(d.get("path"))).findFirst();
    }

    @SuppressWarnings("unchecked")
    static LockEntry fromDict(Map<String, Object> d) {
        Object deps = d.get("deps");
        Object outs = d.get("outs");
        Object params = d.get("params");
        Map<String, Map<String, Object>> p = new LinkedHashMap<>();
        if (params instanceof Map<?, ?> pm) {
            pm.forEach((k, v) -> p.put(String.valueOf(k), v instanceof Map<?, ?> vm
                    ? (Map<String, Object>) vm : new LinkedHashMap<>()));
        }
        return new LockEntry(d.get("cmd"), deps instanceof List<?> l ? (List<Map<String, Object>>) l : List.of(), p,
                outs instanceof List<?> l2 ? (List<Map<String, Object>>) l2 : List.of());
    }
}
