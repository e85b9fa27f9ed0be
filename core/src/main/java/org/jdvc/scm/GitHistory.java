package org.jdvc.scm;

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
import java.util.SequencedSet;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.jdvc.JdvcException;

/**
 * Git history through JGit: resolves revisions, lists refs and commits, and reads files and trees as they are in any
 * commit, never touching the work tree or the index.
 *
 * <p>Paths are POSIX and relative to the top of the git working tree. Commits are named by their full hex id; every
 * method taking a {@code commit} expects one from {@link #resolve}. Not thread-safe: one command uses one instance and
 * closes it. Failures: an unknown revision is {@link UnknownRevisionException}; a folder that is not a git repository
 * is a {@link JdvcException}; I/O errors reading the object database are {@link UncheckedIOException}.
 *
 * <p>NOTE: opening JGit costs ~200 ms of class loading; only history commands create one, so {@code status} and the
 * other local commands never load a JGit class.
 */
public final class GitHistory implements AutoCloseable {
    /** A revision name git cannot resolve to a commit. */
    public static final class UnknownRevisionException extends JdvcException {
        private final String rev;

        UnknownRevisionException(String rev) {
            super("unknown Git revision '" + rev + "'");
            this.rev = rev;
        }

        public String rev() {
            return rev;
        }
    }

    /** One entry of a tree: its path, whether it is a directory (tree), executable, and a blob's size. */
    public record TreeEntry(String path, boolean isDir, boolean isExec, long size) {
    }

    private final Repository repo;
    private final Path workTree;

    private GitHistory(Repository repo) {
        this.repo = repo;
        this.workTree = repo.isBare() ? repo.getDirectory().toPath() : repo.getWorkTree().toPath();
    }

