package org.jdvc.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jdvc.JdvcException;

/**
 * The one containment rule: a path that a repository file names (an output or {@code wdir} of a {@code .dvc} file,
 * of a {@code dvc.yaml} or {@code dvc.lock} stage, an import's destination, an {@code -o} target) must lie inside the
 * workspace, also after symbolic links are followed, before any command writes, deletes or runs anything for it.
 *
 * <p>A repository is untrusted input: a cloned {@code .dvc} file may say {@code path: ../../.bashrc}. Checked here:
 * the name itself (no NUL), its normalised form (inside the root, not the root itself), and the real path of its
 * deepest existing parent folder (a folder inside the workspace may be a symlink to anywhere). The path itself may be
 * a symlink: jdvc replaces a workspace file by renaming over it, which never follows it (and the {@code symlink}
 * link type makes every output one). Immutable and thread-safe.
 */
public final class Containment {
    private final Path root;
    private final Path realRoot;

    /** The rule for the workspace at {@code root}. */
    public Containment(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path real;
        try {
            real = this.root.toRealPath();
        } catch (IOException e) {
            real = this.root;
        }
        this.realRoot = real;
    }

    public Path root() {
        return root;
    }

    /**
     * Resolves {@code given}, as {@code origin} writes it, against {@code base}, and checks it.
     *
     * @param origin the file that names the path, for the message (e.g. {@code 'data.dvc'})
     * @throws JdvcException naming the file and the path when it is not a valid path or lies outside the workspace
     */
    public Path resolve(Path base, String given, String origin) {
        Path abs;
        try {
            abs = base.resolve(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new JdvcException(origin + ": invalid path '" + printable(given) + "': " + e.getReason());
        }
        check(abs, origin, given);
        return abs;
    }

    /**
     * Checks an absolute path; {@code given} is how the origin spelled it.
     *
     * @throws JdvcException when it lies outside the workspace, by its name or through a symlinked folder
     */
    public void check(Path abs, String origin, String given) {
        Path p = abs.toAbsolutePath().normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw outside(origin, given, p, null);
        }
        Path parent = p.getParent();
        while (parent != null && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
            parent = parent.getParent();
        }
        if (parent == null) {
            return;
        }
        Path real;
        try {
            real = parent.toRealPath();
        } catch (IOException e) {
            // NOTE: a dangling symlinked folder resolves nowhere: nothing can be written through it either
            throw outside(origin, given, p, parent);
        }
        if (!real.startsWith(realRoot)) {
            throw outside(origin, given, p, parent);
        }
    }

    /**
     * Checks a folder a command runs in or resolves paths against ({@code wdir}): inside the workspace or its root,
     * and, when it exists, really there.
     */
    public void checkFolder(Path abs, String origin, String given) {
        Path p = abs.toAbsolutePath().normalize();
        if (p.equals(root)) {
            return;
        }
        try {
            check(p, origin, given);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !p.toRealPath().startsWith(realRoot)) {
                throw outside(origin, given, p, p);
            }
        } catch (JdvcException | IOException e) {
            Path link = e instanceof JdvcException && e.getMessage().contains("(through the symlink") ? symlinkOn(p)
                    : p;
            throw new JdvcException((origin.isEmpty() ? "" : origin + ": ") + "wdir '" + printable(given)
                    + "' is outside of the DVC project" + (link == null || link.equals(p) && !Files.isSymbolicLink(p)
                    ? ": " + p : " (through the symlink " + root.relativize(link) + ")"));
        }
    }

    /** The first symlink on the way from the root to {@code p}, or null. */
    private Path symlinkOn(Path p) {
        if (!p.startsWith(root)) {
            return null;
        }
        Path at = root;
        for (Path part : root.relativize(p)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return at;
            }
        }
        return null;
    }

    /** Whether a real path (symlinks resolved, e.g. by {@link Path#toRealPath}) lies in the workspace. */
    public boolean containsReal(Path real) {
        return real.startsWith(realRoot);
    }

    /** Whether {@code abs} passes {@link #check}. */
    public boolean contains(Path abs) {
        try {
            check(abs, "", abs.toString());
            return true;
        } catch (JdvcException e) {
            return false;
        }
    }

    private JdvcException outside(String origin, String given, Path abs, Path throughParent) {
        Path link = throughParent == null ? null : symlinkOn(throughParent);
        String where = throughParent == null ? abs.toString() : abs + " (through the symlink "
                + root.relativize(link != null ? link : throughParent) + ")";
        return new JdvcException((origin.isEmpty() ? "" : origin + ": ") + "Cached output(s) outside of DVC project: "
                + printable(given.equals(abs.toString()) ? where : given + " -> " + where) + ". See "
                + "<https://dvc.org/doc/user-guide/data-management/importing-external-data> for more info.");
    }

    /** {@code s} with control characters (NUL, newlines) shown as escapes, so the message stays one line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
