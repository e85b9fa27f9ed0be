package org.jdvc.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code dvc config}, {@code dvc remote ...} and {@code dvc cache dir} do to config files, with DVC's semantics
 * and messages. Each method is one command; it returns data for the command-line layer to print, or throws
 * {@link ConfigException} (exit 251; printed as {@code ERROR: configuration error - <message>} on stderr, nothing on
 * stdout).
 *
 * <p>Levels: a null level means DVC's default: reading merges all levels (only system and global outside a
 * repository), writing goes to {@link ConfigLevel#REPO}. A repository level outside a repository fails with
 * {@code config file error: Not inside a DVC repo}.
 *
 * <p>Every write re-reads the level, applies the change, makes relative paths in {@code url}, {@code cache.dir} and
 * the other path options relative to the written file's directory (a relative path given by the user is relative to
 * the cwd), validates the levels up to and including the written one, and only then replaces the whole file
 * atomically (DVC's layout, comments are lost, as with DVC). A failed validation writes nothing. Like DVC, the file
 * is written even when nothing changed, and the complete configuration is validated again afterwards.
 *
 * <p>Not thread-safe against concurrent writers of the same files (neither is DVC).
 */
public final class ConfigOperations {
    private final ConfigStore store;
    private final Path cwd;

    /** One config line or value, with the file it came from. */
    public record Entry(String origin, String name, String value) {}

    /** One remote of {@code dvc remote list}. */
    public record Remote(String name, String url, boolean isDefault) {
        /**
         * The line DVC prints: {@code name\turl} plus {@code \t(default)} for the default remote, with tabs expanded
         * to 8-column stops (DVC prints through rich, which expands them).
         */
        public String line() {
            return expandTabs(name + "\t" + url + (isDefault ? "\t(default)" : ""));
        }
    }

    /**
     * @param dvcDir the repository's {@code .dvc} directory, or null outside a repository
     * @param cwd the working directory relative paths given by the user are resolved against
     * @param env environment variables that locate the system and global files (see {@link ConfigLevel})
     */
    public ConfigOperations(Path dvcDir, Path cwd, Map<String, String> env) {
        this.store = new ConfigStore(dvcDir == null ? null : ConfigStore.realDir(dvcDir), env);
        this.cwd = cwd.toAbsolutePath().normalize();
    }

    // ---- dvc config --------------------------------------------------------------------------------------------

    /**
     * {@code dvc config -l [--show-origin] [level]}. DVC prints each entry on stdout as {@code name=value}, with
     * {@code origin + "\t"} in front when {@code --show-origin} is given; exit 0. Entries come level by level
     * (system, global, repo, local, or just the given one), within a level remotes first. Relative paths are shown
     * absolute. The CLI must first refuse {@code -l} together with a name, value or {@code -u}: exit 1, stderr
     * {@code ERROR: -l/--list can't be used together with any of these options: -u/--unset, name, value}; and
     * {@code --show-origin} with a value or {@code -u}: exit 1, stderr {@code ERROR: --show-origin can't be used
     * together with any of these options: -u/--unset, value}.
     */
    public List<Entry> list(ConfigLevel level) {
        List<Entry> out = new ArrayList<>();
        for (ConfigLevel l : levels(level)) {
            flatten(store.loadOne(l), "", origin(l), out);
        }
        return out;
    }

    /**
     * {@code dvc config [level] [--show-origin] NAME}: the value from the last level that has it, printed on stdout
     * as {@code value} (with {@code origin + "\t"} in front for {@code --show-origin}); exit 0. Without a level a
     * missing option prints nothing (empty result, still exit 0); with a level it is an error:
     * {@code section 'x' doesn't exist}, {@code option 'o' doesn't exist in section 'core'},
     * {@code remote 'x' doesn't exist}, {@code option 'o' doesn't exist in remote 'x'}.
     */
    public Optional<Entry> get(ConfigLevel level, ConfigName name) {
        List<ConfigLevel> levels = new ArrayList<>(levels(level));
        java.util.Collections.reverse(levels);
        for (ConfigLevel l : levels) {
            Map<String, Object> conf = groupOf(store.loadOne(l), name.group());
            try {
                check(conf, name.group(), name.section(), name.option());
            } catch (ConfigException e) {
                if (level != null) {
                    throw e;
                }
                continue;
            }
            Object value = ((Map<?, ?>) conf.get(name.section())).get(name.option());
            return Optional.of(new Entry(origin(l), name.toString(), PythonText.str(value)));
        }
        return Optional.empty();
    }

    /** {@code dvc config [level] NAME VALUE}: sets the option in one level; prints nothing, exit 0. */
    public void set(ConfigLevel level, ConfigName name, String value) {
        edit(level, conf -> {
            Map<String, Object> target = groupOf(conf, name.group());
            sectionOf(target, name.section()).put(name.option(), value);
        });
    }

    /**
     * {@code dvc config [level] --unset NAME}; prints nothing, exit 0. Fails when the level does not have it:
     * {@code option 'autostage' doesn't exist in section 'core'} (or the section/remote variants, see {@link #get}).
     */
    public void unset(ConfigLevel level, ConfigName name) {
        edit(level, conf -> {
            Map<String, Object> target = groupOf(conf, name.group());
            check(target, name.group(), name.section(), name.option());
            ((Map<?, ?>) target.get(name.section())).remove(name.option());
        });
    }

    // ---- dvc remote --------------------------------------------------------------------------------------------

    /** The stdout line DVC prints for {@code remote add -d} before it tries to add (so also when adding fails). */
    public static String defaultRemoteNotice(String name) {
        return "Setting '" + name.toLowerCase(Locale.ROOT) + "' as a default remote.";
    }

    /**
     * {@code dvc remote add [level] [-d] [-f] NAME URL}. The name is lower-cased; {@code -f} replaces the whole
     * remote (other options are dropped, the position is kept). With {@code -d} it also sets {@code core.remote} in
     * the same level and the CLI prints {@link #defaultRemoteNotice} on stdout first; otherwise nothing is printed.
     * Error: {@code remote 'x' already exists. Use `-f|--force` to overwrite it.}
     */
    public void remoteAdd(ConfigLevel level, String name, String url, boolean makeDefault, boolean force) {
        String lower = name.toLowerCase(Locale.ROOT);
        edit(level, conf -> {
            Map<String, Object> remotes = groupOf(conf, "remote");
            if (remotes.containsKey(lower) && !force) {
                throw new ConfigException(
                        "remote '" + lower + "' already exists. Use `-f|--force` to overwrite it.");
            }
            var remote = new LinkedHashMap<String, Object>();
            remote.put("url", url);
            remotes.put(lower, remote);
            if (makeDefault) {
                sectionOf(conf, "core").put("remote", lower);
            }
        });
    }

    /**
     * {@code dvc remote remove [level] NAME}: removes the remote from the level, then {@code core.remote} references
     * to it from that level and every level that shadows it. Prints nothing. Error: {@code remote 'x' doesn't exist.}
     */
    public void remoteRemove(ConfigLevel level, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        edit(level, conf -> {
            Map<String, Object> remotes = groupOf(conf, "remote");
            checkRemote(remotes, lower);
            remotes.remove(lower);
        });
        ConfigLevel upTo = level == null ? ConfigLevel.REPO : level;
        for (ConfigLevel l : reversedLevels()) {
            if (store.file(l).isPresent()) {
                edit(l, conf -> {
                    Map<String, Object> core = sectionOf(conf, "core");
                    if (Objects.equals(core.get("remote"), lower)) {
                        core.remove("remote");
                    }
                });
            }
            if (l == upTo) {
                break;
            }
        }
    }

    /**
     * {@code dvc remote modify [level] NAME OPTION VALUE}: sets an option (creating the remote's section in this
     * level when the remote is defined in another one). Prints nothing. Errors: {@code remote 'x' doesn't exist.},
     * schema errors such as {@code extra keys not allowed @ data['remote']['storage']['nosuchoption']}.
     */
    public void remoteModify(ConfigLevel level, String name, String option, String value) {
        modify(level, name, remote -> remote.put(option, value));
    }

    /** {@code dvc remote modify [level] --unset NAME OPTION}: removes the option if present; prints nothing. */
    public void remoteModifyUnset(ConfigLevel level, String name, String option) {
        modify(level, name, remote -> remote.remove(option));
    }

    private void modify(ConfigLevel level, String name, java.util.function.Consumer<Map<String, Object>> change) {
        String lower = name.toLowerCase(Locale.ROOT);
        edit(level, conf -> {
            // NOTE: DVC checks existence against all levels up to the given one, or all levels when none is given.
            var merged = store.merged(level);
            ConfigTree.merge(merged, conf);
            checkRemote(groupOf(merged, "remote"), lower);
            Map<String, Object> remotes = groupOf(conf, "remote");
            change.accept(sectionOf(remotes, lower));
        });
    }

    /**
     * {@code dvc remote default [level]}: the default remote's name, printed on stdout (exit 0). When empty DVC
     * prints {@code No default remote set} on stdout and exits 1.
     */
    public Optional<String> remoteDefault(ConfigLevel level) {
        Object value = sectionOf(read(level), "core").get("remote");
        return Optional.ofNullable(value).map(PythonText::str);
    }

    /**
     * {@code dvc remote default [level] NAME} (name lower-cased); prints nothing. Error:
     * {@code default remote must be present in remote list.}
     */
    public void remoteSetDefault(ConfigLevel level, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        edit(level, conf -> {
            var merged = store.merged(level);
            if (!groupOf(conf, "remote").containsKey(lower) && !groupOf(merged, "remote").containsKey(lower)) {
                throw new ConfigException("default remote must be present in remote list.");
            }
            sectionOf(conf, "core").put("remote", lower);
        });
    }

    /** {@code dvc remote default [level] --unset}; prints nothing, also when no default was set. */
    public void remoteUnsetDefault(ConfigLevel level) {
        edit(level, conf -> sectionOf(conf, "core").remove("remote"));
    }

    /** {@code dvc remote list [level]}: one stdout line per remote, see {@link Remote#line()}; exit 0. */
    public List<Remote> remoteList(ConfigLevel level) {
        var conf = read(level);
        Object defaultRemote = sectionOf(conf, "core").get("remote");
        List<Remote> out = new ArrayList<>();
        groupOf(conf, "remote").forEach((name, remote) -> {
            Object url = remote instanceof Map<?, ?> m ? m.get("url") : null;
            if (url == null) {
                throw new ConfigException("expected 'url' for dictionary value @ data['remote']['" + name + "']");
            }
            out.add(new Remote(name, PythonText.str(url), name.equals(defaultRemote)));
        });
        return out;
    }

    /**
     * {@code dvc remote rename [level] NAME NEW}: the old name is lower-cased, the new one is kept as given; the
     * remote moves to the end of its level, and {@code core.remote} is updated in that level and the levels that
     * shadow it. Prints nothing. Errors: {@code Rename failed. Remote name 'new' already exists.},
     * {@code remote 'x' doesn't exist.}
     */
    public void remoteRename(ConfigLevel level, String name, String newName) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (groupOf(store.merged(null), "remote").containsKey(newName)) {
            throw new ConfigException("Rename failed. Remote name " + PythonText.repr(newName) + " already exists.");
        }
        edit(level, conf -> {
            Map<String, Object> remotes = groupOf(conf, "remote");
            checkRemote(remotes, lower);
            Object remote = remotes.get(lower);
            remotes.put(newName, remote);
            remotes.remove(lower);
            renameDefault(conf, lower, newName);
        });
        ConfigLevel upTo = level == null ? ConfigLevel.REPO : level;
        for (ConfigLevel l : reversedLevels()) {
            if (l == upTo) {
                break;
            }
            if (store.file(l).isPresent()) {
                edit(l, conf -> renameDefault(conf, lower, newName));
            }
        }
    }

    private static void renameDefault(Map<String, Object> conf, String name, String newName) {
        Map<String, Object> core = sectionOf(conf, "core");
        if (Objects.equals(core.get("remote"), name)) {
            core.put("remote", newName);
        }
    }

    // ---- dvc cache dir -----------------------------------------------------------------------------------------

    /**
     * {@code dvc cache dir [level]}: the cache directory as an absolute path, printed on stdout. Without a level:
     * the merged value, else {@code <repo>/.dvc/cache}. Error when the level (or, outside a repository, no level)
     * has none: {@code option 'dir' doesn't exist in section 'cache'}.
     */
    public String cacheDir(ConfigLevel level) {
        if (level == null) {
            Object dir = sectionOf(store.merged(null), "cache").get("dir");
            if (dir != null) {
                return PythonText.str(dir);
            }
            if (store.dvcDir() != null) {
                return store.dvcDir().resolve("cache").toString();
            }
            throw new ConfigException("option 'dir' doesn't exist in section 'cache'");
        }
        var conf = read(level);
        check(conf, null, "cache", "dir");
        return PythonText.str(((Map<?, ?>) conf.get("cache")).get("dir"));
    }

    /** {@code dvc cache dir [level] PATH}: a relative path is taken from the cwd; prints nothing. */
    public void setCacheDir(ConfigLevel level, String path) {
        edit(level, conf -> {
            check(conf, null, "cache", null);
            sectionOf(conf, "cache").put("dir", path);
        });
    }

    /** {@code dvc cache dir [level] --unset}; error {@code option 'dir' doesn't exist in section 'cache'}. */
    public void unsetCacheDir(ConfigLevel level) {
        edit(level, conf -> {
            check(conf, null, "cache", "dir");
            sectionOf(conf, "cache").remove("dir");
        });
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Change {
        void apply(LinkedHashMap<String, Object> conf);
    }

    private void edit(ConfigLevel level, Change change) {
        ConfigLevel target = level == null ? ConfigLevel.REPO : level;
        Path file = store.file(target).orElseThrow(() -> new ConfigException("Not inside a DVC repo"));
        var conf = store.loadOne(target);
        change.apply(conf);
        ConfigTree.savePaths(conf, file.getParent(), cwd, store.home());
        var merged = store.merged(target);
        ConfigTree.merge(merged, conf);
        ConfigSchema.validate(merged, new ArrayList<>());
        ConfigTree.pack(conf).write(file);
        ConfigSchema.validate(store.merged(null), new ArrayList<>());
    }

    private LinkedHashMap<String, Object> read(ConfigLevel level) {
        return level == null ? store.merged(null) : store.loadOne(level);
    }

    private List<ConfigLevel> levels(ConfigLevel level) {
        if (level != null) {
            if (store.file(level).isEmpty()) {
                throw new ConfigException("Not inside a DVC repo");
            }
            return List.of(level);
        }
        return store.dvcDir() == null ? List.of(ConfigLevel.SYSTEM, ConfigLevel.GLOBAL)
                : List.of(ConfigLevel.values());
    }

    private static List<ConfigLevel> reversedLevels() {
        return List.of(ConfigLevel.LOCAL, ConfigLevel.REPO, ConfigLevel.GLOBAL, ConfigLevel.SYSTEM);
    }

    private String origin(ConfigLevel level) {
        Path file = store.file(level).orElseThrow();
        if (level.isRepoLevel()) {
            return store.dvcDir().getParent().relativize(file).toString();
        }
        return file.toString();
    }

    private static void check(Map<String, Object> conf, String group, String section, String option) {
        String kind = group == null ? "section" : group;
        if (!conf.containsKey(section)) {
            throw new ConfigException(kind + " '" + section + "' doesn't exist");
        }
        if (option != null && !(conf.get(section) instanceof Map<?, ?> m && m.containsKey(option))) {
            throw new ConfigException("option '" + option + "' doesn't exist in " + kind + " '" + section + "'");
        }
    }

    private static void checkRemote(Map<String, Object> remotes, String name) {
        if (!remotes.containsKey(name)) {
            throw new ConfigException("remote '" + name + "' doesn't exist.");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> groupOf(Map<String, Object> conf, String group) {
        return group == null ? conf : sectionOf(conf, group);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sectionOf(Map<String, Object> conf, String name) {
        Object section = conf.get(name);
        if (section instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        var created = new LinkedHashMap<String, Object>();
        conf.put(name, created);
        return created;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Map<String, Object> conf, String prefix, String origin, List<Entry> out) {
        conf.forEach((key, value) -> {
            if (value instanceof Map<?, ?> m) {
                flatten((Map<String, Object>) m, prefix + key + ".", origin, out);
            } else {
                out.add(new Entry(origin, prefix + key, PythonText.str(value)));
            }
        });
    }

    static String expandTabs(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\t') {
                do {
                    out.append(' ');
                } while (out.length() % 8 != 0);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
