package org.jdvc.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;

/**
 * One {@code outs} or {@code deps} item of a .dvc file: immutable, keeping every key the file had (validated), so a
 * parse / write round trip loses nothing. {@link #toDict()} gives DVC's canonical key order (spec §5.2).
 *
 * <p>Hash members: {@code md5} (with {@code hash: md5} a DVC 3 entry, without it a legacy {@code md5-dos2unix}
 * entry), or for external dependencies {@code etag} / {@code checksum}. An empty checksum string means "no hash".
 */
public abstract sealed class Entry permits Output, Dependency {
    static final String MD5 = "md5";
    static final String ETAG = "etag";
    static final String CHECKSUM = "checksum";
    static final String HASH = "hash";
    static final String PATH = "path";

    final Map<String, Object> fields;

    Entry(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** The path as written (relative to the stage's wdir, {@code /}-separated, or a URL / absolute path). */
    public String path() {
        return (String) fields.get(PATH);
    }

    /**
     * The entry's hash: {@code md5} members give {@code md5} (DVC 3) or {@code md5-dos2unix} (legacy); an {@code etag}
     * or {@code checksum} member alone gives a hash of that name. {@code null} when the entry has no hash (partial
     * import, {@code --no-exec}).
     */
    public HashInfo hash() {
        String md5 = nonEmpty(MD5);
        if (md5 != null) {
            Object marker = fields.get(HASH);
            return new HashInfo(marker == null ? HashInfo.MD5_DOS2UNIX : (String) marker, md5);
        }
        String etag = nonEmpty(ETAG);
        if (etag != null) {
            return new HashInfo(ETAG, etag);
        }
        String checksum = nonEmpty(CHECKSUM);
        return checksum == null ? null : new HashInfo(CHECKSUM, checksum);
    }

    /** True for a DVC 2 entry: it has a hash member but no {@code hash:} marker (objects in the legacy layout). */
    public boolean isLegacy() {
        return !fields.containsKey(HASH) && nonEmpty(MD5) != null;
    }

    public Long size() {
        return (Long) fields.get("size");
    }

    public Long nfiles() {
        return (Long) fields.get("nfiles");
    }

    public boolean isexec() {
        return Boolean.TRUE.equals(fields.get("isexec"));
    }

    public String versionId() {
        return (String) fields.get("version_id");
    }

    /** Cloud-versioning {@code files} list (manifest entries), or an empty list. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> files() {
        Object files = fields.get("files");
        return files == null ? List.of() : (List<Map<String, Object>>) files;
    }

    /** The raw value of any key of this entry as parsed (maps and lists are plain Java collections). */
    public Object get(String key) {
        return fields.get(key);
    }

    /** The keys present, in file order. */
    public java.util.Set<String> keys() {
        return fields.keySet();
    }

    /** The entry as DVC serializes it, in DVC's key order with defaults left out. */
    public abstract Map<String, Object> toDict();

    private String nonEmpty(String key) {
        Object v = fields.get(key);
        return v instanceof String s && !s.isEmpty() ? s : null;
    }

    /** Copy of the fields with the hash members replaced by {@code hash} (or removed when null). */
    final Map<String, Object> fieldsWithHash(HashInfo hash) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.remove(MD5);
        f.remove(ETAG);
        f.remove(CHECKSUM);
        f.remove(HASH);
        if (hash != null) {
            switch (hash.name()) {
                case HashInfo.MD5_DOS2UNIX -> f.put(MD5, hash.value());
                case HashInfo.MD5 -> {
                    f.put(MD5, hash.value());
                    f.put(HASH, HashInfo.MD5);
                }
                default -> {
                    // NOTE: external deps record the filesystem's checksum but still carry the DVC 3 marker.
                    f.put(hash.name(), hash.value());
                    f.put(HASH, HashInfo.MD5);
                }
            }
        }
        return f;
    }

    final Map<String, Object> fieldsWith(String key, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        if (value == null) {
            f.remove(key);
        } else {
            f.put(key, value);
        }
        return f;
    }

    /**
     * Canonical order shared by outs and deps (§5.2): hash member, meta, {@code hash}, {@code path}, then
     * {@code extra} (repo / annotations / flags, in the caller's order), {@code fs_config}, {@code files}.
     */
    final Map<String, Object> canonical(List<String> afterPath, List<String> afterFsConfig) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (!fields.containsKey("files")) {
            // NOTE: the primary hash member comes first (DVC writes hash_info before meta), so an etag-only entry
            // starts with etag.
            if (fields.containsKey(MD5)) {
                d.put(MD5, fields.get(MD5));
            } else if (fields.containsKey(ETAG)) {
                d.put(ETAG, fields.get(ETAG));
            } else if (fields.containsKey(CHECKSUM)) {
                d.put(CHECKSUM, fields.get(CHECKSUM));
            }
            copy(d, "size");
            copy(d, "nfiles");
            if (isexec()) {
                d.put("isexec", true);
            }
            copy(d, "version_id");
            copy(d, ETAG);
            copy(d, CHECKSUM);
            copy(d, "cloud");
        }
        copy(d, HASH);
        copy(d, PATH);
        for (String key : afterPath) {
            copyTruthy(d, key);
        }
        copy(d, "fs_config");
        for (String key : afterFsConfig) {
            copyTruthy(d, key);
        }
        if (fields.containsKey("files")) {
            d.put("files", files().stream().map(Entry::canonicalFile).toList());
        }
        return d;
    }

    private static final List<String> FILE_ORDER =
            List.of("relpath", MD5, "size", "nfiles", "isexec", "version_id", ETAG, CHECKSUM, "remote", "cloud");

    private static Map<String, Object> canonicalFile(Map<String, Object> file) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (String key : FILE_ORDER) {
            if (file.containsKey(key)) {
                d.put(key, file.get(key));
            }
        }
        file.forEach(d::putIfAbsent);
        return d;
    }

    private void copy(Map<String, Object> d, String key) {
        if (fields.containsKey(key)) {
            d.put(key, fields.get(key));
        }
    }

    private void copyTruthy(Map<String, Object> d, String key) {
        Object v = fields.get(key);
        boolean truthy = switch (v) {
            case null -> false;
            case String s -> !s.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case List<?> l -> !l.isEmpty();
            default -> true;
        };
        if (truthy) {
            d.put(key, v);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && fields.equals(((Entry) o).fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + fields;
    }
}
