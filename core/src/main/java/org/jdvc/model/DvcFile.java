package org.jdvc.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A {@code .dvc} single-stage file (spec §5): the data-source stage {@code dvc add} writes, or an import /
 * import-url stage. Immutable; build new versions with the {@code with*} methods.
 *
 * <p>{@link #parse} validates strictly like DVC (unknown keys, wrong types, {@code cmd}, {@code metric}/{@code plot}
 * in outs, checksums shorter than 3 characters are errors) and keeps every valid key, so {@link #toYaml()} loses
 * nothing. {@link #toYaml()} writes DVC's canonical form; {@link #rewrite} applies a new version onto existing text
 * keeping its comments, key order and quoting, as DVC does when it updates a file.
 *
 * @param md5 stage checksum (§1.4), only for imports; null otherwise
 * @param wdir working directory relative to the file's directory; null means {@code .}
 * @param frozen {@code frozen: true} (also read from the legacy {@code locked} key)
 * @param meta any YAML value the user attached, or null
 */
public record DvcFile(String md5, String wdir, boolean frozen, List<Dependency> deps, List<Output> outs,
        boolean alwaysChanged, Object meta, String desc) {

    public DvcFile {
        deps = List.copyOf(deps);
        outs = List.copyOf(outs);
    }

    /** A plain data-source file ({@code dvc add}) with these outputs. */
    public static DvcFile of(List<Output> outs) {
        return new DvcFile(null, null, false, List.of(), outs, false, null, null);
    }

    /**
     * Parses and validates .dvc text.
     *
     * @param displayName how errors name the file, e.g. {@code ./data.txt.dvc}
     * @throws DvcFileException invalid YAML or a schema violation, one line naming the file and line
     */
    public static DvcFile parse(String text, String displayName) {
        Node root = YamlReader.compose(text, displayName);
        return DvcFileSchema.read(root, displayName);
    }

    /** True when any entry (out or hashed dep) is a legacy DVC 2 entry. */
    public boolean hasLegacyEntries() {
        return outs.stream().anyMatch(Entry::isLegacy) || deps.stream().anyMatch(Entry::isLegacy);
    }

    public DvcFile withOuts(List<Output> newOuts) {
        return new DvcFile(md5, wdir, frozen, deps, newOuts, alwaysChanged, meta, desc);
    }

    public DvcFile withDeps(List<Dependency> newDeps) {
        return new DvcFile(md5, wdir, frozen, newDeps, outs, alwaysChanged, meta, desc);
    }

    public DvcFile withMd5(String newMd5) {
        return new DvcFile(newMd5, wdir, frozen, deps, outs, alwaysChanged, meta, desc);
    }

    public DvcFile withFrozen(boolean newFrozen) {
        return new DvcFile(md5, wdir, newFrozen, deps, outs, alwaysChanged, meta, desc);
    }

    public DvcFile withDesc(String newDesc) {
        return new DvcFile(md5, wdir, frozen, deps, outs, alwaysChanged, meta, newDesc);
    }

    /**
     * The file as DVC serializes it, in DVC's order {@code desc, md5, wdir, frozen, deps, outs, always_changed, meta},
     * each only when truthy ({@code wdir: .} is left out). The stage checksum (§1.4) is computed from this dict.
     */
    public Map<String, Object> toDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (desc != null && !desc.isEmpty()) {
            d.put("desc", desc);
        }
        if (md5 != null && !md5.isEmpty()) {
            d.put("md5", md5);
        }
        if (wdir != null && !wdir.isEmpty() && !wdir.equals(".")) {
            d.put("wdir", wdir);
        }
        if (frozen) {
            d.put("frozen", true);
        }
        if (!deps.isEmpty()) {
            d.put("deps", deps.stream().map(Entry::toDict).toList());
        }
        if (!outs.isEmpty()) {
            d.put("outs", outs.stream().map(Entry::toDict).toList());
        }
        if (alwaysChanged) {
            d.put("always_changed", true);
        }
        if (meta != null && !(meta instanceof Map<?, ?> m && m.isEmpty()) && !(meta instanceof List<?> l && l.isEmpty())
                && !(meta instanceof String s && s.isEmpty()) && !Boolean.FALSE.equals(meta)) {
            d.put("meta", meta);
        }
        return d;
    }

    /** A freshly written file in DVC's canonical form (what {@code dvc add} writes). */
    public String toYaml() {
        return YamlWriter.write(toDict());
    }

    /**
     * {@code updated} applied onto {@code originalText}: unchanged values keep their text, changed scalars are replaced
     * in place, new keys are appended at the end of their mapping, removed keys' lines are deleted, lists of a
     * different length are replaced whole; comments and key order survive. For canonical text of an unchanged file
     * the result is the text itself.
     */
    public static String rewrite(String originalText, DvcFile updated) {
        return YamlRewriter.rewrite(originalText, updated.toDict());
    }
}
