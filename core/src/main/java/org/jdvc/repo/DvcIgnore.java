package org.jdvc.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.jdvc.JdvcException;
import org.jdvc.internal.IoErrors;

/**
 * Decides which workspace paths DVC does not see, from the {@code .dvcignore} files of a repository (spec §8.3).
 *
 * <p>Rules: gitignore ("gitwildmatch") patterns, see {@link IgnorePattern}; each {@code .dvcignore} applies to its own
 * directory and below, relative to that directory; deeper files take precedence over their parents and later lines
 * over earlier ones (last match wins, {@code !} re-includes); a directory-only pattern ({@code dir/}) matches only
 * directories; a path below an ignored directory is ignored whatever later patterns say (the walk never enters it).
 * Built in: {@code .git} (file or directory), {@code .hg/}, {@code .dvc/}, and every directory other than the root that
 * contains a {@code .dvc/} directory (a nested repository).
 *
 * <p>Relative paths are POSIX ({@code /}-separated, no leading {@code ./} or {@code /}), from the repository root.
 *
 * <p>The root {@code .dvcignore} is read by {@link #load(Path)}; a subdirectory's file is read the first time a path
 * in that directory is asked about, then cached for the life of this object (later edits are not seen).
 *
 * <p>Thread-safety: safe for concurrent use (parallel walks share one instance). Failures: an unreadable
 * {@code .dvcignore} raises {@link JdvcException}.
 */
public final class DvcIgnore {
    private static final IgnorePattern[] NONE = new IgnorePattern[0];

    private final Path root;
    private final ConcurrentHashMap<String, Scope> scopes = new ConcurrentHashMap<>();

    /** The patterns of one directory's {@code .dvcignore}, chained to those of its parent directory. */
    private record Scope(Scope parent, int prefixLength, IgnorePattern[] patterns, boolean anyAnchored,
                         boolean anyPatternsInChain) {
    }

    private DvcIgnore(Path root) {
        this.root = root;
        scopes.put("", newScope(null, ""));
    }

    /** Reads the root {@code .dvcignore} of the repository at {@code repoRoot} (absent file: no patterns). */
    public static DvcIgnore load(Path repoRoot) {
        return new DvcIgnore(repoRoot.toAbsolutePath().normalize());
    }

    /** The repository root the relative paths are resolved against. */
    public Path root() {
        return root;
    }

    /**
     * Whether DVC ignores the path, including because one of its parent directories is ignored or is a nested
     * repository. The root ({@code ""}) is never ignored. Checks the file system only to find nested repositories and
     * {@code .dvcignore} files, not to learn whether {@code relpath} is a directory.
     */
    public boolean isIgnored(String relpath, boolean isDirectory) {
        if (relpath.isEmpty()) {
            return false;
        }
        int start = 0;
        while (true) {
            int slash = relpath.indexOf('/', start);
            boolean last = slash < 0;
            String parent = start == 0 ? "" : relpath.substring(0, start - 1);
            String name = last ? relpath.substring(start) : relpath.substring(start, slash);
            boolean dir = !last || isDirectory;
            if (isIgnoredChild(parent, name, dir)) {
                return true;
            }
            String path = last ? relpath : relpath.substring(0, slash);
            if (dir && Files.isDirectory(root.resolve(path).resolve(".dvc"))) {
                return true; // a nested repository
            }
            if (last) {
                return false;
            }
            start = slash + 1;
        }
    }

    /**
     * Whether the entry {@code name} of the directory {@code parentRelpath} is ignored, assuming the parent itself is
     * not. The nested-repository rule is left to the caller (a walk sees the {@code .dvc} entry while listing).
     */
    boolean isIgnoredChild(String parentRelpath, String name, boolean isDirectory) {
        if (isBuiltIn(name, isDirectory)) {
            return true;
        }
        Scope scope = scope(parentRelpath);
        if (!scope.anyPatternsInChain) {
            return false;
        }
        String fullPath = null;
        for (Scope s = scope; s != null; s = s.parent) {
            IgnorePattern[] patterns = s.patterns;
            if (patterns.length == 0) {
                continue;
            }
            String relative = null;
            if (s.anyAnchored) {
                if (fullPath == null) {
                    fullPath = parentRelpath.isEmpty() ? name : parentRelpath + "/" + name;
                }
                relative = fullPath.substring(s.prefixLength);
            }
            for (int i = patterns.length - 1; i >= 0; i--) {
                IgnorePattern p = patterns[i];
                if (p.directoryOnly && !isDirectory) {
                    continue;
                }
                if (p.matches(p.baseNameOnly ? name : relative)) {
                    return !p.negated;
                }
            }
        }
        return false;
    }

    /**
     * Whether any pattern of the {@code .dvcignore} files of {@code dirRelpath} and its parents could apply below it.
     * When not, and no {@code .dvcignore} file lies further down, {@link #isIgnoredChild} below {@code dirRelpath} is
     * only the built-in rules.
     */
    boolean hasPatternsFor(String dirRelpath) {
        return scope(dirRelpath).anyPatternsInChain;
    }

    private static boolean isBuiltIn(String name, boolean isDirectory) {
        return name.equals(".git") || isDirectory && (name.equals(".dvc") || name.equals(".hg"));
    }

    private Scope scope(String dirRelpath) {
        Scope scope = scopes.get(dirRelpath);
        if (scope != null) {
            return scope;
        }
        int slash = dirRelpath.lastIndexOf('/');
        Scope parent = scope(slash < 0 ? "" : dirRelpath.substring(0, slash));
        // NOTE: computed outside computeIfAbsent (which must not recurse into the map); a race reads the file twice.
        Scope created = newScope(parent, dirRelpath);
        Scope raced = scopes.putIfAbsent(dirRelpath, created);
        return raced != null ? raced : created;
    }

    private Scope newScope(Scope parent, String dirRelpath) {
        Path file = (dirRelpath.isEmpty() ? root : root.resolve(dirRelpath)).resolve(".dvcignore");
        IgnorePattern[] patterns = read(file);
        boolean anyAnchored = false;
        for (IgnorePattern p : patterns) {
            anyAnchored |= !p.baseNameOnly;
        }
        boolean inChain = patterns.length > 0 || parent != null && parent.anyPatternsInChain;
        return new Scope(parent, dirRelpath.isEmpty() ? 0 : dirRelpath.length() + 1, patterns, anyAnchored, inChain);
    }

    private static IgnorePattern[] read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                return NONE;
            }
            throw new JdvcException("Cannot read '" + file + "': " + IoErrors.reason(e), JdvcException.FAILED, e);
        }
        List<IgnorePattern> patterns = new ArrayList<>(lines.size());
        for (String line : lines) {
            IgnorePattern p = IgnorePattern.parse(line);
            if (p != null) {
                patterns.add(p);
            }
        }
        return patterns.toArray(NONE);
    }
}
