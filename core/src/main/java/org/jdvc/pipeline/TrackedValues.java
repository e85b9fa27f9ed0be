package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jdvc.repo.Repository;

/**
 * The parameters and metrics a project tracks, read at a revision: parameters from every stage's {@code params}
 * (the listed keys, or the whole file) plus the top-level {@code params} files and the root {@code params.yaml};
 * metrics from every stage's {@code metrics} outputs plus the top-level {@code metrics} files. Values are flattened
 * to dotted keys ({@code train.lr}). The files to read are those the workspace's {@code dvc.yaml} files name.
 */
public final class TrackedValues {
    private final Repository repo;
    private final List<PipelineFile> files;
    private boolean depsOnly;

    public TrackedValues(Repository repo, List<PipelineFile> files) {
        this.repo = repo;
        this.files = files;
    }

    /**
     * Only parameters that stages depend on, by key. Otherwise every params file a stage depends on is shown whole,
     * with the top-level params files and the root params.yaml, as DVC does.
     */
    public TrackedValues depsOnly(boolean value) {
        depsOnly = value;
        return this;
    }

    /** Parameters file (repo-relative) → keys to show, null for the whole file. */
    private Map<String, List<String>> paramFiles() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (PipelineFile f : files) {
            for (PipelineStage s : f.stages()) {
                for (ParamSpec p : s.params()) {
                    String rel = repo.relpath(s.resolve(p.file()));
                    if (p.wholeFile()) {
                        m.put(rel, null);
                    } else if (!m.containsKey(rel)) {
                        m.put(rel, new ArrayList<>(p.keys()));
                    } else if (m.get(rel) != null) {
                        m.get(rel).addAll(p.keys());
                    }
                }
            }
            for (String p : depsOnly ? List.<String>of() : f.topParams()) {
                m.put(repo.relpath(f.path().getParent().resolve(p).normalize()), null);
            }
        }
        if (!depsOnly && !m.containsKey(ParamSpec.DEFAULT_FILE)) {
            m.put(ParamSpec.DEFAULT_FILE, null);
        }
        return m;
    }

    /** Metrics files, repo-relative. */
    private List<String> metricFiles() {
        LinkedHashSet<String> m = new LinkedHashSet<>();
        for (PipelineFile f : files) {
            for (PipelineStage s : f.stages()) {
                for (StageOut o : s.outs()) {
                    if (o.kind() == StageOut.Kind.METRICS) {
                        m.add(repo.relpath(s.resolve(o.path())));
                    }
                }
            }
            for (String p : f.topMetrics()) {
                m.add(repo.relpath(f.path().getParent().resolve(p).normalize()));
            }
        }
        return new ArrayList<>(m);
    }

    /** file → flattened key → value, for the files present in {@code rev}. */
    public Map<String, Map<String, Object>> params(RevisionFiles rev) {
        Map<String, List<String>> wanted = paramFiles();
        if (!depsOnly) {
            wanted.replaceAll((f, keys) -> null);
            // NOTE: values used through ${} from other files are tracked key by key (DVC's tracked vars).
            for (PipelineFile pf : files) {
                pf.trackedVars().forEach((file, vars) -> {
                    String rel = repo.relpath(file);
                    if (!wanted.containsKey(rel) || wanted.get(rel) != null) {
                        List<String> keys = wanted.computeIfAbsent(rel, k -> new ArrayList<>());
                        vars.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
                    }
                });
            }
        }
        rev.prefetch(wanted.keySet());
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        wanted.forEach((file, keys) -> rev.read(file).ifPresent(text -> {
            Map<String, Object> content = ParamsFile.parse(text, file);
            Map<String, Object> picked;
            if (keys == null) {
                picked = content;
            } else {
                picked = new LinkedHashMap<>();
                for (String k : keys) {
                    Object v = ParamsFile.valueAt(content, k);
                    if (v != ParamsFile.MISSING) {
                        picked.put(k, v);
                    }
                }
            }
            out.put(file, RevisionFiles.flatten(picked));
        }));
        return out;
    }

    /** file → nested values (as in the file), for the metrics files present in {@code rev}. */
    public Map<String, Map<String, Object>> metrics(RevisionFiles rev) {
        List<String> wanted = metricFiles();
        rev.prefetch(new LinkedHashSet<>(wanted));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String file : wanted) {
            Optional<String> text = rev.read(file);
            text.ifPresent(t -> out.put(file, ParamsFile.parse(t, file)));
        }
        return out;
    }

    /** One value compared between two revisions; {@code diff} only for two numbers. */
    public record Change(Object oldValue, Object newValue, Number diff) {
        public boolean changed() {
            return !ParamValues.same(oldValue, newValue) || (oldValue == null) != (newValue == null);
        }
    }

    /** file → key → change, keys sorted; unchanged values only with {@code all}. */
    public static Map<String, Map<String, Change>> diff(Map<String, Map<String, Object>> a,
            Map<String, Map<String, Object>> b, boolean all) {
        Map<String, Map<String, Change>> out = new LinkedHashMap<>();
        LinkedHashSet<String> files = new LinkedHashSet<>(b.keySet());
        files.addAll(a.keySet());
        for (String f : files) {
            Map<String, Object> old = RevisionFiles.flatten(a.getOrDefault(f, Map.of()));
            Map<String, Object> neu = RevisionFiles.flatten(b.getOrDefault(f, Map.of()));
            TreeSet<String> keys = new TreeSet<>(old.keySet());
            keys.addAll(neu.keySet());
            Map<String, Change> changes = new LinkedHashMap<>();
            for (String k : keys) {
                Object o = old.get(k);
                Object n = neu.get(k);
                Change c = new Change(o, n, difference(o, n));
                if (all || c.changed()) {
                    changes.put(k, c);
                }
            }
            if (!changes.isEmpty()) {
                out.put(f, changes);
            }
        }
        return out;
    }

    private static Number difference(Object o, Object n) {
        if (!(o instanceof Number a) || !(n instanceof Number b)) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return y - x;
        }
        return b.doubleValue() - a.doubleValue();
    }

    /** Where a file of the project is, relative to the working directory (for display). */
    public String show(String relpath, Path cwd) {
        Path abs = repo.root().resolve(relpath);
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
