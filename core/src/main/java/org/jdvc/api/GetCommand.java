package org.jdvc.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.repo.WorkspaceCheckout;

/**
 * {@code dvc get URL path [-o out] [--rev R] [--force]}: downloads a file or directory another repository tracks
 * (with DVC, or a plain git file) into a folder, without tracking it. Works outside any DVC repository. Data is
 * written to a temporary name and renamed into place, so a failure leaves nothing behind.
 */
public final class GetCommand {
    private final Path cwd;
    private final java.util.Map<String, String> env;
    private String url;
    private String path;
    private String out;
    private String rev;
    private boolean force;

    GetCommand(Path cwd, java.util.Map<String, String> env) {
        this.cwd = cwd;
        this.env = env;
    }

    public GetCommand url(String value) {
        this.url = value;
        return this;
    }

    public GetCommand path(String value) {
        this.path = value;
        return this;
    }

    public GetCommand out(String value) {
        this.out = value;
        return this;
    }

    public GetCommand rev(String value) {
        this.rev = value;
        return this;
    }

    public GetCommand force(boolean value) {
        this.force = value;
        return this;
    }

    /** Returns where the data was written. */
    public Path call() {
        String src = ImportCommand.normalize(path);
        Path target = cwd.resolve(out != null ? out : Path.of(src).getFileName().toString()).toAbsolutePath()
                .normalize();
        String prefix = "failed to get '" + path + "' from '" + url + "' - ";
        if (Files.exists(target) && !force) {
            throw new JdvcException(prefix + "The file '" + (out != null ? out : cwd.relativize(target))
                    + "' already exists locally. \nTo override it, re-run with '--force'.");
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".jdvc-get-" + ProcessHandle.current().pid());
        try (ExternalRepo ext = ExternalRepo.open(url, cwd, env)) {
            String commit = ext.resolve(rev);
            Optional<ExternalRepo.Found> found = Optional.empty();
            if (Files.isDirectory(ext.git().workTree().resolve(".dvc")) || ext.git().readFile(commit, ".dvc/config")
                    .isPresent() || !ext.index(commit).entries().isEmpty()) {
                found = ext.find(commit, src);
            }
            if (found.isPresent()) {
                writeData(ext, commit, found.get(), tmp);
            } else {
                Optional<byte[]> blob = ext.git().readFile(commit, src);
                if (blob.isEmpty()) {
                    throw new JdvcException(prefix + "'" + src + "' does not exist at revision '"
                            + (rev == null ? "HEAD" : rev) + "' of '" + url + "'");
                }
                AtomicFiles.write(tmp, blob.get());
            }
            if (Files.exists(target)) {
                WorkspaceCheckout.deleteAny(target);
            }
            Files.move(tmp, target);
            return target;
        } catch (JdvcException e) {
            deleteQuietly(tmp);
            throw e.getMessage().startsWith("failed to get") ? e
                    : new JdvcException(prefix + e.getMessage(), e.exitCode(), e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(e);
        }
    }

    private static void writeData(ExternalRepo ext, String commit, ExternalRepo.Found f, Path into)
            throws IOException {
        ObjectAccess src = ext.objects(commit);
        HashInfo h = f.hash();
        if (!h.isDir()) {
            copy(src, h, into);
            return;
        }
        TreeManifest m = f.derived() != null ? f.derived() : src.manifest(h).orElseThrow(
                () -> new JdvcException("the manifest " + h.value() + " is neither in the source's cache nor on its "
                        + "remote"));
        Files.createDirectories(into);
        for (TreeManifest.Entry e : m.entries()) {
            Path file = into.resolve(e.relpath());
            Files.createDirectories(file.getParent());
            copy(src, new HashInfo(h.name(), e.md5()), file);
        }
    }

    private static void copy(ObjectAccess src, HashInfo oid, Path to) throws IOException {
        try (InputStream in = src.open(oid)) {
            Files.copy(in, to);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JdvcException("object " + oid.value() + " is neither in the source's cache nor on its remote");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            WorkspaceCheckout.deleteAny(p);
        } catch (IOException e) {
            // NOTE: nothing more to do; the error being reported matters more
        }
    }
}
