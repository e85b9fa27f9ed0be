package org.jdvc.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdvc.JdvcException;
import org.jdvc.config.ConfigException;
import org.jdvc.config.RemoteConfig;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.internal.Parallel;
import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteRegistry;
import org.jdvc.repo.Repository;

/**
 * The source of an import-url stage (spec §5.2, §10): a file or a directory behind a URL, read through the
 * {@link BlobStore} of its scheme. Accepted: a local path (relative paths are relative to {@code baseDir}),
 * {@code file://}, {@code s3://}, {@code ssh://}, {@code http(s)://} (files only: HTTP cannot list) and
 * {@code remote://name/sub/path} (the named remote's URL and options, spec §3.1).
 *
 * <p>The store is opened on the source's parent "folder" and the source is its last path segment: an object under
 * that key is a file source, otherwise every object under {@code key/} forms a directory source (an S3 prefix, a
 * local or SFTP folder).
 *
 * <p>The dependency checksum is the store's native one ({@link BlobStore#stat}): {@code etag} for object stores,
 * {@code checksum} for HTTP; stores without one (local, SFTP) get the md5 of the bytes, as DVC records. A directory's
 * checksum is the {@code .dir} md5 of a manifest keyed by that member (golden vector V6b), with {@code size} and
 * {@code nfiles}. Not thread-safe; close it.
 */
