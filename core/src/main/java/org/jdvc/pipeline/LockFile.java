package org.jdvc.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jdvc.model.RepositoryText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.model.DvcFileException;
import org.jdvc.model.YamlReader;
import org.jdvc.model.YamlWriter;

/**
 * {@code dvc.lock} (schema 2.0, spec §6.2): stage name → {@link LockEntry}. Written byte-for-byte as DVC writes it:
 * {@code schema: '2.0'} first, stages in their existing order with new ones appended. Not thread-safe; callers hold
 * the repository lock while updating.
 */
public final class LockFile {
    public static final String NAME = "dvc.lock";
    private static final Set<String> ENTRY_KEYS = Set.of("cmd", "deps", "params", "outs");

    private final Path path;
    private final Map<String, LockEntry> stages;
    private Object datasets;
    private boolean exists;

    private LockFile(Path path, Map<String, LockEntry> stages, boolean exists) {
        this.path = path;
        this.stages = stages;
        this.exists = exists;
    }

    /** Reads {@code path}; an absent file is an empty lock file. */
    public static LockFile read(Path path, Path root) {
        if (!Files.exists(path)) {
            return new LockFile(path, new LinkedHashMap<>(), false);
        }
        String display = "./" + root.relativize(path);
        return parse(RepositoryText.read(path, display), path, display);
    }

    static LockFile parse(String text, Path path, String display) {
        Map<String, Object> doc = ParamsFile.asMap(YamlReader.load(text, display));
        Map<String, LockEntry> stages = new LinkedHashMap<>();
        if (!doc.isEmpty()) {
            if (!"2.0".equals(doc.get("schema"))) {
                throw new DvcFileException("'" + display + "' format error: lockfile schema '" + doc.get("schema")
                        + "' is not supported (expected '2.0')");
            }
            for (String key : doc.keySet()) {
                if (!key.equals("schema") && !key.equals("stages") && !key.equals("datasets")) {
                    throw new DvcFileException("'" + display + "' validation failed: extra keys not allowed, in "
                            + key);
                }
            }
            ParamsFile.asMap(doc.get("stages")).forEach((name, v) -> {
                Map<String, Object> entry = ParamsFile.asMap(v);
                for (String k : entry.keySet()) {
                    if (!ENTRY_KEYS.contains(k)) {
                        throw new DvcFileException("'" + display + "' validation failed: extra keys not allowed, in "
                                + "stages -> " + name + " -> " + k);
                    }
                }
                checkItems(display, name, "deps", entry.get("deps"));
                checkItems(display, name, "outs", entry.get("outs"));
                if (entry.get("params") != null && !(entry.get("params") instanceof Map<?, ?> pm
                        && pm.values().stream().allMatch(value -> value instanceof Map<?, ?>))) {
                    throw new DvcFileException("'" + display + "' validation failed: expected a dictionary of "
                            + "dictionaries, in stages -> " + name + " -> params");
                }
                stages.put(name, LockEntry.fromDict(entry));
            });
        }
        LockFile f = new LockFile(path, stages, true);
        f.datasets = doc.get("datasets");
        return f;
    }

    /** {@code deps} / {@code outs} of a stage: a list of dictionaries, each with a string {@code path}. */
    private static void checkItems(String display, String stage, String key, Object items) {
        if (items == null) {
            return;
        }
        String where = " in stages -> " + stage + " -> " + key;
        if (!(items instanceof List<?> list)) {
            throw new DvcFileException("'" + display + "' validation failed: expected a list," + where);
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                throw new DvcFileException("'" + display + "' validation failed: expected a dictionary," + where
                        + " -> " + i);
            }
            if (!(item.get("path") instanceof String)) {
                throw new DvcFileException("'" + display + "' validation failed: required key not provided or not "
                        + "a str," + where + " -> " + i + " -> path");
            }
        }
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return exists;
    }

    public LockEntry get(String stage) {
        return stages.get(stage);
    }

    public Map<String, LockEntry> stages() {
        return java.util.Collections.unmodifiableMap(stages);
    }

    /** This file's text with {@code entry} recorded for {@code stage} (replacing, or appended). */
    public String textWith(String stage, LockEntry entry) {
        Map<String, LockEntry> updated = new LinkedHashMap<>(stages);
        updated.put(stage, entry);
        return render(updated, datasets);
    }

    static String render(Map<String, LockEntry> stages) {
        return render(stages, null);
    }

    /** NOTE: DVC writes {@code datasets} (dataset lock info) between {@code schema} and {@code stages}. */
    static String render(Map<String, LockEntry> stages, Object datasets) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "2.0");
        if (datasets != null) {
            doc.put("datasets", datasets);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        stages.forEach((name, e) -> s.put(name, e.toDict()));
        doc.put("stages", s);
        return YamlWriter.write(doc);
    }

    /**
     * Records {@code entry} for {@code stage} and writes the file when that changes it.
     *
     * @return true when the file was written
     */
    public boolean put(String stage, LockEntry entry) {
        LockEntry old = stages.get(stage);
        if (exists && old != null && render(Map.of(stage, old), null).equals(render(Map.of(stage, entry), null))) {
            return false;
        }
        stages.put(stage, entry);
        write();
        exists = true;
        return true;
    }

    /** Removes the stages' entries; deletes the file when none remains. */
    public void remove(List<String> names) {
        boolean changed = false;
        for (String n : names) {
            changed |= stages.remove(n) != null;
        }
        if (!changed) {
            return;
        }
        try {
            if (stages.isEmpty() && datasets == null) {
                Files.deleteIfExists(path);
            } else {
                write();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write() {
        try {
            AtomicFiles.writeString(path, render(stages, datasets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
