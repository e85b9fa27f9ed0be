package org.jdvc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Test-side views of a repository computed without jdvc's code: a byte-and-mode snapshot of a whole tree, md5, and the
 * {@code .dir} manifest bytes as DVC's {@code json.dumps(..., sort_keys=True)} writes them (spec §1.3).
 */
final class RepoTree {
    private RepoTree() {
    }

    /**
     * Every path under {@code root} (symlinks not followed) with its type, permission bits and content digest or link
     * target. {@code .git} (git refreshes its index on any query) and {@code .dvc/tmp} (the lock file and jdvc's
     * private state cache) are left out: they are not user data.
     */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                String slashed = "/" + rel + "/";
                if (slashed.contains("/.git/") || slashed.contains("/.dvc/tmp/")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link -> " + Files.readSymbolicLink(p));
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                String mode = PosixFilePermissions.toString(perms);
                out.put(rel, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir " + mode
                        : "file " + mode + " " + md5(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String md5(String text) {
        return md5(text.getBytes(StandardCharsets.UTF_8));
    }

    /** DVC 2's legacy hash of a text file: md5 after CRLF -> LF (spec §1.2; our files are all text). */
    static String md5Dos2Unix(byte[] bytes) {
        return md5(new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A file of the tree: POSIX relpath and content. */
    record FileSpec(String relpath, byte[] content) {
    }

    /** The manifest bytes: entries sorted by code point of relpath, Python's default separators, ensure_ascii. */
    static String manifest(List<FileSpec> files) {
        List<FileSpec> sorted = files.stream().sorted((a, b) -> compareCodePoints(a.relpath(), b.relpath())).toList();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append("{\"md5\": \"").append(md5(sorted.get(i).content())).append("\", \"relpath\": ");
            jsonString(sb, sorted.get(i).relpath());
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c)); // UTF-16 units: astral chars become pairs
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    }

    /** Writes the files under {@code dir}. */
    static void write(Path dir, List<FileSpec> files) throws IOException {
        for (FileSpec f : files) {
            Path p = dir.resolve(f.relpath());
            Files.createDirectories(p.getParent());
            Files.write(p, f.content());
        }
    }

    /** Relpath -> content of every regular file (symlinks followed) under {@code dir}. */
    static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), md5(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
