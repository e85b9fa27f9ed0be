package org.jdvc.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdvc.hash.HashInfo;
import org.jdvc.repo.CacheWriter;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.Repository;
import org.jdvc.repo.WorkspaceHasher;

/**
 * Builds a stage's {@link LockEntry} from the workspace: hashes dependencies and outputs (md5, DVC 3 entries),
 * reads parameter values, and stores cached outputs in the cache. Failures name the stage's problem in DVC's words
 * ({@code [Errno 2] No such file or directory: '<abs>'}, {@code Parameters 'lr' are missing from 'params.yaml'.},
 * {@code output 'x' does not exist}); callers prefix {@code failed to reproduce '<stage>': }.
 * Not thread-safe (the state database is shared): one recorder per thread.
 */
final class StageRecorder {
    private final Repository repo;
    private final WorkspaceHasher hasher;

    StageRecorder(Repository repo) {
        this.repo = repo;
        this.hasher = new WorkspaceHasher(repo);
    }

    /** Dependency items sorted by path; a missing dependency is an error. */
    List<Map<String, Object>> deps(PipelineStage stage) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String d : stage.deps()) {
            Path abs = stage.resolve(d);
            HashedPath h = hasher.hash(abs, HashInfo.MD5);
            if (h == null) {
                throw new PipelineException("[Errno 2] No such file or directory: '" + abs + "'");
            }
            items.add(item(d, h));
        }
        items.sort(Comparator.comparing(m -> (String) m.get("path")));
        return items;
    }

    /** Parameter values: {@code params.yaml} first, other files in path order, keys sorted. */
    Map<String, Map<String, Object>> params(PipelineStage stage) {
        Map<String, Map<String, Object>> byFile = new TreeMap<>((a, b) -> a.equals(b) ? 0
                : a.equals(ParamSpec.DEFAULT_FILE) ? -1 : b.equals(ParamSpec.DEFAULT_FILE) ? 1 : a.compareTo(b));
        for (ParamSpec p : stage.params()) {
            Optional<Map<String, Object>> content = ParamsFile.read(stage.resolve(p.file()), p.file());
            if (content.isEmpty()) {
                if (p.wholeFile()) {
                    throw new PipelineException("[Errno 2] No such file or directory: '" + stage.resolve(p.file())
                            + "'");
                }
                throw missing(p.keys(), p.file());
            }
            Map<String, Object> values = ChangeDetector.currentValues(p, content.get());
            List<String> absent = p.keys().stream().filter(k -> !values.containsKey(k)).toList();
            if (!absent.isEmpty()) {
                throw missing(absent, p.file());
            }
            Map<String, Object> sorted = new TreeMap<>(values);
            byFile.put(p.file(), new LinkedHashMap<>(sorted));
        }
        return new LinkedHashMap<>(byFile);
    }

    private static PipelineException missing(List<String> keys, String file) {
        return new PipelineException("Parameters '" + String.join(", ", keys) + "' are missing from '" + file + "'.");
    }

    /** Hashes every output (an absent one is an error) and stores the cached ones; items sorted by path. */
    List<Map<String, Object>> outs(PipelineStage stage, boolean commit) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        CacheWriter writer = new CacheWriter(repo, true);
        for (StageOut o : stage.outs()) {
            Path abs = stage.resolve(o.path());
            HashedPath h = Files.exists(abs) ? hasher.hash(abs, HashInfo.MD5) : null;
            if (h == null) {
                throw new PipelineException("output '" + o.path() + "' does not exist");
            }
            if (commit && o.cache()) {
                writer.store(abs, h);
                relinkIfNeeded(abs, h);
            }
            items.add(item(o.path(), h));
        }
        items.sort(Comparator.comparing(m -> (String) m.get("path")));
        return items;
    }

    /**
     * With {@code cache.type} hardlink or symlink first, the workspace copy becomes a link to the cache, as after
     * {@code dvc add}; reflink and copy leave the file as the command wrote it.
     */
    private void relinkIfNeeded(Path abs, HashedPath h) throws IOException {
        List<String> types = repo.config().cacheTypes();
        if (types.isEmpty() || types.getFirst().equals("reflink") || types.getFirst().equals("copy")) {
            return;
        }
        org.jdvc.repo.WorkspaceCheckout checkout = new org.jdvc.repo.WorkspaceCheckout(repo, repo.linker());
        org.jdvc.repo.WorkspaceCheckout.Plan plan = checkout.plan(abs, h.hash(), h.isExec(), true);
        if (!plan.missing()) {
            checkout.apply(plan);
        }
    }

    LockEntry record(PipelineStage stage, boolean commit) {
        try {
            return new LockEntry(stage.cmd(), deps(stage), params(stage), outs(stage, commit));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lock item in DVC's key order: {@code path, hash, md5, size[, nfiles][, isexec]}. */
    static Map<String, Object> item(String path, HashedPath h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("hash", HashInfo.MD5);
        m.put("md5", h.hash().value());
        m.put("size", h.size());
        if (h.isDir()) {
            m.put("nfiles", (long) h.nfiles());
        }
        if (h.isExec() && !h.isDir()) {
            m.put("isexec", true);
        }
        return m;
    }
}
