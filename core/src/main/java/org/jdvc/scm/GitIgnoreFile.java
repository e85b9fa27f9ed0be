package org.jdvc.scm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jdvc.JdvcException;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.internal.IoErrors;

/**
 * Keeps DVC outputs out of git the way DVC does (spec §8.1, §8.2): one {@code /<basename>} line per output in the
 * {@code .gitignore} of the output's parent directory.
 *
 * <p>With a {@link NoScm} every method does nothing (DVC writes no {@code .gitignore} without git). Files are
 * rewritten atomically ({@link AtomicFiles}), keeping their permissions; concurrent edits of the same
 * {@code .gitignore} by two processes are not merged (DVC's repo lock prevents them). Not thread-safe for the same
 * directory. I/O failures raise {@link JdvcException}.
 */
public final class GitIgnoreFile {
    private final Scm scm;

    public GitIgnoreFile(Scm scm) {
        this.scm = scm;
    }

    /**
     * Ensures git ignores {@code output}: nothing if some rule already ignores it, else appends
     * {@code /<escaped basename>} to {@code <parent>/.gitignore} (creating it; a {@code \n} first if the file does not
     * end with one; not if the same line is already there).
     *
     * @return the {@code .gitignore} written, for staging; empty if nothing was written
     */
    public Optional<Path> ensureIgnored(Path output) {
        if (scm instanceof NoScm) {
            return Optional.empty();
        }
        Path absolute = checkInside(output);
        if (scm.isIgnored(absolute)) {
            return Optional.empty();
        }
        Path gitignore = absolute.resolveSibling(".gitignore");
        String entry = escape("/" + absolute.getFileName());
        try {
            String text = read(gitignore);
            for (String line : completeLines(text)) {
                if (line.equals(entry)) {
                    return Optional.empty();
                }
            }
            String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            AtomicFiles.writeString(gitignore, text + prefix + entry + "\n");
            return Optional.of(gitignore);
        } catch (IOException e) {
            throw new JdvcException("Cannot update '" + gitignore + "': " + IoErrors.describe(e), JdvcException.FAILED,
                    e);
        }
    }

    /**
     * Removes the lines equal (after trimming) to the unescaped {@code /<basename>} of {@code output} from
     * {@code <parent>/.gitignore}, deleting the file when no line remains. NOTE: like DVC, an escaped entry (a name
     * with {@code [ ] ! * # ?}) is never matched, hence never removed.
     *
     * @return the {@code .gitignore} changed or deleted; empty if there was none
     */
    public Optional<Path> remove(Path output) {
        if (scm instanceof NoScm) {
            return Optional.empty();
        }
        Path absolute = checkInside(output);
        Path gitignore = absolute.resolveSibling(".gitignore");
        String entry = "/" + absolute.getFileName();
        try {
            String text;
            try {
                text = Files.readString(gitignore, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            StringBuilder kept = new StringBuilder(text.length());
            int start = 0;
            while (start < text.length()) {
                int newline = text.indexOf('\n', start);
                int end = newline < 0 ? text.length() : newline + 1;
                String line = text.substring(start, end);
                if (!line.strip().equals(entry)) {
                    kept.append(line);
                }
                start = end;
            }
            if (kept.isEmpty()) {
                Files.delete(gitignore);
            } else {
                AtomicFiles.writeString(gitignore, kept.toString());
            }
            return Optional.of(gitignore);
        } catch (IOException e) {
            throw new JdvcException("Cannot update '" + gitignore + "': " + IoErrors.describe(e), JdvcException.FAILED,
                    e);
        }
    }

    /**
     * Ensures the entries DVC keeps in {@code .dvc/.gitignore}: {@code /config.local}, {@code /tmp} and, for the
     * default in-repo cache, {@code /cache}; each only if git does not already ignore it. For a fresh repository the
     * file becomes exactly {@code /config.local\n/tmp\n/cache\n}.
     *
     * @return the {@code .gitignore} files written
     */
    public List<Path> ensureDvcDirIgnores(Path dvcDir, boolean defaultCache) {
        List<Path> written = new ArrayList<>();
        List<String> names = defaultCache ? List.of("config.local", "tmp", "cache") : List.of("config.local", "tmp");
        for (String name : names) {
            ensureIgnored(dvcDir.resolve(name)).filter(p -> !written.contains(p)).ifPresent(written::add);
        }
        return written;
    }

    /** Backslash-escapes the gitignore metacharacters DVC escapes: {@code [ ] ! * # ?}. */
    static String escape(String entry) {
        StringBuilder out = new StringBuilder(entry.length() + 4);
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if ("[]!*#?".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private Path checkInside(Path output) {
        Path absolute = output.toAbsolutePath().normalize();
        if (!absolute.startsWith(scm.root()) || absolute.equals(scm.root())) {
            throw new JdvcException("'" + output + "' is outside of the git repository '" + scm.root() + "'");
        }
        return absolute;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** The lines that end with a newline (an unterminated last line never counts as a duplicate, as in DVC). */
    private static List<String> completeLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
            lines.add(text.substring(start, newline));
            start = newline + 1;
        }
        return lines;
    }
}
