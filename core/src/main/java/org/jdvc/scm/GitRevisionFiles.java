package org.jdvc.scm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jdvc.JdvcException;

/**
 * Reads files as they are in a git revision without touching the work tree, through the real {@code git}
 * ({@code ls-tree} + one {@code cat-file --batch} process for all blobs).
 */
// NOTE: the git executable, not JGit: opening a JGit repository costs ~220 ms, and `data status` only needs a
// handful of small files from HEAD.
public final class GitRevisionFiles {
    private GitRevisionFiles() {
    }

    /**
     * The files of {@code rev} whose repo-relative path passes {@code filter}, as path → UTF-8 text. Empty when
     * {@code rev} does not exist (e.g. no commit yet).
     */
    public static Map<String, String> read(Path gitRoot, String rev, Predicate<String> filter) {
        try {
            Process ls = new ProcessBuilder("git", "ls-tree", "-r", "-z", "--full-tree", rev)
                    .directory(gitRoot.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] listing = ls.getInputStream().readAllBytes();
            if (ls.waitFor() != 0) {
                return Map.of();
            }
            List<String[]> wanted = new ArrayList<>();
            for (String rec : new String(listing, StandardCharsets.UTF_8).split("\0")) {
                int tab = rec.indexOf('\t');
                if (tab < 0) {
                    continue;
                }
                String[] meta = rec.substring(0, tab).split(" ");
                String path = rec.substring(tab + 1);
                if (meta.length == 3 && meta[1].equals("blob") && filter.test(path)) {
                    wanted.add(new String[] {path, meta[2]});
                }
            }
            Map<String, String> result = new LinkedHashMap<>();
            if (wanted.isEmpty()) {
                return result;
            }
            Process cat = new ProcessBuilder("git", "cat-file", "--batch").directory(gitRoot.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = cat.getOutputStream()) {
                StringBuilder sb = new StringBuilder();
                for (String[] w : wanted) {
                    sb.append(w[1]).append('\n');
                }
                in.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            }
            InputStream out = cat.getInputStream();
            for (String[] w : wanted) {
                String header = readLine(out);
                String[] parts = header.split(" ");
                int size = Integer.parseInt(parts[2]);
                byte[] body = out.readNBytes(size);
                out.read();
                result.put(w[0], new String(body, StandardCharsets.UTF_8));
            }
            cat.waitFor();
            return result;
        } catch (IOException | RuntimeException e) {
            throw new JdvcException("failed to read git revision '" + rev + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JdvcException("interrupted while reading git revision '" + rev + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
