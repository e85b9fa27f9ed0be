package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.repo.DataIndex;
import org.jdvc.repo.DvcIgnore;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitHistory;

/**
 * {@code dvc ls URL [path]}: the files and folders of a repository — those git tracks and the data DVC tracks — as
 * one tree, each marked whether it is a DVC output ({@code isout}) and with its hash.
 *
 * <p>Which tree: a local repository without {@code rev} is listed as its workspace is now (files on disk, outputs of
 * its {@code .dvc}/{@code dvc.lock} files; {@code .git} and {@code .dvc} left out, {@code .dvcignore} honoured), as
 * DVC does; with {@code rev}, or for any URL that must be cloned, the tree of that commit ({@code HEAD} by default).
 * Files inside a tracked directory come from its manifest (the repository's cache, else its default remote); sizes of
 * such files are known only when the object or the workspace file is at hand. Needs no DVC repository here. Read-only.
 */
public final class ListCommand {
    /**
     * One listed entry.
     *
     * @param path relative to the listed folder, POSIX
     * @param size bytes; for a folder its size on disk in workspace listings, null when unknown
     * @param md5 the output's hash value (e.g. {@code ....dir}), null for what DVC does not track
     */
    public record Entry(String path, boolean isout, boolean isdir, boolean isexec, Long size, String md5) {
    }

    private final Path cwd;
    private final Map<String, String> env;
    private String url;
    private String path;
    private String rev;
    private boolean recursive;
    private boolean dvcOnly;

    ListCommand(Path cwd, Map<String, String> env) {
        this.cwd = cwd;
        this.env = env;
    }

    public ListCommand url(String value) {
        this.url = value;
        return this;
    }

    /** A folder or file inside the repository, relative to its root; null or empty for the root. */
    public ListCommand path(String value) {
        this.path = value;
        return this;
    }

    public ListCommand rev(String value) {
        this.rev = value;
        return this;
    }

    /** {@code -R}: every file below, with paths relative to the listed folder; folders themselves are not listed. */
    public ListCommand recursive(boolean value) {
        this.recursive = value;
        return this;
    }

    /** {@code --dvc-only}: only outputs (and, without {@code -R}, folders holding some). */
    public ListCommand dvcOnly(boolean value) {
        this.dvcOnly = value;
        return this;
    }

    /**
     * The entries, sorted by path.
     *
     * @throws JdvcException (exit 1) when {@code path} does not exist in the listed tree, DVC's {@code [Errno 2]}
     *     message
     */
    public List<Entry> call() {
        try (ExternalRepo source = ExternalRepo.open(url, cwd, env)) {
            TreeMap<String, Node> nodes = new TreeMap<>();
            Path root = source.git().workTree();
            if (rev == null && source.isLocal()) {
                workspace(root, nodes);
            } else {
                commit(source, source.resolve(rev), nodes);
            }
            return select(root, nodes);
        }
    }

    /** A node of the combined tree, mutable while it is built. */
    private static final class Node {
        boolean isout;
        boolean isdir;
        boolean isexec;
        Long size;
        String md5;
    }

