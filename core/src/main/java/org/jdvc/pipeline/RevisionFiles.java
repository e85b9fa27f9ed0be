package org.jdvc.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdvc.hash.HashInfo;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitRevisionFiles;

/**
 * Text files of the project as they are in the workspace or in a git revision, by repo-relative path. A file that git
 * does not hold (a cached output) is found through the revision's {@code dvc.lock} and read from the local cache.
 * Used by {@code params diff} and {@code metrics show/diff}.
 */
public final class RevisionFiles {
    private final Repository repo;
    private final String rev;
    private Map<String, String> gitFiles;

    private RevisionFiles(Repository repo, String rev) {
        this.repo = repo;
        this.rev = rev;
    }

    public static RevisionFiles workspace(Repository repo) {
        return new RevisionFiles(repo, null);
    }

    public static RevisionFiles git(Repository repo, String rev) {
        return new RevisionFiles(repo, rev);
    }

    /** The revision's name ({@code workspace} for the working tree). */
    public String name() {
        return rev == null ? "workspace" : rev;
    }

    /** Loads the given repo-relative paths (and every dvc.lock) of the revision in one git call. */
    void prefetch(Set<String> paths) {
        if (rev == null || gitFiles != null) {
            return;
        }
        Path gitRoot = repo.scm().root();
        String prefix = gitRoot.relativize(repo.root()).toString().replace('\\', '/');
        String pre = prefix.isEmpty() ? "" : prefix + "/";
        Map<String, String> raw = GitRevisionFiles.read(gitRoot, rev, p -> p.startsWith(pre)
                && (paths.contains(p.substring(pre.length())) || p.endsWith(LockFile.NAME)));
        gitFiles = new HashMap<>();
        raw.forEach((p, text) -> gitFiles.put(p.substring(pre.length()), text));
    }

    /** The text of {@code relpath} in this revision, if there is such a file. */
    public Optional<String> read(String relpath) {
        if (rev == null) {
            Path p = repo.root().resolve(relpath);
            try {
                return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        prefetch(Set.of(relpath));
        String text = gitFiles.get(relpath);
        return text != null ? Optional.of(text) : fromCache(relpath);
    }

    private Optional<String> fromCache(String relpath) {
        for (Map.Entry<String, String> f : gitFiles.entrySet()) {
            if (!f.getKey().endsWith(LockFile.NAME)) {
                continue;
            }
            Path lockPath = repo.root().resolve(f.getKey());
            try {
                LockFile lock = LockFile.parse(f.getValue(), lockPath, f.getKey());
                for (LockEntry e : lock.stages().values()) {
                    for (Map<String, Object> o : e.outs()) {
                        Path abs = lockPath.getParent().resolve(String.valueOf(o.get("path"))).normalize();
                        HashInfo h = ChangeDetector.hashOf(o);
                        if (h != null && !h.isDir() && repo.relpath(abs).equals(relpath)) {
                            return Optional.of(new String(repo.cache().readAllBytes(h), StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException | RuntimeException ex) {
                // NOTE: an unreadable lock file or a missing object just means the value is unknown here.
            }
        }
        return Optional.empty();
    }

    /** Nested mappings flattened to dotted keys; lists and scalars are leaves. */
    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new java.util.LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> tree, Map<String, Object> flat) {
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
                flatten(key + ".", m, flat);
            } else {
                flat.put(key, e.getValue());
            }
        }
    }
}
