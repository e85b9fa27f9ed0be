package org.jdvc.hash;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code .dir} manifest of a tracked directory (spec §1.3): a flat list of (POSIX relpath, hash) entries sorted by
 * the code points of the full relpath, serialized exactly as Python's {@code json.dumps(list, sort_keys=True)}. Its
 * digest plus {@code .dir} is the directory's oid.
 *
 * <p>Immutable and thread-safe. Relpaths are guaranteed to stay inside the directory: non-empty, relative, no empty,
 * {@code .} or {@code ..} components, no NUL. Building from invalid entries throws {@link IllegalArgumentException};
 * {@link #parse parsing} invalid bytes throws {@link CorruptObjectException}. Meta members ({@code size},
 * {@code isexec}, ...) are tolerated on read but never kept: they are not part of the hashed bytes.
 */
public final class TreeManifest {
    /** One file of the tree; {@code md5} holds the value of the manifest's hash member (see {@link #hashName()}). */
    public record Entry(String relpath, String md5) {
        public Entry {
            Objects.requireNonNull(relpath, "relpath");
            Objects.requireNonNull(md5, "md5");
        }
    }

    /** Python {@code str} ordering: by code point, which differs from {@link String#compareTo} above U+D7FF. */
    static final Comparator<String> CODE_POINT_ORDER = TreeManifest::compareCodePoints;
    private static final Comparator<Entry> ENTRY_ORDER = (a, b) -> compareCodePoints(a.relpath(), b.relpath());
    private static final List<String> HASH_MEMBERS = List.of(HashInfo.MD5, "etag", "checksum");

    private final List<Entry> entries;
    private final String hashName;
    private volatile byte[] bytes;
    private volatile String digest;

    private TreeManifest(List<Entry> sortedEntries, String hashName) {
        this.entries = sortedEntries;
        this.hashName = hashName;
    }

    /** A manifest keyed by {@code md5}; entries in any order. Rejects invalid or duplicate relpaths. */
    public static TreeManifest of(Collection<Entry> entries) {
        return of(entries, HashInfo.MD5);
    }

