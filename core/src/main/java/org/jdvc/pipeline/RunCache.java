package org.jdvc.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdvc.hash.PythonJson;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.model.YamlReader;
import org.jdvc.model.YamlWriter;

/**
 * DVC's run-cache (spec §1.5): {@code <cache>/runs/<key[:2]>/<key>/<value>} holding a stage's lock entry, where the
 * key hashes the command, dependencies and parameters (outputs by path only) and the value hashes the whole entry;
 * {@code size}/{@code nfiles} never take part. Lets {@code repro} restore the outputs of an exact earlier run instead
 * of running the command again. Entries are written atomically; unreadable entries are skipped, never deleted.
 */
final class RunCache {
    private final Path runs;

    RunCache(Path cacheRoot) {
        this.runs = cacheRoot.resolve("runs");
    }

    /** Whether a stage can be run-cached: it has a command, dependencies and outputs (DVC's rule). */
    static boolean cacheable(PipelineStage stage) {
        return !stage.alwaysChanged() && !stage.commands().isEmpty() && !stage.outs().isEmpty()
                && (!stage.deps().isEmpty() || !stage.params().isEmpty());
    }

    static String key(LockEntry entry) {
        Map<String, Object> d = entry.toDict();
        List<Object> paths = new ArrayList<>();
        for (Map<String, Object> o : entry.outs()) {
            paths.add(o.get("path"));
        }
        d.put("outs", paths);
        return sha256(PythonJson.dumps(withoutMeta(d)));
    }

    static String value(LockEntry entry) {
        return sha256(PythonJson.dumps(withoutMeta(entry.toDict())));
    }

    private static Object withoutMeta(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (!k.equals("size") && !k.equals("nfiles")) {
                    out.put(String.valueOf(k), withoutMeta(x));
                }
            });
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(withoutMeta(x)));
            return out;
        }
        return v;
    }

    void save(LockEntry entry) {
        String key = key(entry);
        Path file = runs.resolve(key.substring(0, 2)).resolve(key).resolve(value(entry));
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, YamlWriter.write(entry.toDict()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded runs whose key matches {@code probe} (a lock entry whose outputs may lack hashes), newest first. */
    List<LockEntry> lookup(LockEntry probe) {
        String key = key(probe);
        Path dir = runs.resolve(key.substring(0, 2)).resolve(key);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<LockEntry> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            // NOTE: entries are named by a sha256; a dot-file is a temp file a killed run left (complete or not)
            List<Path> sorted = files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> Long.compare(mtime(b), mtime(a))).toList();
            for (Path f : sorted) {
                read(f).ifPresent(found::add);
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Optional<LockEntry> read(Path f) {
        try {
            Map<String, Object> d = ParamsFile.asMap(YamlReader.load(Files.readString(f, StandardCharsets.UTF_8),
                    f.toString()));
            return Optional.of(LockEntry.fromDict(d));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
