package org.jdvc.repo;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdvc.cache.Linker;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.internal.Parallel;

/**
 * Makes a workspace path hold the cached version named by a hash (DVC's checkout): unchanged files are left alone,
 * changed ones replaced through the configured link type, files that a directory's manifest does not list are
 * deleted. Planning is separate from applying, so a refusal (unsaved files, missing cache) modifies nothing.
 */
public final class WorkspaceCheckout {
    /** What checking out one output will do or did. */
    public enum Change { UNCHANGED, ADDED, MODIFIED }

    /** A planned checkout of one output. {@code unsaved} lists workspace files that would be lost. */
    public static final class Plan {
        final Path target;
        final HashInfo desired;
        final boolean isExec;
        final Change change;
        final List<String> missingObjects;
        final List<Path> unsaved;
        final TreeManifest manifest;
        final List<TreeManifest.Entry> toLink;
        final List<Path> toDelete;
        final boolean replaceWhole;
        final boolean execOnly;
        final int added;
        final int modified;

        Plan(Path target, HashInfo desired, boolean isExec, Change change, List<String> missingObjects,
             List<Path> unsaved, TreeManifest manifest, List<TreeManifest.Entry> toLink, List<Path> toDelete,
             boolean replaceWhole, boolean execOnly) {
            this.target = target;
            this.desired = desired;
            this.isExec = isExec;
            this.change = change;
            this.missingObjects = missingObjects;
            this.unsaved = unsaved;
            this.manifest = manifest;
            this.toLink = toLink;
            this.toDelete = toDelete;
            this.replaceWhole = replaceWhole;
            this.execOnly = execOnly;
            if (manifest == null) {
                this.added = replaceWhole && change == Change.ADDED ? 1 : 0;
                this.modified = (replaceWhole || execOnly) && change == Change.MODIFIED ? 1 : 0;
            } else if (change == Change.ADDED || replaceWhole) {
                this.added = toLink.size();
                this.modified = 0;
            } else {
                // NOTE: counted while planning (before anything is written): a file is "added" if it is absent now
                int absent = 0;
                for (TreeManifest.Entry e : toLink) {
                    if (!Files.exists(target.resolve(e.relpath()), LinkOption.NOFOLLOW_LINKS)) {
                        absent++;
                    }
                }
                this.added = absent;
                this.modified = toLink.size() - absent;
            }
        }

        /** Files this checkout adds (absent before) and modifies (present with other content). */
        public int filesAdded() {
            return added;
        }

        public int filesModified() {
            return modified;
        }

        public Change change() {
            return change;
        }

        public boolean missing() {
            return !missingObjects.isEmpty();
        }

        public List<String> missingObjects() {
            return missingObjects;
        }

        public List<Path> unsaved() {
            return unsaved;
        }

        public Path target() {
            return target;
        }

        public int filesDeleted() {
            return toDelete.size();
        }
    }

    // NOTE: one slice per thread keeps a directory of 70,000 files (one group) spread over all threads.
    private static final int DIRECTORY_SLICE = 2048;
    /**
     * Directories with at most this many files are checked out one file per task. NOTE: their lock is not worth
     * keeping a thread to itself, and a few large files in one folder (a model, two data files) would otherwise be
     * copied one after the other on one thread.
     */
    private static final int FILE_PER_TASK_UP_TO = 16;

    private final Repository repo;
    private final LocalCache cache;
    private final Linker linker;
    private final WorkspaceHasher hasher;

    public WorkspaceCheckout(Repository repo, Linker linker) {
        this.repo = repo;
        this.cache = repo.cache();
        this.linker = linker;
        this.hasher = new WorkspaceHasher(repo);
    }

