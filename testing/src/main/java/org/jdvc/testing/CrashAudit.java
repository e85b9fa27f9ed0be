package org.jdvc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jdvc.internal.TempName;

/**
 * The fault campaign's judge: what a repository (workspace, cache, remote, all under one scratch folder) may look like
 * after a command was interrupted (a fault or kill -9), and after the command was run again. Computed from the bytes
 * on disk with the test's own md5, not with jdvc's code.
 *
 * <p>Three trees are compared: the <em>template</em> (before the command), the <em>expected</em> one (after the
 * command ran without faults on a copy of the template) and the one <em>after</em> the interrupted run.
 */
public final class CrashAudit {
    private CrashAudit() {
    }

    /**
     * A tree's entries, relpath to {@code dir MODE}, {@code file MODE MD5} or {@code link -> TARGET}, without
     * {@code .git} and {@code .dvc/tmp} (git's and jdvc's private state); temp files ({@link TempName}'s shape) are
     * listed apart.
     */
    public record Tree(Map<String, String> entries, List<String> temps, Map<String, String> texts) {
        /** The md5 of the file at {@code relpath}, or null. */
        String md5(String relpath) {
            String e = entries.get(relpath);
            return e != null && e.startsWith("file ") ? e.substring(e.lastIndexOf(' ') + 1) : null;
        }
    }

    /**
     * Where things are, as relpath prefixes ending in {@code /}: the workspace (e.g. {@code repo/}) and the object
     * folders (a cache's and a remote's {@code .../files/md5/}).
     */
    public record Layout(String workspace, List<String> objectFolders) {
        /** Workspace data: not an object, not in the workspace's {@code .dvc} folder, not a repository file. */
        boolean isData(String relpath) {
            return relpath.startsWith(workspace) && !relpath.startsWith(workspace + ".dvc/") && !isMetadata(relpath);
        }

        /** The md5s of the objects of {@code tree}. */
        Set<String> objects(Tree tree) {
            Set<String> out = new TreeSet<>();
            for (String p : tree.entries().keySet()) {
                String oid = oidOf(p);
                if (oid != null) {
                    out.add(oid);
                }
            }
            return out;
        }

        /** {@code folder/xx/rest[.dir]} -> {@code xxrest}, or null when not an object path. */
        String oidOf(String relpath) {
            for (String f : objectFolders) {
                if (relpath.startsWith(f)) {
                    String rest = relpath.substring(f.length());
                    if (rest.length() > 3 && rest.charAt(2) == '/') {
                        String oid = rest.substring(0, 2) + rest.substring(3);
                        return oid.endsWith(".dir") ? oid.substring(0, oid.length() - 4) : oid;
                    }
                }
            }
            return null;
        }
    }

    static boolean isMetadata(String relpath) {
        String name = relpath.substring(relpath.lastIndexOf('/') + 1);
        return name.endsWith(".dvc") || name.equals("dvc.lock") || name.equals("dvc.yaml") || name.equals(".gitignore")
                || name.equals(".dvcignore");
    }