    /**
     * Opens the git repository whose working tree contains {@code dir} (walking up as git does), or a bare repository
     * at {@code dir}.
     *
     * @throws JdvcException when there is none
     */
    public static GitHistory open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
            if (Files.isRegularFile(abs.resolve("HEAD")) && Files.isDirectory(abs.resolve("objects"))) {
                b.setGitDir(abs.toFile()); // a bare repository or a .git folder itself
            } else {
                b.findGitDir(abs.toFile());
                if (b.getGitDir() == null) {
                    throw new JdvcException("'" + dir + "' is not a git repository");
                }
            }
            return new GitHistory(b.build());
        } catch (RepositoryNotFoundException e) {
            throw new JdvcException("'" + dir + "' is not a git repository");
        } catch (IOException e) {
            throw new JdvcException("cannot open git repository '" + dir + "': " + e.getMessage(),
                    JdvcException.FAILED, e);
        }
    }

    /**
     * Clones {@code url} (anything JGit can clone: a path, {@code file://}, {@code https://}, {@code ssh://}) into the
     * empty folder {@code into}, without checking out files, and opens it.
     */
    public static GitHistory cloneOf(String url, Path into) {
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(into.toFile()).setNoCheckout(true)
                .setCloneAllBranches(true).call()) {
            // NOTE: tags come with the clone; the Git handle is closed and the repository reopened so close() owns it.
        } catch (GitAPIException | RuntimeException e) {
            throw new JdvcException("failed to clone '" + url + "': " + firstLine(e.getMessage()), JdvcException.FAILED,
                    e);
        }
        return open(into);
    }

    /** The top folder of the working tree (the git folder of a bare repository). */
    public Path workTree() {
        return workTree;
    }

    /** The commit {@code rev} names (a branch, tag, {@code HEAD~1}, an abbreviated or full id), as a full hex id. */
    public String resolve(String rev) {
        try {
            ObjectId id = repo.resolve(rev + "^{commit}");
            if (id == null) {
                throw new UnknownRevisionException(rev);
            }
            return id.name();
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnknownRevisionException u) {
                throw u;
            }
            throw new UnknownRevisionException(rev);
        }
    }

    /** Like {@link #resolve}, but empty instead of an error (e.g. {@code HEAD} before the first commit). */
    public Optional<String> tryResolve(String rev) {
        try {
            return Optional.of(resolve(rev));
        } catch (UnknownRevisionException e) {
            return Optional.empty();
        }
    }

    /** The short name of the checked-out branch, or the commit id when HEAD is detached. */
    public String currentBranch() {
        try {
            return repo.getBranch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blobs of {@code commit} whose path passes {@code filter}, as path → bytes, in tree order. */
    public Map<String, byte[]> read(String commit, Predicate<String> filter) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tw.setRecursive(true);
            ObjectReader reader = tw.getObjectReader();
            while (tw.next()) {
                if (isFile(tw.getFileMode(0)) && filter.test(tw.getPathString())) {
                    out.put(tw.getPathString(), reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of the file at {@code path} in {@code commit}, or empty when there is no such file. */
    public Optional<byte[]> readFile(String commit, String path) {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                if (tw == null || !isFile(tw.getFileMode(0))) {
                    return Optional.empty();
                }
                return Optional.of(tw.getObjectReader().open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The entries of {@code commit} below the folder {@code dir} ({@code ""} for the top): its direct children, or with
     * {@code recursive} every file below it (folders are then not listed). Empty when {@code dir} is not a folder.
     */
    public List<TreeEntry> list(String commit, String dir, boolean recursive) {
        List<TreeEntry> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            String prefix = dir.isEmpty() ? "" : dir + "/";
            if (!dir.isEmpty()) {
                tw.setFilter(PathFilter.create(dir));
            }
            ObjectReader reader = tw.getObjectReader();
            while (tw.next()) {
                String path = tw.getPathString();
                boolean inside = path.startsWith(prefix);
                if (tw.isSubtree()) {
                    if (inside && !recursive) {
                        out.add(new TreeEntry(path, true, false, 0));
                    } else {
                        tw.enterSubtree();
                    }
                    continue;
                }
                FileMode mode = tw.getFileMode(0);
                if (inside && (isFile(mode) || mode == FileMode.SYMLINK)) {
                    long size = reader.getObjectSize(tw.getObjectId(0), Constants.OBJ_BLOB);
                    out.add(new TreeEntry(path, false, mode == FileMode.EXECUTABLE_FILE, size));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code path} is a folder in {@code commit} ({@code ""} always is). */
    public boolean isDirectory(String commit, String path) {
        if (path.isEmpty()) {
            return true;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                return tw != null && tw.isSubtree();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tip commits of all local branches ({@code -a}), by branch name. */
    public Map<String, String> branches() {
        return tips(Constants.R_HEADS);
    }

    /** The commits all tags point at ({@code -T}), by tag name; annotated tags are peeled. */
    public Map<String, String> tags() {
        return tips(Constants.R_TAGS);
    }

    private Map<String, String> tips(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix)) {
                tryResolve(ref.getName()).ifPresent(c -> out.put(ref.getName().substring(prefix.length()), c));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every commit reachable from any ref or HEAD ({@code -A}, like {@code git rev-list --all}). */
    public SequencedSet<String> allCommits() {
        SequencedSet<String> out = new LinkedHashSet<>();
        try (RevWalk walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
                if (id == null) {
                    continue;
                }
                try {
                    walk.markStart(walk.parseCommit(id));
                } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                    // NOTE: a tag of a tree or blob: no commit to walk from
                }
            }
            Optional<String> head = tryResolve(Constants.HEAD);
            if (head.isPresent()) {
                walk.markStart(walk.parseCommit(ObjectId.fromString(head.get())));
            }
            for (RevCommit c : walk) {
                out.add(c.name());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code n} commits starting at {@code rev} along first parents ({@code rev}, {@code rev~1}, ...), fewer when the
     * history is shorter: DVC's {@code --rev R -n N}.
     */
    public List<String> firstParents(String rev, int n) {
        List<String> out = new ArrayList<>();
        out.add(resolve(rev));
        for (int i = 1; i < n; i++) {
            Optional<String> c = tryResolve(rev + "~" + i);
            if (c.isEmpty()) {
                break;
            }
            out.add(c.get());
        }
        return out;
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        repo.close();
    }
}