    /** A manifest whose hash member is {@code hashName} ({@code md5}, or {@code etag}/{@code checksum} for cloud trees). */
    public static TreeManifest of(Collection<Entry> entries, String hashName) {
        Objects.requireNonNull(hashName, "hashName");
        if (!isMemberName(hashName)) {
            throw new IllegalArgumentException("invalid hash member name '" + hashName + "'");
        }
        Entry[] sorted = entries.toArray(new Entry[0]);
        for (Entry e : sorted) {
            String problem = relpathProblem(e.relpath());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return sortChecked(sorted, hashName, IllegalArgumentException::new);
    }

    private static boolean isMemberName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static <X extends RuntimeException> TreeManifest sortChecked(
            Entry[] sorted, String hashName, java.util.function.Function<String, X> invalid) {
        Arrays.sort(sorted, ENTRY_ORDER);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].relpath().equals(sorted[i - 1].relpath())) {
                throw invalid.apply("duplicate relpath " + quote(sorted[i].relpath()));
            }
        }
        return new TreeManifest(List.of(sorted), hashName);
    }

    /** Entries sorted by code point order of their relpath. */
    public List<Entry> entries() {
        return entries;
    }

    /** The JSON member name holding each entry's hash: {@code md5} unless this is a cloud tree. */
    public String hashName() {
        return hashName;
    }

    /** The exact manifest bytes DVC writes and hashes (ASCII, no trailing newline). Returns a fresh copy. */
    public byte[] toBytes() {
        return serialized().clone();
    }

    private byte[] serialized() {
        byte[] b = bytes;
        if (b == null) {
            b = serialize();
            bytes = b;
        }
        return b;
    }

    private byte[] serialize() {
        // NOTE: hand-written for exactness (Python's separators and escaping) and speed (70k entries in a few ms).
        boolean hashFirst = hashName.compareTo("relpath") < 0; // sort_keys order of the two members
        JsonOut out = new JsonOut(2 + entries.size() * (48 + hashName.length() + 32 + 24));
        byte[] open = ascii("{\"" + (hashFirst ? hashName : "relpath") + "\": ");
        byte[] middle = ascii(", \"" + (hashFirst ? "relpath" : hashName) + "\": ");
        byte[] close = ascii("}, ");
        out.ascii('[');
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (i > 0) {
                out.raw(close);
            }
            out.raw(open);
            out.string(hashFirst ? e.md5() : e.relpath());
            out.raw(middle);
            out.string(hashFirst ? e.relpath() : e.md5());
        }
        if (!entries.isEmpty()) {
            out.ascii('}');
        }
        out.ascii(']');
        return out.toBytes();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** MD5 hex of {@link #toBytes()}. */
    public String digest() {
        String d = digest;
        if (d == null) {
            d = FileHasher.md5(serialized());
            digest = d;
        }
        return d;
    }

    /** The directory's oid: {@code md5} hash named {@code <digest>.dir}. */
    public HashInfo hashInfo() {
        return HashInfo.md5(digest() + HashInfo.DIR_SUFFIX);
    }

    /**
     * Reads a manifest as DVC does: a JSON list of objects, each with {@code relpath} and a hash member ({@code md5},
     * else {@code etag}, else {@code checksum}, decided by the first entry and required of all). Extra members are
     * ignored. Entries are re-sorted; the result re-serializes without meta.
     *
     * @param origin names the source in error messages (a path or oid)
     * @throws CorruptObjectException for anything else, including relpaths escaping the directory and duplicates
     */
    public static TreeManifest parse(byte[] bytes, String origin) {
        Object root;
        try {
            root = JsonReader.parse(bytes);
        } catch (JsonReader.MalformedJsonException e) {
            throw corrupt(origin, e.getMessage());
        }
        if (!(root instanceof List<?> list)) {
            throw corrupt(origin, "not a list");
        }
        String hashName = HashInfo.MD5;
        if (!list.isEmpty() && list.getFirst() instanceof Map<?, ?> first) {
            hashName = HASH_MEMBERS.stream().filter(first::containsKey).findFirst().orElse(HashInfo.MD5);
        }
        Entry[] entries = new Entry[list.size()];
        for (int i = 0; i < entries.length; i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw corrupt(origin, "entry " + i + " is not an object");
            }
            String relpath = member(m, "relpath", i, origin);
            String hash = member(m, hashName, i, origin);
            String problem = relpathProblem(relpath);
            if (problem == null) {
                problem = hashProblem(hashName, hash);
            }
            if (problem != null) {
                throw corrupt(origin, problem);
            }
            entries[i] = new Entry(relpath, hash);
        }
        String name = hashName;
        TreeManifest manifest = sortChecked(entries, name, problem -> corrupt(origin, problem));
        String clash = fileDirectoryClash(manifest.entries);
        if (clash != null) {
            throw corrupt(origin, clash);
        }
        return manifest;
    }

    /**
     * A relpath below another entry's relpath ({@code a} and {@code a/b}): no file system holds such a tree, and
     * checkout would fail half-way through it. NOTE: the two need not be adjacent in code point order ({@code a-b}
     * sorts between them), hence the set.
     */
    private static String fileDirectoryClash(List<Entry> entries) {
        java.util.Set<String> paths = java.util.HashSet.newHashSet(entries.size());
        for (Entry e : entries) {
            paths.add(e.relpath());
        }
        for (Entry e : entries) {
            String p = e.relpath();
            for (int slash = p.indexOf('/'); slash >= 0; slash = p.indexOf('/', slash + 1)) {
                if (paths.contains(p.substring(0, slash))) {
                    return "relpath " + quote(p) + " is inside file " + quote(p.substring(0, slash));
                }
            }
        }
        return null;
    }

    private static String member(Map<?, ?> m, String name, int index, String origin) {
        Object v = m.get(name);
        if (v == null) {
            throw corrupt(origin, "entry " + index + " has no '" + name + "'");
        }
        if (!(v instanceof String s)) {
            throw corrupt(origin, "entry " + index + " '" + name + "' is not a string");
        }
        return s;
    }

    private static CorruptObjectException corrupt(String origin, String problem) {
        return new CorruptObjectException("'" + origin + "' is a corrupted directory manifest: " + problem);
    }

    /** Why {@code relpath} is unsafe, or null if it names a file inside the directory. */
    static String relpathProblem(String relpath) {
        if (relpath.isEmpty()) {
            return "empty relpath";
        }
        if (relpath.indexOf('\0') >= 0) {
            return "relpath " + quote(relpath) + " contains NUL";
        }
        if (relpath.charAt(0) == '/') {
            return "relpath " + quote(relpath) + " is absolute";
        }
        int start = 0;
        while (true) {
            int slash = relpath.indexOf('/', start);
            int end = slash < 0 ? relpath.length() : slash;
            int n = end - start;
            if (n == 0) {
                return "relpath " + quote(relpath) + " has an empty component";
            }
            if (relpath.charAt(start) == '.' && (n == 1 || n == 2 && relpath.charAt(start + 1) == '.')) {
                return "relpath " + quote(relpath) + (n == 2 ? " escapes the directory" : " has a '.' component");
            }
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
        }
    }

    /** Hash values become object paths, so they must not smuggle path syntax in. */
    private static String hashProblem(String hashName, String value) {
        if (HashInfo.MD5.equals(hashName)) {
            if (value.length() != 32) {
                return "md5 " + quote(value) + " is not an md5 hex digest";
            }
            for (int i = 0; i < 32; i++) {
                char c = value.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return "md5 " + quote(value) + " is not an md5 hex digest";
                }
            }
            return null;
        }
        if (value.isEmpty() || value.equals(".") || value.equals("..") || value.indexOf('/') >= 0
                || value.indexOf('\\') >= 0 || value.indexOf('\0') >= 0) {
            return hashName + " " + quote(value) + " is not a valid checksum";
        }
        return null;
    }

    /** A one-line, ASCII rendering of a possibly hostile string for messages. */
    private static String quote(String s) {
        JsonOut out = new JsonOut(s.length() + 2);
        out.string(s.length() > 200 ? s.substring(0, 200) + "..." : s);
        String q = out.toString();
        return "'" + q.substring(1, q.length() - 1) + "'";
    }

    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // NOTE: move surrogates (D800-DFFF) above the rest of the BMP so UTF-16 units compare like code points.
                return fixup(x) - fixup(y);
            }
        }
        return a.length() - b.length();
    }

    private static int fixup(char c) {
        if (c < 0xd800) {
            return c;
        }
        return c >= 0xe000 ? c - 0x800 : c + 0x2000;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeManifest t && t.hashName.equals(hashName) && t.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + hashName.hashCode();
    }

    @Override
    public String toString() {
        return "TreeManifest[" + entries.size() + " entries, " + hashName + "]";
    }
}
