package org.jdvc.hash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code md5:} of import stages (spec §1.4): md5 of the stage dict serialized with
 * {@link PythonJson#dumps}, after dropping top-level {@code md5}, {@code meta}, {@code desc}, {@code wdir: "."}, and
 * at every nesting level the keys that do not affect the stage (annotations, flags, sizes). Stateless, thread-safe;
 * the input is not modified.
 */
public final class StageChecksum {
    private static final Set<String> TOP_LEVEL_DROPPED = Set.of("md5", "meta", "desc");
    private static final Set<String> DROPPED = Set.of(
            "desc", "type", "labels", "meta", "locked", "frozen", "metric", "persist", "isexec", "size", "nfiles");

    private StageChecksum() {
    }

    /** The stage checksum of {@code stageDict} as written to the .dvc file (same keys and values). */
    public static String compute(Map<String, ?> stageDict) {
        Map<String, Object> top = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : stageDict.entrySet()) {
            String k = e.getKey();
            if (TOP_LEVEL_DROPPED.contains(k) || k.equals("wdir") && ".".equals(e.getValue())) {
                continue;
            }
            top.put(k, e.getValue());
        }
        String json = PythonJson.dumps(filter(top));
        return FileHasher.md5(json.getBytes(StandardCharsets.US_ASCII));
    }

    private static Object filter(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!DROPPED.contains(e.getKey())) {
                    out.put(e.getKey(), filter(e.getValue()));
                }
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(filter(o));
            }
            return out;
        }
        return v;
    }
}
