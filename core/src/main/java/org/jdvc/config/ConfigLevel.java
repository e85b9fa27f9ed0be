package org.jdvc.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The four config files DVC reads, in the order they shadow each other (a later level wins).
 * Locations follow DVC (platformdirs with app "dvc", author "iterative"); the environment is passed in, never read
 * from the process, so callers and tests decide what it holds.
 */
public enum ConfigLevel {
    /** {@code $DVC_SYSTEM_CONFIG_DIR/config}, else e.g. {@code /etc/xdg/dvc/config} ({@code --system}). */
    SYSTEM("system"),
    /** {@code $DVC_GLOBAL_CONFIG_DIR/config}, else e.g. {@code ~/.config/dvc/config} ({@code --global}). */
    GLOBAL("global"),
    /** {@code .dvc/config}, the default level for writing ({@code --project}). */
    REPO("repo"),
    /** {@code .dvc/config.local}, not committed to git ({@code --local}). */
    LOCAL("local");

    private final String dvcName;

    ConfigLevel(String dvcName) {
        this.dvcName = dvcName;
    }

    /** DVC's name for the level: {@code system}, {@code global}, {@code repo} or {@code local}. */
    public String dvcName() {
        return dvcName;
    }

    /** Whether the level lives inside a repository's {@code .dvc} directory. */
    public boolean isRepoLevel() {
        return this == REPO || this == LOCAL;
    }

    /**
     * The level's file, or empty for a repository level when {@code dvcDir} is null (outside a repository).
     *
     * @param env environment variables (DVC_GLOBAL_CONFIG_DIR, DVC_SYSTEM_CONFIG_DIR, XDG_CONFIG_HOME,
     *     XDG_CONFIG_DIRS, HOME, LOCALAPPDATA, PROGRAMDATA are consulted)
     */
    public Optional<Path> file(Path dvcDir, Map<String, String> env) {
        return switch (this) {
            case REPO -> Optional.ofNullable(dvcDir).map(d -> d.resolve("config"));
            case LOCAL -> Optional.ofNullable(dvcDir).map(d -> d.resolve("config.local"));
            case GLOBAL -> Optional.of(globalDir(env).resolve("config"));
            case SYSTEM -> Optional.of(systemDir(env).resolve("config"));
        };
    }

    private static Path globalDir(Map<String, String> env) {
        String dir = nonEmpty(env.get("DVC_GLOBAL_CONFIG_DIR"));
        if (dir != null) {
            return Path.of(dir);
        }
        return switch (os()) {
            case "mac" -> Path.of(home(env), "Library", "Application Support", "dvc");
            case "windows" -> Path.of(orElse(env.get("LOCALAPPDATA"), home(env) + "\\AppData\\Local"), "iterative",
                    "dvc");
            default -> {
                String xdg = nonEmpty(env.get("XDG_CONFIG_HOME"));
                yield Path.of(xdg != null ? xdg : home(env) + "/.config", "dvc");
            }
        };
    }

    private static Path systemDir(Map<String, String> env) {
        String dir = nonEmpty(env.get("DVC_SYSTEM_CONFIG_DIR"));
        if (dir != null) {
            return Path.of(dir);
        }
        return switch (os()) {
            case "mac" -> Path.of("/Library/Application Support/dvc");
            case "windows" -> Path.of(orElse(env.get("PROGRAMDATA"), "C:\\ProgramData"), "iterative", "dvc");
            default -> {
                String dirs = nonEmpty(env.get("XDG_CONFIG_DIRS"));
                yield Path.of(dirs != null ? dirs.split(":", -1)[0] : "/etc/xdg", "dvc");
            }
        };
    }

    static String home(Map<String, String> env) {
        return orElse(env.get("HOME"), System.getProperty("user.home"));
    }

    private static String os() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return name.startsWith("mac") ? "mac" : name.startsWith("windows") ? "windows" : "unix";
    }

    private static String nonEmpty(String s) {
        return s == null || s.strip().isEmpty() ? null : s;
    }

    private static String orElse(String s, String fallback) {
        return nonEmpty(s) != null ? s : fallback;
    }
}