final class UrlSource implements AutoCloseable {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+)://");
    /** The name stores use in messages for a source that is not a configured remote. */
    private static final String SOURCE_NAME = "import-url source";

    /** One file of the source: path below the source ({@code ""} for a file source), size (-1 unknown), checksum. */
    record Item(String relpath, long size, String checksum) {
    }

    /**
     * The source's current state.
     *
     * @param hash   the dependency checksum: {@code etag}/{@code checksum}/{@code md5} of a file, or the md5
     *               {@code .dir} oid of the directory's checksum manifest
     * @param member the hash member the checksums of {@code items} belong in ({@code etag}, {@code checksum}, {@code md5})
     * @param size   total bytes, or null when some size is unknown
     * @param items  the files, sorted by relpath; one item with relpath {@code ""} for a file source
     */
    record State(HashInfo hash, String member, Long size, boolean isDir, List<Item> items) {
        Long nfiles() {
            return isDir ? (long) items.size() : null;
        }
    }

    /**
     * What a download produced: the md5 object of a file, or the md5 {@code .dir} manifest of a directory (files in
     * {@code files}, in manifest order, with their md5 in {@code fileHashes}).
     */
    record Downloaded(Path root, HashInfo hash, long size, boolean isDir, TreeManifest manifest, List<Path> files,
            List<String> fileHashes) {
        Long nfiles() {
            return isDir ? (long) files.size() : null;
        }
    }

    private final String display;
    private final BlobStore store;
    private final String key;

    private UrlSource(String display, BlobStore store, String key) {
        this.display = display;
        this.store = store;
        this.key = key;
    }

    /**
     * Resolves {@code url} and opens its store (no I/O yet for remote stores).
     *
     * @param baseDir  the directory relative local paths are relative to (the stage's wdir)
     * @param fsConfig options for the store ({@code --fs-config}); they win over a {@code remote://} remote's options
     * @throws JdvcException an unknown remote in {@code remote://}, an unsupported scheme or an invalid URL
     */
    static UrlSource open(Repository repo, Path baseDir, String url, Map<String, String> fsConfig) {
        Matcher m = SCHEME.matcher(url);
        String storeName = SOURCE_NAME;
        Map<String, String> options = new LinkedHashMap<>();
        String full;
        boolean hasScheme = m.find();
        if (!hasScheme || m.group(1).equalsIgnoreCase("file")) {
            Path abs;
            try {
                abs = hasScheme ? Path.of(java.net.URI.create(url)).normalize() : baseDir.resolve(url).normalize();
            } catch (IllegalArgumentException e) {
                throw new JdvcException("invalid URL '" + url + "': " + e.getMessage(), JdvcException.FAILED, e);
            }
            Path parent = abs.getParent() == null ? abs : abs.getParent();
            String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
            options.putAll(fsConfig);
            return new UrlSource(abs.toString(), RemoteRegistry.open(storeName, parent.toString(), options), name);
        }
        if (m.group(1).equalsIgnoreCase("remote")) {
            String rest = url.substring(m.end());
            int slash = rest.indexOf('/');
            String remoteName = slash < 0 ? rest : rest.substring(0, slash);
            String sub = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("^/+", "");
            RemoteConfig rc;
            try {
                rc = repo.config().remote(remoteName);
            } catch (ConfigException e) {
                throw new JdvcException(e.getMessage(), JdvcException.FAILED, e);
            }
            options.putAll(TransferScope.storeOptions(rc));
            String base = rc.url().replaceFirst("/+$", "");
            full = sub.isEmpty() ? base : base + "/" + sub;
            storeName = rc.name();
        } else {
            full = url;
        }
        options.putAll(fsConfig);
        Matcher fm = SCHEME.matcher(full);
        if (!fm.find()) {
            // NOTE: a remote:// whose remote is a local folder
            Path abs = Path.of(full).toAbsolutePath().normalize();
            return new UrlSource(url, RemoteRegistry.open(storeName, abs.getParent().toString(), options),
                    abs.getFileName().toString());
        }
        int pathStart = full.indexOf('/', fm.end());
        String trimmed = full.replaceFirst("/+$", "");
        int lastSlash = trimmed.lastIndexOf('/');
        if (pathStart < 0 || lastSlash < pathStart) {
            // the whole bucket / host root: a directory source with an empty key
            return new UrlSource(url, RemoteRegistry.open(storeName, trimmed, options), "");
        }
        return new UrlSource(url, RemoteRegistry.open(storeName, trimmed.substring(0, lastSlash), options),
                trimmed.substring(lastSlash + 1));
    }

    /** How messages name the source: the absolute path of a local source, else the URL as given. */
    String display() {
        return display;
    }

    /**
     * Reads the source's current state (checksums only; md5 stores are read whole to hash them), {@code jobs}
     * objects at a time for a directory.
     *
     * @throws JdvcException when the source does not exist
     */
    State state(int jobs) throws IOException {
        if (!key.isEmpty()) {
            try {
                BlobStore.ObjectInfo info = store.stat(key);
                String member = info.checksumName() == null ? HashInfo.MD5 : info.checksumName();
                String checksum = info.checksum() == null ? md5Of(key) : info.checksum();
                Long size = info.size() < 0 ? null : info.size();
                return new State(new HashInfo(member, checksum), member, size, false,
                        List.of(new Item("", info.size(), checksum)));
            } catch (NoSuchFileException e) {
                // not a file: maybe a directory below
            }
        }
        if (!store.canList()) {
            throw missing();
        }
        String prefix = key.isEmpty() ? "" : key + "/";
        List<String> keys = new ArrayList<>();
        store.list(prefix, keys::add);
        if (keys.isEmpty()) {
            throw missing();
        }
        // NOTE: one HEAD per object (the SPI's listing has only keys); they run in parallel like transfers
        BlobStore.ObjectInfo[] infos = new BlobStore.ObjectInfo[keys.size()];
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            indexes.add(i);
        }
        Parallel.forEach(indexes, Math.max(1, jobs), i -> infos[i] = store.stat(keys.get(i)));
        boolean allNative = java.util.Arrays.stream(infos).allMatch(i -> i.checksumName() != null)
                && java.util.Arrays.stream(infos).map(BlobStore.ObjectInfo::checksumName).distinct().count() == 1;
        // a manifest has one hash member: without a native checksum on every object, md5 of the bytes for all
        String member = allNative ? infos[0].checksumName() : HashInfo.MD5;
        String[] checksums = new String[keys.size()];
        Parallel.forEach(indexes, Math.max(1, jobs), i -> checksums[i] = allNative ? infos[i].checksum()
                : md5Of(keys.get(i)));
        List<Item> items = new ArrayList<>();
        long total = 0;
        boolean sizesKnown = true;
        for (int i = 0; i < keys.size(); i++) {
            items.add(new Item(keys.get(i).substring(prefix.length()), infos[i].size(), checksums[i]));
            sizesKnown &= infos[i].size() >= 0;
            total += Math.max(0, infos[i].size());
        }
        List<TreeManifest.Entry> entries = items.stream().map(i -> new TreeManifest.Entry(i.relpath(), i.checksum()))
                .toList();
        TreeManifest manifest;
        try {
            manifest = TreeManifest.of(entries, member);
        } catch (IllegalArgumentException e) {
            // NOTE: object stores allow keys like "a//b" or "../x" that cannot be files of a directory
            throw new JdvcException("'" + display + "' cannot be imported as a directory: " + e.getMessage(),
                    JdvcException.FAILED, e);
        }
        return new State(manifest.hashInfo(), member, sizesKnown ? total : null, true, List.copyOf(items));
    }

    /**
     * Downloads the files of {@code state} below {@code dest} (a file source to {@code dest} itself), hashing them
     * with md5 on the way; {@code dest} must not exist. {@code jobs} files are fetched at a time.
     */
    Downloaded download(State state, Path dest, int jobs) throws IOException {
        if (!state.isDir()) {
            Files.createDirectories(dest.getParent());
            String md5 = copyHashing(key, dest);
            return new Downloaded(dest, HashInfo.md5(md5), Files.size(dest), false, null, List.of(dest),
                    List.of(md5));
        }
        String prefix = key.isEmpty() ? "" : key + "/";
        List<Item> items = state.items();
        String[] hashes = new String[items.size()];
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            indexes.add(i);
        }
        Parallel.forEach(indexes, Math.max(1, jobs), i -> {
            Path target = dest.resolve(items.get(i).relpath());
            Files.createDirectories(target.getParent());
            hashes[i] = copyHashing(prefix + items.get(i).relpath(), target);
        });
        List<TreeManifest.Entry> entries = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < items.size(); i++) {
            entries.add(new TreeManifest.Entry(items.get(i).relpath(), hashes[i]));
            Path p = dest.resolve(items.get(i).relpath());
            files.add(p);
            size += Files.size(p);
        }
        TreeManifest manifest = TreeManifest.of(entries);
        // NOTE: the manifest sorts by code point; keep files/fileHashes in the manifest's order
        Map<String, Integer> byRelpath = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byRelpath.put(items.get(i).relpath(), i);
        }
        List<Path> ordered = new ArrayList<>();
        List<String> orderedHashes = new ArrayList<>();
        for (TreeManifest.Entry e : manifest.entries()) {
            int i = byRelpath.get(e.relpath());
            ordered.add(files.get(i));
            orderedHashes.add(hashes[i]);
        }
        return new Downloaded(dest, manifest.hashInfo(), size, true, manifest, ordered, orderedHashes);
    }

    private String copyHashing(String objectKey, Path target) throws IOException {
        MessageDigest md = md5();
        try (InputStream in = store.open(objectKey); OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw new JdvcException("'" + display + "' changed while it was being imported: " + objectKey
                    + " vanished", JdvcException.FAILED, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private String md5Of(String objectKey) throws IOException {
        MessageDigest md = md5();
        try (InputStream in = store.open(objectKey)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JdvcException missing() {
        return new SourceMissingException("dependency '" + display + "' does not exist");
    }

    /** The source is gone (or never was): import-url fails, status reports the dependency {@code deleted}. */
    static final class SourceMissingException extends JdvcException {
        SourceMissingException(String message) {
            super(message, FAILED);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
