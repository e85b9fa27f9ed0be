package org.jdvc.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdvc.JdvcException;
import org.jdvc.internal.IoErrors;
import org.jdvc.model.DvcFileException;
import org.jdvc.model.YamlReader;

/**
 * A parameters file (or a metrics file) read into plain values, by DVC's extension rule: the part of the base name
 * after its first dot decides ({@code .json} → JSON, {@code .toml} → TOML, {@code .py} → Python, anything else
 * YAML), so {@code a.b.json} is read as YAML.
 *
 * <p>JSON is read with the YAML 1.2 reader: JSON documents are YAML 1.2 flow documents and the resulting values
 * (ints, floats, strings, maps in file order) are what Python's {@code json} gives. TOML is read by
 * {@link TomlReader}, Python by {@link PythonParams} (literal assignments only, never executed).
 */
public final class ParamsFile {
    private ParamsFile() {
    }

    /** The format DVC would use for a file of this name. */
    static String format(String fileName) {
        int dot = fileName.indexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1);
        return switch (ext) {
            case "json", "toml", "py" -> ext;
            default -> "yaml";
        };
    }

    /** Parses {@code text} as the file {@code name} would be parsed; a non-mapping document gives an empty map. */
    public static Map<String, Object> parse(String text, String name) {
        String format = format(Path.of(name).getFileName().toString());
        if (format.equals("toml")) {
            return TomlReader.parse(text, name);
        }
        if (format.equals("py")) {
            return PythonParams.parse(text);
        }
        Object v = YamlReader.load(text, name);
        return asMap(v);
    }

    /** Reads {@code file}; empty when it does not exist. */
    public static Optional<Map<String, Object>> read(Path file, String displayName) {
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), displayName));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                return Optional.empty();
            }
            throw new JdvcException("unable to read '" + displayName + "': " + IoErrors.reason(e));
        } catch (DvcFileException e) {
            throw new JdvcException("unable to read parameters from '" + displayName + "': " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    /** Marker for "no value at that key" (null is a legitimate parameter value). */
    static final Object MISSING = new Object();

    /**
     * The value at a dotted key path ({@code train.lr}); list items by index. {@link #MISSING} when absent.
     */
    static Object valueAt(Map<String, Object> params, String key) {
        if (params.containsKey(key)) {
            return params.get(key);
        }
        Object current = params;
        for (String part : key.split("\\.", -1)) {
            if (current instanceof Map<?, ?> m && m.containsKey(part)) {
                current = m.get(part);
            } else if (current instanceof List<?> l && !part.isEmpty() && part.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(part) < l.size()) {
                current = l.get(Integer.parseInt(part));
            } else {
                return MISSING;
            }
        }
        return current;
    }
}