    private static Node node(TreeMap<String, Node> nodes, String path, boolean dir) {
        Node n = nodes.computeIfAbsent(path, k -> new Node());
        n.isdir |= dir;
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            nodes.computeIfAbsent(path.substring(0, i), k -> new Node()).isdir = true;
        }
        return n;
    }

    private void workspace(Path root, TreeMap<String, Node> nodes) {
        boolean isDvc = Files.isDirectory(root.resolve(Repository.DVC_DIR));
        DvcIgnore ignore = isDvc ? DvcIgnore.load(root) : null;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.skip(1).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.equals(".git") || rel.startsWith(".git/") || rel.equals(Repository.DVC_DIR)
                        || rel.startsWith(Repository.DVC_DIR + "/")) {
                    return;
                }
                try {
                    BasicFileAttributes a =
                            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (ignore != null && ignore.isIgnored(rel, a.isDirectory())) {
                        return;
                    }
                    Node n = node(nodes, rel, a.isDirectory());
                    n.size = a.size();
                    n.isexec = !a.isDirectory() && Files.isExecutable(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!isDvc) {
            return;
        }
        Repository repo = Repository.at(root, env);
        try (ObjectAccess objects = new ObjectAccess(repo, null)) {
            overlay(DataIndex.ofWorkspace(repo), objects, repo, nodes);
        }
    }

    private void commit(ExternalRepo source, String commit, TreeMap<String, Node> nodes) {
        for (GitHistory.TreeEntry e : source.git().list(commit, "", true)) {
            if (e.path().startsWith(Repository.DVC_DIR + "/")) {
                continue; // NOTE: DVC's own folder is not part of the listing, as in the workspace
            }
            Node n = node(nodes, e.path(), false);
            n.isexec = e.isExec();
            n.size = e.size();
        }
        if (source.git().readFile(commit, ".dvc/config").isEmpty()
                && !source.git().isDirectory(commit, Repository.DVC_DIR)) {
            return;
        }
        overlay(source.index(commit), source.objects(commit), null, nodes);
    }

    /** Marks the outputs of {@code index}, expanding directories through their manifests. */
    private static void overlay(DataIndex index, ObjectAccess objects, Repository local, TreeMap<String, Node> nodes) {
        for (DataIndex.DataEntry e : index.entries()) {
            HashInfo h = e.hash();
            boolean dir = h != null && h.isDir();
            Node n = node(nodes, e.path(), dir);
            n.isout = true;
            n.md5 = h == null ? null : h.value();
            if (n.size == null && !dir) {
                n.size = e.output().size();
            }
            if (!dir) {
                n.isexec |= e.output().isexec();
                continue;
            }
            Optional<TreeManifest> m = objects.manifest(h);
            if (m.isEmpty()) {
                continue;
            }
            for (TreeManifest.Entry f : m.get().entries()) {
                Node c = node(nodes, e.path() + "/" + f.relpath(), false);
                c.isout = true;
                c.md5 = f.md5();
                if (c.size == null) {
                    c.size = objectSize(local, new HashInfo(h.name(), f.md5()));
                }
            }
        }
    }

    private static Long objectSize(Repository repo, HashInfo oid) {
        if (repo == null) {
            return null;
        }
        try {
            Path p = repo.cache().pathOf(oid);
            return Files.isRegularFile(p) ? Files.size(p) : null;
        } catch (IOException | RuntimeException e) {
            return null; // NOTE: a size is decoration; an unreadable cache must not fail the listing
        }
    }

    private List<Entry> select(Path root, TreeMap<String, Node> nodes) {
        String base = path == null ? "" : normalize(path);
        if (!base.isEmpty() && !nodes.containsKey(base)) {
            throw new JdvcException("[Errno 2] No such file or directory: '" + root.resolve(base) + "'");
        }
        List<Entry> out = new ArrayList<>();
        if (!base.isEmpty() && !nodes.get(base).isdir) {
            Node n = nodes.get(base);
            if (!dvcOnly || n.isout) {
                out.add(entry(base.substring(base.lastIndexOf('/') + 1), n));
            }
            return out;
        }
        String prefix = base.isEmpty() ? "" : base + "/";
        for (Map.Entry<String, Node> e : nodes.tailMap(prefix, true).entrySet()) {
            String p = e.getKey();
            if (!p.startsWith(prefix)) {
                break;
            }
            String rel = p.substring(prefix.length());
            Node n = e.getValue();
            if (rel.isEmpty()) {
                continue;
            }
            if (recursive) {
                // NOTE: a tracked directory whose manifest is unavailable stays listed as itself
                String below = nodes.ceilingKey(p + "/");
                boolean empty = below == null || !below.startsWith(p + "/");
                if (n.isdir && !(n.isout && empty)) {
                    continue;
                }
                if (dvcOnly && !n.isout) {
                    continue;
                }
            } else {
                if (rel.contains("/")) {
                    continue;
                }
                if (dvcOnly && !n.isout && !(n.isdir && holdsOutput(nodes, p))) {
                    continue;
                }
            }
            out.add(entry(rel, n));
        }
        // NOTE: plain string order, as DVC sorts: "dir.dvc" before "dir/a.txt"
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private static boolean holdsOutput(TreeMap<String, Node> nodes, String dir) {
        for (Map.Entry<String, Node> e : nodes.tailMap(dir + "/", true).entrySet()) {
            if (!e.getKey().startsWith(dir + "/")) {
                return false;
            }
            if (e.getValue().isout) {
                return true;
            }
        }
        return false;
    }

    private static Entry entry(String rel, Node n) {
        return new Entry(rel, n.isout, n.isdir, n.isexec, n.size, n.md5);
    }

    private static String normalize(String p) {
        return Path.of(p).normalize().toString().replace('\\', '/').replaceAll("/+$", "").replaceFirst("^\\./?", "");
    }
}
