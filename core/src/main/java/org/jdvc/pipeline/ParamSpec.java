package org.jdvc.pipeline;

import java.util.List;

/**
 * A {@code params} entry of a stage: keys of one parameters file.
 *
 * @param file the file as written, relative to the stage's {@code wdir} ({@code params.yaml} by default)
 * @param keys dotted key paths in the order written; empty means the whole file (its top-level keys)
 */
public record ParamSpec(String file, List<String> keys) {
    public static final String DEFAULT_FILE = "params.yaml";

    public ParamSpec {
        keys = List.copyOf(keys);
    }

    public boolean wholeFile() {
        return keys.isEmpty();
    }
}
