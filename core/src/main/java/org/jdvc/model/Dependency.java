package org.jdvc.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;

/**
 * A {@code deps} item of a .dvc file: a file or URL source of an import-url stage (with a hash), or the source of a
 * repo import ({@code path} plus {@code repo: {url, rev, rev_lock, config, remote}}, no hash). Immutable.
 */
public final class Dependency extends Entry {
    /** The {@code repo:} member of a repo-import dependency; {@code config}/{@code remote} may be a string or a map. */
    public record Repo(String url, String rev, String revLock, Object config, Object remote) {
        Map<String, Object> toDict() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("url", url);
            if (rev != null) {
                d.put("rev", rev);
            }
            if (revLock != null) {
                d.put("rev_lock", revLock);
            }
            if (config != null) {
                d.put("config", config);
            }
            if (remote != null) {
                d.put("remote", remote);
            }
            return d;
        }
    }

    Dependency(Map<String, Object> fields) {
        super(fields);
    }

    /** A file/URL dependency with an optional hash and meta (import-url). */
    public static Dependency of(String path, HashInfo hash, Long size, Long nfiles, boolean isexec) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(PATH, path);
        Dependency d = new Dependency(f).withHash(hash);
        Map<String, Object> g = new LinkedHashMap<>(d.fields);
        if (size != null) {
            g.put("size", size);
        }
        if (nfiles != null) {
            g.put("nfiles", nfiles);
        }
        if (isexec) {
            g.put("isexec", true);
        }
        return new Dependency(g);
    }

    /** A repo-import dependency ({@code dvc import}). */
    public static Dependency ofRepo(String path, Repo repo) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(PATH, path);
        f.put("repo", repo.toDict());
        return new Dependency(f);
    }

    public Dependency withHash(HashInfo hash) {
        return new Dependency(fieldsWithHash(hash));
    }

    /** This dependency with {@code size} and {@code nfiles} replaced (nulls remove them). */
    public Dependency withMeta(Long size, Long nfiles) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.remove("size");
        f.remove("nfiles");
        if (size != null) {
            f.put("size", size);
        }
        if (nfiles != null) {
            f.put("nfiles", nfiles);
        }
        return new Dependency(f);
    }

    /** This dependency with {@code fs_config} (options of the source's file system) set, or removed when null. */
    public Dependency withFsConfig(Map<String, Object> options) {
        return new Dependency(fieldsWith("fs_config", options == null || options.isEmpty() ? null : options));
    }

    public Dependency withRepo(Repo repo) {
        return new Dependency(fieldsWith("repo", repo == null ? null : repo.toDict()));
    }

    /** The {@code repo:} member, or null when this is not a repo import. */
    @SuppressWarnings("unchecked")
    public Repo repo() {
        if (!(fields.get("repo") instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, Object> r = (Map<String, Object>) m;
        return new Repo((String) r.get("url"), (String) r.get("rev"), (String) r.get("rev_lock"), r.get("config"),
                r.get("remote"));
    }

    /** Repo imports have no hash and are never legacy. */
    @Override
    public boolean isLegacy() {
        return repo() == null && super.isLegacy();
    }

    @Override
    public Map<String, Object> toDict() {
        Map<String, Object> d = canonical(List.of("repo", "db"), List.of());
        if (d.containsKey("repo")) {
            d.put("repo", repo().toDict()); // NOTE: DVC's order url, rev, rev_lock, config, remote
        }
        return d;
    }
}
