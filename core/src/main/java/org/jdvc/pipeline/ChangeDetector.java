package org.jdvc.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdvc.hash.HashInfo;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.Repository;
import org.jdvc.repo.WorkspaceHasher;

/**
 * Compares a pipeline stage with its {@code dvc.lock} entry (spec §6.3): changed command, dependencies deleted /
 * modified (or never recorded), parameters deleted / new / modified, outputs deleted / modified / not in cache,
 * {@code always_changed}. A frozen stage's dependencies are not looked at. Hashes come from the state database, so
 * unchanged files are not read. Not thread-safe (shares the repository's state database).
 */
public final class ChangeDetector {
    private final Repository repo;
    private final WorkspaceHasher hasher;
    private final Path cwd;

    public ChangeDetector(Repository repo, Path cwd) {
        this.repo = repo;
        this.hasher = new WorkspaceHasher(repo);
        this.cwd = cwd;
    }

    public StageChanges changes(PipelineStage stage, LockEntry lock) {
        try {
            Map<String, Object> deps = stage.frozen() ? Map.of() : depChanges(stage, lock);
            Map<String, String> outs = new LinkedHashMap<>();
            for (StageOut o : stage.outs()) {
                String st = outStatus(stage, o, lock);
                if (st != null) {
                    outs.put(show(stage.resolve(o.path())), st);
                }
            }
            boolean command = lock != null && !stage.cmd().equals(lock.cmd());
            boolean always = stage.alwaysChanged()
                    || (stage.deps().isEmpty() && stage.params().isEmpty() && stage.outs().isEmpty());
            return new StageChanges(deps, outs, command, always);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> depChanges(PipelineStage stage, LockEntry lock) throws IOException {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String d : stage.deps()) {
            Path abs = stage.resolve(d);
            Map<String, Object> locked = lock == null ? null : lock.dep(d).orElse(null);
            HashInfo recorded = hashOf(locked);
            HashedPath current = hasher.hash(abs, recorded == null ? HashInfo.MD5 : recorded.name());
            if (current == null) {
                changes.put(show(abs), "deleted");
            } else if (recorded == null || !recorded.equals(current.hash())) {
                changes.put(show(abs), "modified");
            }
        }
        for (ParamSpec p : stage.params()) {
            Object st = paramsStatus(stage, p, lock);
            if (st != null) {
                changes.put(show(stage.resolve(p.file())), st);
            }
        }
        return changes;
    }

    /** Status of one params dependency: a word for the whole file, a key → word map, or null when unchanged. */
    private Object paramsStatus(PipelineStage stage, ParamSpec spec, LockEntry lock) {
        Path file = stage.resolve(spec.file());
        Optional<Map<String, Object>> content = ParamsFile.read(file, spec.file());
        if (content.isEmpty()) {
            return "deleted";
        }
        Map<String, Object> locked = lock == null ? null : lock.params().get(spec.file());
        if (locked == null) {
            return "new";
        }
        Map<String, Object> actual = currentValues(spec, content.get());
        List<String> keys = new ArrayList<>(spec.keys());
        if (spec.wholeFile()) {
            LinkedHashSet<String> all = new LinkedHashSet<>(actual.keySet());
            all.addAll(locked.keySet());
            keys.addAll(all);
        }
        Map<String, String> status = new LinkedHashMap<>();
        for (String k : keys) {
            if (!actual.containsKey(k)) {
                status.put(k, "deleted");
            } else if (!locked.containsKey(k)) {
                status.put(k, "new");
            } else if (!ParamValues.same(actual.get(k), locked.get(k))) {
                status.put(k, "modified");
            }
        }
        return status.isEmpty() ? null : status;
    }

    /** The current values of a params dependency: key → value, absent keys left out. */
    static Map<String, Object> currentValues(ParamSpec spec, Map<String, Object> content) {
        if (spec.wholeFile()) {
            return new LinkedHashMap<>(content);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String k : spec.keys()) {
            Object v = ParamsFile.valueAt(content, k);
            if (v != ParamsFile.MISSING) {
                values.put(k, v);
            }
        }
        return values;
    }

    private String outStatus(PipelineStage stage, StageOut o, LockEntry lock) throws IOException {
        Path abs = stage.resolve(o.path());
        HashInfo recorded = hashOf(lock == null ? null : lock.out(o.path()).orElse(null));
        if (recorded != null && o.cache() && !repo.cachePresence().isComplete(recorded)) {
            return "not in cache";
        }
        if (!Files.exists(abs)) {
            return "deleted";
        }
        HashedPath current = hasher.hash(abs, recorded == null ? HashInfo.MD5 : recorded.name());
        if (recorded == null || current == null || !recorded.equals(current.hash())) {
            return "modified";
        }
        return null;
    }

    /** The hash recorded in a lock item ({@code md5} with {@code hash: md5}, or legacy {@code md5-dos2unix}). */
    static HashInfo hashOf(Map<String, Object> item) {
        if (item == null || !(item.get("md5") instanceof String md5) || md5.isEmpty()) {
            return null;
        }
        return new HashInfo(item.get("hash") instanceof String h ? h : HashInfo.MD5_DOS2UNIX, md5);
    }

    private String show(Path abs) {
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