    /** Plans checking out {@code desired} at {@code target}; {@code relink} re-creates even unchanged files. */
    public Plan plan(Path target, HashInfo desired, boolean isExec, boolean relink) throws IOException {
        // NOTE: outputs are checked when their file is loaded; again here, where writing starts, in case a folder on
        // the way became a symlink since (a stage's command can make one)
        repo.containment().check(target, "", repo.root().relativize(target.toAbsolutePath().normalize()).toString());
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (!desired.isDir()) {
            if (!cache.contains(desired)) {
                return new Plan(target, desired, isExec, exists ? Change.MODIFIED : Change.ADDED,
                        List.of(desired.value()), List.of(), null, List.of(), List.of(), false, false);
            }
            HashedPath current = exists ? hasher.hash(target, desired.name()) : null;
            List<Path> unsaved = new ArrayList<>();
            if (current != null && current.hash().equals(desired) && !current.isDir()) {
                boolean execOnly = isExec && !current.isExec();
                return new Plan(target, desired, isExec, execOnly ? Change.MODIFIED : Change.UNCHANGED, List.of(),
                        List.of(), null, List.of(), List.of(), relink, execOnly);
            }
            if (current != null) {
                collectUnsaved(current, target, unsaved);
            }
            return new Plan(target, desired, isExec, exists ? Change.MODIFIED : Change.ADDED, List.of(), unsaved,
                    null, List.of(), List.of(), true, false);
        }
        if (!cache.contains(desired)) {
            return new Plan(target, desired, isExec, exists ? Change.MODIFIED : Change.ADDED,
                    List.of(desired.value()), List.of(), null, List.of(), List.of(), false, false);
        }
        boolean dirExists = exists && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
        if (dirExists && !relink && repo.cachePresence().isComplete(desired)) {
            // NOTE: the common no-op: the directory already holds this version; no manifest needed
            HashedPath quick = hasher.hashShallow(target, desired.name());
            if (quick.hash().equals(desired)) {
                return new Plan(target, desired, isExec, Change.UNCHANGED, List.of(), List.of(), null, List.of(),
                        List.of(), false, false);
            }
        }
        TreeManifest manifest = TreeManifest.parse(cache.readAllBytes(desired), repo.relpath(target));
        List<String> missing = new ArrayList<>();
        if (!repo.cachePresence().isComplete(desired)) {
            for (TreeManifest.Entry e : manifest.entries()) {
                if (!cache.contains(new HashInfo(desired.name(), e.md5()))) {
                    missing.add(e.md5());
                }
            }
        }
        if (!missing.isEmpty()) {
            return new Plan(target, desired, isExec, exists ? Change.MODIFIED : Change.ADDED, missing, List.of(),
                    manifest, List.of(), List.of(), false, false);
        }
        if (!exists) {
            return new Plan(target, desired, isExec, Change.ADDED, List.of(), List.of(), manifest,
                    manifest.entries(), List.of(), false, false);
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> unsaved = new ArrayList<>();
            collectUnsaved(hasher.hash(target, desired.name()), target, unsaved);
            return new Plan(target, desired, isExec, Change.MODIFIED, List.of(), unsaved, manifest,
                    manifest.entries(), List.of(), true, false);
        }
        HashedPath current = hasher.hash(target, desired.name());
        Map<String, String> have = new HashMap<>(current.files().size() * 2);
        for (int i = 0; i < current.files().size(); i++) {
            have.put(current.files().get(i).relpath(), current.fileHashes().get(i));
        }
        List<TreeManifest.Entry> toLink = new ArrayList<>();
        Set<String> wanted = new HashSet<>(manifest.entries().size() * 2);
        List<Path> unsaved = new ArrayList<>();
        for (TreeManifest.Entry e : manifest.entries()) {
            wanted.add(e.relpath());
            String h = have.get(e.relpath());
            if (relink || !e.md5().equals(h)) {
                toLink.add(e);
                if (h != null && !e.md5().equals(h) && !cache.contains(new HashInfo(desired.name(), h))) {
                    unsaved.add(target.resolve(e.relpath()));
                }
            }
        }
        List<Path> toDelete = new ArrayList<>();
        for (int i = 0; i < current.files().size(); i++) {
            Workspace.FileEntry f = current.files().get(i);
            if (!wanted.contains(f.relpath())) {
                toDelete.add(f.path());
                if (!cache.contains(new HashInfo(desired.name(), current.fileHashes().get(i)))) {
                    unsaved.add(f.path());
                }
            }
        }
        boolean changed = !current.hash().equals(desired);
        return new Plan(target, desired, isExec, changed ? Change.MODIFIED : Change.UNCHANGED, List.of(), unsaved,
                manifest, toLink, toDelete, false, false);
    }

    private void collectUnsaved(HashedPath current, Path target, List<Path> unsaved) throws IOException {
        if (!current.isDir()) {
            if (!cache.contains(current.hash())) {
                unsaved.add(target);
            }
            return;
        }
        for (int i = 0; i < current.files().size(); i++) {
            if (!cache.contains(new HashInfo(current.hash().name(), current.fileHashes().get(i)))) {
                unsaved.add(current.files().get(i).path());
            }
        }
    }

