package org.jdvc.pipeline;

import java.util.Map;

/**
 * An output of a pipeline stage as declared in {@code dvc.yaml}: under {@code outs}, {@code metrics} or
 * {@code plots}, with its flags ({@code cache}, {@code persist}, {@code remote}, {@code push}, annotations, plot
 * properties) exactly as written. Every kind defaults to {@code cache: true}.
 *
 * @param path the path as written, relative to the stage's {@code wdir}
 */
public record StageOut(String path, Kind kind, Map<String, Object> flags) {
    /** Which list of the stage declared the output. */
    public enum Kind {
        OUTS("outs"), METRICS("metrics"), PLOTS("plots");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The dvc.yaml key of the list. */
        public String key() {
            return key;
        }
    }

    public StageOut {
        flags = Map.copyOf(flags);
    }

    public boolean cache() {
        return !Boolean.FALSE.equals(flags.get("cache"));
    }

    public boolean persist() {
        return Boolean.TRUE.equals(flags.get("persist"));
    }

    public boolean push() {
        return !Boolean.FALSE.equals(flags.get("push"));
    }

    public String remote() {
        return flags.get("remote") instanceof String s ? s : null;
    }
}
