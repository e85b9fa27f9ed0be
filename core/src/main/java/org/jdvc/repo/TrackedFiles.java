package org.jdvc.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdvc.model.DvcFile;
import org.jdvc.model.RepositoryText;
import org.jdvc.model.Output;

/**
 * Finds and reads the {@code .dvc} files of a workspace as DVC does: everywhere below the root, skipping
 * {@code .git}, {@code .dvc}, dvcignored paths, nested repositories and directories that are outputs.
 */
public final class TrackedFiles {
    private TrackedFiles() {
    }

    public static List<TrackedFile> collect(Repository repo) {
        List<TrackedFile> found = new ArrayList<>();
        Set<Path> outputDirs = new HashSet<>();
        try {
            walk(repo, repo.root(), "", found, outputDirs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort((a, b) -> a.path().compareTo(b.path()));
        return found;
    }

    private static void walk(Repository repo, Path dir, String rel, List<TrackedFile> found, Set<Path> outputDirs)
            throws IOException {
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String childRel = rel.isEmpty() ? name : rel + "/" + name;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (name.equals(".git") || name.equals(Repository.DVC_DIR) || name.equals(".hg")) {
                        continue;
                    }
                    subdirs.add(p);
                } else if (name.endsWith(".dvc") && Files.isRegularFile(p)
                        && !repo.ignore().isIgnored(childRel, false)) {
                    TrackedFile tf = read(p, repo.root());
                    found.add(tf);
                    for (Output out : tf.content().outs()) {
                        outputDirs.add(tf.baseDir().resolve(out.path()).normalize());
                    }
                }
            }
        }
        for (Path sub : subdirs) {
            String name = sub.getFileName().toString();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (outputDirs.contains(sub) || repo.ignore().isIgnored(childRel, true)
                    || Files.isDirectory(sub.resolve(Repository.DVC_DIR))) {
                continue;
            }
            walk(repo, sub, childRel, found, outputDirs);
        }
    }

    /**
     * Reads and validates one {@code .dvc} file; errors name it relative to the repository root as DVC does. Its
     * {@code wdir} and every output must lie inside the workspace ({@link Containment}): a cloned {@code .dvc} file is
     * untrusted, and every command that acts on outputs reads them here first.
     */
    public static TrackedFile read(Path file, Path root) {
        String display = "./" + root.relativize(file).toString();
        String text = RepositoryText.read(file, display);
        TrackedFile t = new TrackedFile(file, text, DvcFile.parse(text, display));
        Containment containment = new Containment(root);
        if (t.content().wdir() != null) {
            containment.checkFolder(t.baseDir(), display, t.content().wdir());
        }
        for (var o : t.content().outs()) {
            containment.resolve(t.baseDir(), o.path(), display);
        }
        return t;
    }
}
