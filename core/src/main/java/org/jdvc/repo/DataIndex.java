package org.jdvc.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdvc.hash.HashInfo;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.model.YamlReader;
import org.jdvc.scm.GitHistory;

/**
 * The data outputs of a DVC project as one revision records them: every output of its {@code .dvc} files and of its
 * {@code dvc.lock} files, by path relative to the project root. The recorded hashes, not the workspace's.
 *
 * <p>Read from a git commit ({@link #atCommit}) without touching the work tree, or from the files of the workspace
 * ({@link #ofWorkspace}). A {@code .dvc} or {@code dvc.lock} file of an old commit that no longer parses is skipped:
 * it says nothing usable about data. Immutable.
 *
 * @param entries outputs sorted by path
 */
public record DataIndex(List<DataEntry> entries) {
    /**
     * One output.
     *
     * @param path POSIX path relative to the project root, no trailing slash
     * @param output the entry as recorded (hash may be null for a partial import)
     * @param source the file that records it, relative to the project root ({@code data.csv.dvc}, {@code dvc.lock})
     */
    public record DataEntry(String path, Output output, String source) {
        public HashInfo hash() {
            return output.hash();
        }
    }

    public DataIndex {
        entries = entries.stream().sorted(Comparator.comparing(DataEntry::path)).toList();
    }

    /** The output at exactly {@code path}, if any. */
    public Optional<DataEntry> at(String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    /** The output that is {@code path} or a directory containing it. */
    public Optional<DataEntry> owning(String path) {
        return entries.stream().filter(e -> e.path().equals(path) || path.startsWith(e.path() + "/")).findFirst();
    }

    /**
     * The outputs recorded in {@code commit} for the DVC project at {@code prefix} (a folder relative to the git work
     * tree, {@code ""} for the top).
     */
    public static DataIndex atCommit(GitHistory git, String commit, String prefix) {
        String base = prefix.isEmpty() ? "" : prefix + "/";
        Map<String, byte[]> files = git.read(commit, p -> p.startsWith(base) && isMetadata(p.substring(base.length())));
        List<DataEntry> entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String rel = f.getKey().substring(base.length());
            read(rel, new String(f.getValue(), StandardCharsets.UTF_8), entries, true);
        }
        return new DataIndex(entries);
    }

    /** The outputs the workspace's {@code .dvc} and {@code dvc.lock} files record now. */
    public static DataIndex ofWorkspace(Repository repo) {
        List<DataEntry> entries = new ArrayList<>();
        for (TrackedFile tf : TrackedFiles.collect(repo)) {
            for (TrackedOutput o : TrackedOutput.of(tf)) {
                entries.add(new DataEntry(repo.relpath(o.path()), o.output(), repo.relpath(tf.path())));
            }
        }
        try (var walk = Files.walk(repo.root())) {
            for (Path lock : walk.filter(p -> p.getFileName().toString().equals("dvc.lock"))
                    .filter(p -> !repo.relpath(p).startsWith(".dvc/") && !repo.relpath(p).contains(".git/")).toList()) {
                read(repo.relpath(lock), org.jdvc.model.RepositoryText.read(lock, repo.relpath(lock)), entries, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DataIndex(entries);
    }

    private static boolean isMetadata(String rel) {
        if (rel.startsWith(".dvc/") || rel.startsWith(".git/")) {
            return false;
        }
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        return name.endsWith(".dvc") && !name.equals(".dvc") || name.equals("dvc.lock");
    }

    private static void read(String rel, String text, List<DataEntry> into, boolean lenient) {
        int slash = rel.lastIndexOf('/');
        String dir = slash < 0 ? "" : rel.substring(0, slash);
        try {
            if (rel.endsWith(".dvc")) {
                DvcFile f = DvcFile.parse(text, rel);
                String wdir = f.wdir() == null ? dir : join(dir, f.wdir());
                for (Output o : f.outs()) {
                    into.add(new DataEntry(join(wdir, o.path()), o, rel));
                }
            } else {
                readLock(rel, dir, text, into);
            }
        } catch (RuntimeException e) {
            if (!lenient) {
                throw e;
            }
            // NOTE: an unparsable file in an old commit: skipped, like a file that records no data
        }
    }

    /** {@code stages: {name: {outs: [{path, md5, hash, size, nfiles}]}}} (spec §6.2); foreach stages alike. */
    private static void readLock(String rel, String dir, String text, List<DataEntry> into) {
        if (!(YamlReader.load(text, rel) instanceof Map<?, ?> doc) || !(doc.get("stages") instanceof Map<?, ?> stages)) {
            return;
        }
        for (Object stage : stages.values()) {
            if (!(stage instanceof Map<?, ?> s) || !(s.get("outs") instanceof List<?> outs)) {
                continue;
            }
            for (Object item : outs) {
                if (!(item instanceof Map<?, ?> out) || !(out.get("path") instanceof String path)) {
                    continue;
                }
                HashInfo hash = null;
                if (out.get("md5") instanceof String md5) {
                    hash = new HashInfo("md5".equals(out.get("hash")) ? HashInfo.MD5 : HashInfo.MD5_DOS2UNIX, md5);
                }
                Long size = out.get("size") instanceof Number n ? n.longValue() : null;
                Long nfiles = out.get("nfiles") instanceof Number n ? n.longValue() : null;
                boolean exec = Boolean.TRUE.equals(out.get("isexec"));
                into.add(new DataEntry(join(dir, path), Output.of(path, hash, size, nfiles, exec), rel));
            }
        }
    }

    /** {@code dir/path} normalized ({@code .} and {@code ..} segments resolved), POSIX. */
    static String join(String dir, String path) {
        List<String> parts = new ArrayList<>();
        for (String seg : ((dir.isEmpty() ? "" : dir + "/") + path).split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..") && !parts.isEmpty() && !parts.getLast().equals("..")) {
                parts.removeLast();
            } else {
                parts.add(seg);
            }
        }
        return String.join("/", parts);
    }

    /** Entries by path. */
    public Map<String, DataEntry> byPath() {
        Map<String, DataEntry> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.path(), e));
        return m;
    }
}
