package org.jdvc.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SequencedSet;

/**
 * The merged, validated configuration of a repository (or of the user, outside one): system, global, repo and local
 * files merged in that order, later levels shadowing earlier ones key by key, then checked against DVC's schema.
 * Immutable and thread-safe; it does not notice later changes to the files.
 *
 * <p>Missing files are empty. Loading fails with {@link ConfigException} (exit 251) on a syntax error or a
 * schema violation, with DVC's message, e.g. {@code config file error: extra keys not allowed @
 * data['core']['nosuchoption']}.
 */
public final class Config {
    private final Path dvcDir;
    private final Map<String, Object> data;
    private final List<String> warnings;

    private Config(Path dvcDir, Map<String, Object> data, List<String> warnings) {
        this.dvcDir = dvcDir;
        this.data = data;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Loads and validates all four levels.
     *
     * @param dvcDir the repository's {@code .dvc} directory, or null outside a repository (then only system and
     *     global are read)
     * @param env environment variables used to locate the system and global files (see {@link ConfigLevel})
     */
    public static Config load(Path dvcDir, Map<String, String> env) {
        Path dir = dvcDir == null ? null : ConfigStore.realDir(dvcDir);
        ConfigStore store = new ConfigStore(dir, env);
        List<String> warnings = new ArrayList<>();
        return new Config(dir, ConfigSchema.validate(store.merged(null), warnings), warnings);
    }

    /** Warnings DVC would log while loading, e.g. {@code 'feature.x' config option is unsupported}. */
    public List<String> warnings() {
        return warnings;
    }

    /** {@code core.remote}, lower-cased. */
    public Optional<String> defaultRemote() {
        return get("core", "remote").map(PythonText::str);
    }

    /**
     * The cache directory: {@code cache.dir} resolved against the directory of the config file that set it (or
     * kept when absolute), else {@code <dvcDir>/cache}; empty outside a repository when not configured.
     */
    public Optional<Path> cacheDir() {
        Optional<Path> configured = get("cache", "dir").map(v -> Path.of(PythonText.str(v)));
        if (configured.isPresent() || dvcDir == null) {
            return configured;
        }
        return Optional.of(dvcDir.resolve("cache"));
    }

    /** {@code cache.type} as an ordered list of link types; empty when not set (callers apply DVC's default). */
    public List<String> cacheTypes() {
        return get("cache", "type").map(v -> stringList(v)).orElse(List.of());
    }

    /** {@code cache.shared}: {@code group} or empty. */
    public Optional<String> cacheShared() {
        return get("cache", "shared").map(PythonText::str);
    }

    /** {@code core.no_scm}, default false. */
    public boolean noScm() {
        return flag("core", "no_scm");
    }

    /** {@code core.autostage}, default false. */
    public boolean autostage() {
        return flag("core", "autostage");
    }

    /** {@code core.checksum_jobs} when set (at least 1). */
    public OptionalInt checksumJobs() {
        return get("core", "checksum_jobs").map(v -> OptionalInt.of(((Long) v).intValue())).orElse(OptionalInt.empty());
    }

    /** Names of all configured remotes, in config order. */
    public SequencedSet<String> remoteNames() {
        return Collections.unmodifiableSequencedSet(new LinkedHashSet<>(section("remote").keySet()));
    }

    /**
     * A remote by name (case-insensitive), with {@code remote://} references resolved.
     *
     * @throws ConfigException {@code config file error: remote 'x' doesn't exist} (also for a missing base remote)
     */
    public RemoteConfig remote(String name) {
        return resolveRemote(name.toLowerCase(java.util.Locale.ROOT), new LinkedHashSet<>());
    }

    /** A validated option of a plain section, e.g. {@code get("core", "autostage")}, defaults included. */
    public Optional<Object> get(String section, String option) {
        return Optional.ofNullable(section(section).get(option));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        return data.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private boolean flag(String section, String option) {
        return get(section, option).map(Boolean.TRUE::equals).orElse(false);
    }

    private static List<String> stringList(Object v) {
        return v instanceof List<?> l ? l.stream().map(PythonText::str).toList() : List.of(PythonText.str(v));
    }

    @SuppressWarnings("unchecked")
    private RemoteConfig resolveRemote(String name, LinkedHashSet<String> seen) {
        if (!(section("remote").get(name) instanceof Map<?, ?> raw)) {
            throw new ConfigException("remote '" + name + "' doesn't exist");
        }
        if (!seen.add(name)) {
            throw new ConfigException("remote '" + name + "' refers to itself through " + String.join(" -> ", seen));
        }
        var options = new LinkedHashMap<>((Map<String, Object>) raw);
        String url = PythonText.str(options.remove("url"));
        String[] schemeAndNetloc = ConfigSchema.splitUrl(url);
        if (!schemeAndNetloc[0].equals("remote")) {
            return new RemoteConfig(name, url, options);
        }
        RemoteConfig base = resolveRemote(schemeAndNetloc[1], seen);
        String sub = url.substring(url.indexOf("//") + 2 + schemeAndNetloc[1].length()).replaceFirst("^/+", "");
        String baseUrl = base.url().replaceFirst("/+$", "");
        var merged = new LinkedHashMap<>(base.options());
        merged.putAll(options);
        return new RemoteConfig(name, sub.isEmpty() ? baseUrl : baseUrl + "/" + sub, merged);
    }
}