    public static Tree snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<String> temps = new ArrayList<>();
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                String slashed = "/" + rel + "/";
                if (slashed.contains("/.git/") || slashed.contains("/.dvc/tmp/")) {
                    continue;
                }
                if (TempName.matches(p.getFileName().toString())) {
                    temps.add(rel);
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link -> " + Files.readSymbolicLink(p));
                    continue;
                }
                String mode = PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                out.put(rel, dir ? "dir " + mode : "file " + mode + " " + FileDigest.md5(p));
                if (!dir && (isMetadata(rel) || rel.endsWith(".dir"))) {
                    texts.put(rel, Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return new Tree(out, temps, texts);
    }

    /**
     * What may be true after an interrupted run; each violation as one line:
     * <ol>
     *   <li>every object verifies: its content's md5 is its name (never a partial object under a final name);</li>
     *   <li>every other file is as the template had it or as the expected run left it, or absent (a step not done);
     *       nothing appears that neither has;</li>
     *   <li>nothing is lost: a data file the command keeps is still there or its content is an object of the cache;
     *       an object both the template and the expected tree hold is still there;</li>
     *   <li>nothing is recorded as done that is not: when a {@code .dvc} file or {@code dvc.lock} is in its expected
     *       state, every object the expected run added is there.</li>
     * </ol>
     */
    public static List<String> interrupted(Layout layout, Tree template, Tree expected, Tree after) {
        List<String> bad = new ArrayList<>();
        Set<String> afterObjects = layout.objects(after);
        for (var e : after.entries().entrySet()) {
            String p = e.getKey();
            String oid = layout.oidOf(p);
            if (oid != null) {
                String md5 = after.md5(p);
                if (md5 != null && !md5.equals(oid)) {
                    bad.add("object " + p + " holds content " + md5);
                }
                continue;
            }
            if (e.getValue().startsWith("dir ")) {
                continue; // folders carry no data
            }
            String t = template.entries().get(p);
            String x = expected.entries().get(p);
            if (p.endsWith(".gitignore") && x != null) {
                // NOTE: a command writes one entry per output, each write atomic: a .gitignore between the template's
                // and the expected one holds some of the new entries, and loses none
                List<String> lines = lines(after.texts().get(p));
                List<String> kept = lines(template.texts().get(p));
                kept.retainAll(lines(expected.texts().get(p)));
                List<String> allowed = lines(template.texts().get(p));
                allowed.addAll(lines(expected.texts().get(p)));
                if (!allowed.containsAll(lines) || !lines.containsAll(kept)) {
                    bad.add(p + " holds " + lines + ": not between the template's and the expected");
                }
                continue;
            }
            if (!e.getValue().equals(t) && !e.getValue().equals(x)) {
                bad.add(p + " is '" + e.getValue() + "': neither the template's (" + t + ") nor the expected ("
                        + x + ")");
            }
        }
        for (var e : template.entries().entrySet()) {
            String p = e.getKey();
            String md5 = template.md5(p);
            if (md5 == null || !layout.isData(p) || !e.getValue().equals(expected.entries().get(p))) {
                continue;
            }
            if (!md5.equals(after.md5(p)) && !afterObjects.contains(md5)) {
                bad.add("lost: " + p + " (" + md5 + ") is neither in the workspace nor in the cache");
            }
        }
        Set<String> kept = layout.objects(template);
        kept.retainAll(layout.objects(expected));
        for (String p : template.entries().keySet()) {
            String oid = layout.oidOf(p);
            if (oid != null && kept.contains(oid) && expected.entries().containsKey(p)
                    && !after.entries().containsKey(p)) {
                bad.add("lost: object " + p);
            }
        }
        for (var e : after.entries().entrySet()) {
            String p = e.getKey();
            if (!isMetadata(p) || !e.getValue().equals(expected.entries().get(p))
                    || e.getValue().equals(template.entries().get(p))) {
                continue;
            }
            for (String oid : references(layout, expected, after.texts().get(p))) {
                if (!afterObjects.contains(oid)) {
                    bad.add(p + " records the expected state, but its object " + oid + " is missing");
                }
            }
        }
        return bad;
    }

    private static final java.util.regex.Pattern MD5 = java.util.regex.Pattern.compile(
            "\\bmd5\"?:\\s*\"?([0-9a-f]{32})(\\.dir)?");

    /** The objects a repository file references: its md5s, and for a directory the md5s in its manifest. */
    static Set<String> references(Layout layout, Tree expected, String text) {
        Set<String> out = new TreeSet<>();
        var m = MD5.matcher(text == null ? "" : text);
        while (m.find()) {
            out.add(m.group(1));
            if (m.group(2) != null) {
                String manifest = expected.texts().entrySet().stream()
                        .filter(e -> m.group(1).equals(layout.oidOf(e.getKey()))).map(Map.Entry::getValue)
                        .findFirst().orElse("");
                var inner = MD5.matcher(manifest);
                while (inner.find()) {
                    out.add(inner.group(1));
                }
            }
        }
        return out;
    }

    /** What must be true after a run that reported success, or after the re-run: exactly the expected tree. */
    public static List<String> completed(Tree expected, Tree after) {
        List<String> bad = new ArrayList<>();
        Set<String> paths = new TreeSet<>(expected.entries().keySet());
        paths.addAll(after.entries().keySet());
        for (String p : paths) {
            String x = expected.entries().get(p);
            String a = after.entries().get(p);
            if (x == null || !x.equals(a)) {
                bad.add(p + " is " + (a == null ? "absent" : "'" + a + "'") + ", expected "
                        + (x == null ? "absent" : "'" + x + "'"));
            }
        }
        return bad;
    }

    private static List<String> lines(String text) {
        return text == null ? new ArrayList<>() : new ArrayList<>(List.of(text.split("\n")));
    }
}
