package org.jdvc.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed in one stage since its lock entry, in DVC's status vocabulary.
 *
 * @param deps dependency path → {@code modified} / {@code deleted} / {@code new}; for a parameters file, path →
 *     either such a word (whole file) or a map of key → word
 * @param outs output path → {@code modified} / {@code deleted} / {@code not in cache}
 * @param commandChanged the command differs from the locked one
 * @param alwaysChanged {@code always_changed: true}, or a command with neither dependencies nor outputs
 */
public record StageChanges(Map<String, Object> deps, Map<String, String> outs, boolean commandChanged,
        boolean alwaysChanged) {

    public boolean changed() {
        return !deps.isEmpty() || !outs.isEmpty() || commandChanged || alwaysChanged;
    }

    /** DVC's status structure: {@code [{"changed deps": ...}, {"changed outs": ...}, "always changed", ...]}. */
    public List<Object> toStatus() {
        List<Object> list = new ArrayList<>();
        if (!deps.isEmpty()) {
            list.add(single("changed deps", deps));
        }
        if (!outs.isEmpty()) {
            list.add(single("changed outs", outs));
        }
        if (alwaysChanged) {
            list.add("always changed");
        }
        if (commandChanged) {
            list.add("changed command");
        }
        return list;
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }
}