    /**
     * Carries out a plan made by {@link #plan}. NOTE: files written here are not entered in the state database with
     * the object's hash: a read-only cache object is trusted without re-hashing (as DVC does), so the next status
     * hashes what was actually written and reports a corrupted object as a modified file instead of hiding it.
     */
    public void apply(Plan plan) throws IOException {
        if (plan.missing()) {
            throw new IllegalStateException("cannot apply a plan with missing objects");
        }
        Path target = plan.target;
        repo.containment().check(target, "", repo.root().relativize(target.toAbsolutePath().normalize()).toString());
        if (plan.manifest == null) {
            if (!plan.replaceWhole && !plan.execOnly) {
                return;
            }
            deleteAny(target);
            Files.createDirectories(target.getParent());
            linker.link(cache.pathOf(plan.desired), target, plan.isExec);
            return;
        }
        if (plan.replaceWhole) {
            deleteAny(target);
        }
        for (Path p : plan.toDelete) {
            Files.deleteIfExists(p);
        }
        pruneEmptyDirs(plan.toDelete, target);
        Files.createDirectories(target);
        Set<Path> dirs = new HashSet<>();
        dirs.add(target);
        for (TreeManifest.Entry e : plan.toLink) {
            Path parent = target.resolve(e.relpath()).getParent();
            if (dirs.add(parent)) {
                createRealDirectories(target, parent, dirs);
            }
        }
        String name = plan.desired.name();
        // NOTE: the linker replaces an existing file itself (rename over it, or delete-then-link)
        Parallel.forEach(byDirectory(plan.toLink), Parallel.IO_THREADS, 1, group -> {
            for (TreeManifest.Entry e : group) {
                linker.link(cache.pathOf(new HashInfo(name, e.md5())), target.resolve(e.relpath()), false);
            }
        });
    }

    /**
     * The entries grouped by parent directory, large directories cut into slices, small ones into single files.
     * NOTE: creating and renaming files takes the directory's lock in the kernel; threads working in the same
     * directory (as consecutive batches of the sorted manifest would) mostly spin and wait on it, so each thread is
     * given a directory of its own, unless the directory holds only a few files.
     */
    static List<List<TreeManifest.Entry>> byDirectory(List<TreeManifest.Entry> entries) {
        Map<String, List<TreeManifest.Entry>> groups = new LinkedHashMap<>();
        for (TreeManifest.Entry e : entries) {
            int slash = e.relpath().lastIndexOf('/');
            String parent = slash < 0 ? "" : e.relpath().substring(0, slash);
            groups.computeIfAbsent(parent, k -> new ArrayList<>()).add(e);
        }
        List<List<TreeManifest.Entry>> out = new ArrayList<>();
        for (List<TreeManifest.Entry> group : groups.values()) {
            int slice = group.size() <= FILE_PER_TASK_UP_TO ? 1 : DIRECTORY_SLICE;
            for (int from = 0; from < group.size(); from += slice) {
                out.add(group.subList(from, Math.min(group.size(), from + slice)));
            }
        }
        return out;
    }

    /**
     * Creates {@code dir} and its missing parents below {@code top}, replacing any symlink found on the way by a real
     * directory. NOTE: the workspace walk skips directory symlinks (as DVC's does), so nothing else would stop
     * checkout from writing through one into whatever it points at, outside the output. The link holds no data.
     */
    private static void createRealDirectories(Path top, Path dir, Set<Path> done) throws IOException {
        Path current = top;
        for (Path name : top.relativize(dir)) {
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                Files.delete(current);
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            }
            done.add(current);
        }
    }

    private static void pruneEmptyDirs(List<Path> deleted, Path top) throws IOException {
        Set<Path> parents = new HashSet<>();
        for (Path p : deleted) {
            parents.add(p.getParent());
        }
        for (Path dir : parents) {
            for (Path d = dir; d != null && d.startsWith(top) && !d.equals(top); d = d.getParent()) {
                try {
                    Files.deleteIfExists(d);
                } catch (DirectoryNotEmptyException e) {
                    break;
                }
            }
        }
    }

    /** Deletes a file, link or whole directory (read-only cache links included). */
    public static void deleteAny(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(p)) {
                for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        } else {
            Files.delete(p);
        }
    }
}
