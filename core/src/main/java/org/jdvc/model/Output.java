package org.jdvc.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;

/**
 * An {@code outs} item of a .dvc file. Immutable; the {@code with*} methods return updated copies. Flags default as
 * in DVC: {@code cache: true}, {@code persist: false}, {@code push: true}.
 */
public final class Output extends Entry {
    Output(Map<String, Object> fields) {
        super(fields);
    }

    /**
     * A fresh output as {@code dvc add} writes it. {@code hash} may be null (no hash yet); {@code size} and
     * {@code nfiles} may be null (nfiles is only for directories).
     */
    public static Output of(String path, HashInfo hash, Long size, Long nfiles, boolean isexec) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(PATH, path);
        Output o = new Output(f);
        return o.withHash(hash).withMeta(size, nfiles, isexec);
    }

    /** This output with its hash members replaced ({@code hash: md5} added for md5, dropped for md5-dos2unix). */
    public Output withHash(HashInfo hash) {
        return new Output(fieldsWithHash(hash));
    }

    /** This output with {@code size}, {@code nfiles} and {@code isexec} replaced (nulls / false remove them). */
    public Output withMeta(Long size, Long nfiles, boolean isexec) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        putOrRemove(f, "size", size);
        putOrRemove(f, "nfiles", nfiles);
        putOrRemove(f, "isexec", isexec ? Boolean.TRUE : null);
        return new Output(f);
    }

    public Output withPath(String path) {
        return new Output(fieldsWith(PATH, path));
    }

    /** {@code cache: false} marks an uncached output. */
    public Output withCache(boolean cache) {
        return new Output(fieldsWith("cache", cache ? null : Boolean.FALSE));
    }

    public Output withRemote(String remote) {
        return new Output(fieldsWith("remote", remote));
    }

    public boolean cache() {
        return !Boolean.FALSE.equals(fields.get("cache"));
    }

    public boolean persist() {
        return Boolean.TRUE.equals(fields.get("persist"));
    }

    public boolean push() {
        return !Boolean.FALSE.equals(fields.get("push"));
    }

    public String remote() {
        return (String) fields.get("remote");
    }

    public String desc() {
        return (String) fields.get("desc");
    }

    public String type() {
        return (String) fields.get("type");
    }

    @SuppressWarnings("unchecked")
    public List<String> labels() {
        Object labels = fields.get("labels");
        return labels == null ? List.of() : (List<String>) labels;
    }

    public Object meta() {
        return fields.get("meta");
    }

    @Override
    public Map<String, Object> toDict() {
        Map<String, Object> d = canonical(List.of(), List.of("desc", "type", "labels", "meta"));
        if (!cache()) {
            d.put("cache", false);
        }
        if (persist()) {
            d.put("persist", true);
        }
        if (remote() != null) {
            d.put("remote", remote());
        }
        if (!push()) {
            d.put("push", false);
        }
        if (d.containsKey("files")) {
            d.put("files", d.remove("files")); // NOTE: files comes last, after the flags
        }
        return d;
    }

    private static void putOrRemove(Map<String, Object> f, String key, Object value) {
        if (value == null) {
            f.remove(key);
        } else {
            f.put(key, value);
        }
    }
}
