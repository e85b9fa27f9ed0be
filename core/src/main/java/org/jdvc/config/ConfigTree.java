package org.jdvc.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DVC's in-memory shape of one config level, as plain ordered maps ({@code LinkedHashMap<String, Object>}):
 * named sections are grouped ({@code ['remote "s3"']} becomes {@code remote -> s3 -> {...}}, likewise
 * {@code machine} and {@code db}), path-valued options are resolved against the config file's directory, and every
 * schema section exists (possibly empty). Converting back drops empty sections and writes groups after the plain
 * sections, which is what gives DVC's files their section order.
 */
final class ConfigTree {
    /** Named-section groups, in the order they are written. */
    static final List<String> GROUPS = List.of("remote", "machine", "db");
    /** Top-level schema sections, in schema order (new sections are appended in this order). */
    static final List<String> SECTIONS = List.of("core", "cache", "remote", "state", "index", "machine", "feature",
            "plots", "exp", "parsing", "hydra", "studio", "db");

    private static final Pattern NAMED = Pattern.compile("^\\s*(remote|machine|db)\\s*\"(.*)\"\\s*$");
    private static final Pattern URL = Pattern.compile("^\\w+://", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Set<String> REMOTE_PATHS = Set.of("url", "gdrive_user_credentials_file",
            "gdrive_service_account_json_file_path", "credentialpath", "configpath", "keyfile", "cert_path",
            "key_path");
    private static final Set<String> MACHINE_PATHS = Set.of("startup_script", "setup_script");

    private ConfigTree() {}

    /** A relative path from a config file, resolved to an absolute one; written back relative to the file's dir. */
    record RelPath(String path) {
        @Override
        public String toString() {
            return path;
        }
    }

    /** A {@code ~} path from a config file: used expanded, written back as it was. */
    record ExpPath(String expanded, String original) {
        @Override
        public String toString() {
            return expanded;
        }
    }

    /** One level as DVC holds it after reading {@code file} located in {@code configDir}. */
    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, Object> load(ConfigFile file, Path configDir, String home) {
        var conf = new LinkedHashMap<String, Object>();
        GROUPS.forEach(group -> conf.put(group, new LinkedHashMap<String, Object>()));
        file.entries().forEach((name, value) -> {
            Matcher m = NAMED.matcher(name);
            Object copied = deepCopy(value);
            if (m.matches()) {
                Object group = conf.get(m.group(1));
                if (group instanceof Map<?, ?> map) {
                    ((Map<String, Object>) map).put(m.group(2), copied);
                } else {
                    conf.put(m.group(1), new LinkedHashMap<>(Map.of(m.group(2), copied)));
                }
            } else {
                conf.put(name, copied);
            }
        });
        mapPaths(conf, value -> resolve(configDir, value, home));
        SECTIONS.forEach(section -> conf.putIfAbsent(section, new LinkedHashMap<String, Object>()));
        return conf;
    }

    /**
     * Converts path values to what is written into a file in {@code configDir}: values read from a file are made
     * relative to it again, relative values set by the user are taken relative to {@code cwd}; URLs, absolute and
     * {@code ~} paths are kept.
     */
    static void savePaths(LinkedHashMap<String, Object> conf, Path configDir, Path cwd, String home) {
        mapPaths(conf, value -> toRelative(configDir, cwd, value, home));
    }

    /** The file DVC writes for one level (after {@link #savePaths}). */
    @SuppressWarnings("unchecked")
    static ConfigFile pack(Map<String, Object> conf) {
        var out = new LinkedHashMap<String, Object>();
        conf.forEach((key, value) -> {
            if (truthy(value) && !GROUPS.contains(key)) {
                out.put(key, value);
            }
        });
        for (String group : GROUPS) {
            if (conf.get(group) instanceof Map<?, ?> named) {
                ((Map<String, Object>) named).forEach((name, value) -> out.put(group + " \"" + name + "\"", value));
            }
        }
        return ConfigFile.of(out);
    }

    /** DVC's recursive merge: maps merge, anything else replaces. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> update) {
        update.forEach((key, value) -> {
            if (into.get(key) instanceof Map<?, ?> target && value instanceof Map<?, ?> source) {
                merge((Map<String, Object>) target, (Map<String, Object>) source);
            } else {
                into.put(key, deepCopy(value));
            }
        });
    }

    @SuppressWarnings("unchecked")
    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, deepCopy(v)));
            return out;
        }
        return value;
    }

    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Map<?, ?> m -> !m.isEmpty();
            case List<?> l -> !l.isEmpty();
            case String s -> !s.isEmpty();
            case Boolean b -> b;
            default -> true;
        };
    }

    static boolean isUrl(String value) {
        return URL.matcher(value).find();
    }

    @SuppressWarnings("unchecked")
    private static void mapPaths(Map<String, Object> conf, java.util.function.UnaryOperator<Object> fn) {
        if (conf.get("cache") instanceof Map<?, ?> cache) {
            mapKeys((Map<String, Object>) cache, Set.of("dir"), fn);
        }
        forEachNamed(conf, "remote", section -> mapKeys(section, REMOTE_PATHS, fn));
        forEachNamed(conf, "machine", section -> mapKeys(section, MACHINE_PATHS, fn));
    }

    @SuppressWarnings("unchecked")
    private static void forEachNamed(Map<String, Object> conf, String group,
            java.util.function.Consumer<Map<String, Object>> action) {
        if (conf.get(group) instanceof Map<?, ?> named) {
            named.values().forEach(v -> {
                if (v instanceof Map<?, ?> section) {
                    action.accept((Map<String, Object>) section);
                }
            });
        }
    }

    private static void mapKeys(Map<String, Object> section, Set<String> keys,
            java.util.function.UnaryOperator<Object> fn) {
        section.replaceAll((key, value) -> keys.contains(key) ? fn.apply(value) : value);
    }

    private static Object resolve(Path configDir, Object value, String home) {
        if (!(value instanceof String path)) {
            return value;
        }
        if (isUrl(path) || path.startsWith("/")) {
            return path;
        }
        String expanded = expandUser(path, home);
        if (expanded.startsWith("/")) {
            return new ExpPath(expanded, path);
        }
        return new RelPath(configDir.toAbsolutePath().resolve(path).normalize().toString());
    }

    private static Object toRelative(Path configDir, Path cwd, Object value, String home) {
        return switch (value) {
            case ExpPath p -> p.original();
            case RelPath p -> relativize(Path.of(p.path()), configDir);
            case String s when isUrl(s) -> s;
            case String s when !expandUser(s, home).equals(s) -> s;
            case String s when !s.startsWith("/") -> relativize(cwd.resolve(s), configDir);
            default -> value;
        };
    }

    private static String relativize(Path path, Path configDir) {
        Path from = configDir.toAbsolutePath().normalize();
        String rel = from.relativize(path.toAbsolutePath().normalize()).toString();
        return rel.isEmpty() ? "." : rel.replace('\\', '/');
    }

    // NOTE: like os.path.expanduser for "~" and "~/..."; "~user" is left alone (jdvc does not look up other users).
    static String expandUser(String path, String home) {
        if (home == null || !(path.equals("~") || path.startsWith("~/"))) {
            return path;
        }
        String base = home.endsWith("/") && home.length() > 1 ? home.substring(0, home.length() - 1) : home;
        return base + path.substring(1);
    }
}
