package org.jdvc.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads config levels into {@link ConfigTree} shape. Each call reads the file again (DVC does too, and files are
 * tiny); nothing is read until asked for.
 */
final class ConfigStore {
    private final Path dvcDir;
    private final Map<String, String> env;

    ConfigStore(Path dvcDir, Map<String, String> env) {
        this.dvcDir = dvcDir;
        this.env = Map.copyOf(env);
    }

    /** DVC works with the real path of the .dvc directory; fall back to the lexical one if it does not exist. */
    static Path realDir(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    Path dvcDir() {
        return dvcDir;
    }

    String home() {
        return ConfigLevel.home(env);
    }

    Optional<Path> file(ConfigLevel level) {
        return level.file(dvcDir, env).map(p -> p.toAbsolutePath());
    }

    /** One level as DVC's {@code load_one}: resolved paths, every schema section present. */
    LinkedHashMap<String, Object> loadOne(ConfigLevel level) {
        Path file = file(level).orElseThrow(() -> new ConfigException("Not inside a DVC repo"));
        return ConfigTree.load(ConfigFile.read(file), file.getParent(), home());
    }

    /** The levels before {@code upTo} merged (all levels when null), skipping repository levels outside a repo. */
    LinkedHashMap<String, Object> merged(ConfigLevel upTo) {
        var merged = new LinkedHashMap<String, Object>();
        for (ConfigLevel level : ConfigLevel.values()) {
            if (level == upTo) {
                break;
            }
            if (file(level).isPresent()) {
                ConfigTree.merge(merged, loadOne(level));
            }
        }
        return merged;
    }
}
