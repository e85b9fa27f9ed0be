package org.jdvc.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every command jdvc has, by name, with its one-line description. Classes are looked up by name so that a run only
 * loads and introspects the command it executes.
 */
final class CommandTable {
    record Entry(String name, String description, String className) {
        Class<?> type() {
            try {
                return Class.forName(className);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("command class missing: " + className, e);
            }
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("mv", "move", "rm", "remove", "list", "ls");

    private static void add(String name, String description, String simpleClassName) {
        ENTRIES.put(name, new Entry(name, description, "org.jdvc.cli.commands." + simpleClassName));
    }

    static {
        add("init", "Initialize DVC in the current directory.", "InitCmd");
        add("add", "Track data files or directories with DVC.", "AddCmd");
        add("status", "Show changed stages, compare local cache and a remote storage.", "StatusCmd");
        add("commit", "Record changes to files or directories tracked by DVC by storing the current versions in "
                + "the cache.", "CommitCmd");
        add("checkout", "Checkout data files from cache.", "CheckoutCmd");
        add("push", "Upload tracked files or directories to remote storage.", "PushCmd");
        add("pull", "Download tracked files or directories from remote storage.", "PullCmd");
        add("fetch", "Download files or directories from remote storage to the cache.", "FetchCmd");
        add("import-url", "Download or copy file from URL and take it under DVC control.", "ImportUrlCmd");
        add("gc", "Garbage collect unused objects from cache or remote storage.", "GcCmd");
        add("remove", "Remove stages from dvc.yaml and/or stop tracking files or directories.", "RemoveCmd");
        add("move", "Rename or move a DVC controlled data file or a directory.", "MoveCmd");
        add("unprotect", "Unprotect tracked files or directories (when hardlinks or symlinks have been enabled "
                + "with `dvc config cache.type`)", "UnprotectCmd");
        add("freeze", "Freeze stages or .dvc files.", "FreezeCmd");
        add("unfreeze", "Unfreeze stages or .dvc files.", "FreezeCmd");
        add("config", "Get or set config options.", "ConfigCmd");
        add("remote", "Set up and manage data remotes.", "RemoteCmd");
        add("cache", "Manage cache settings.", "CacheCmd");
        add("data", "Commands related to data management.", "DataCmd");
        add("repro", "Reproduce complete or partial pipelines by executing their stages.", "ReproCmd");
        add("stage", "Commands to list and create stages.", "StageCmd");
        add("dag", "Visualize DVC project DAG.", "DagCmd");
        add("params", "Commands to display params.", "ParamsCmd");
        add("metrics", "Commands to display metrics.", "MetricsCmd");
        add("plots", "Commands to visualize and compare plot data.", "PlotsCmd");
        add("diff", "Show added, modified, or deleted data between commits in the DVC repository, or between a "
                + "commit and the workspace.", "DiffCmd");
        add("import", "Download file or directory tracked by DVC or by Git into the workspace, and track it.",
                "ImportCmd");
        add("update", "Update data artifact imported from other DVC repositories.", "UpdateCmd");
        add("get", "Download file or directory tracked by DVC or by Git.", "GetCmd");
        add("ls", "List repository contents, including files and directories tracked by DVC and by Git.",
                "LsCmd");
        add("install", "Install DVC git hooks into the repository.", "InstallCmd");
        add("git-hook", "Run GIT hook.", "GitHookCmd");
        add("root", "Return the relative path to the root of the DVC project.", "RootCmd");
        add("version", "Display the DVC version and system/environment information.", "VersionCmd");
        add("doctor", "Display the DVC version and system/environment information.", "VersionCmd");
        add("demo", "Run the jdvc story end to end in a scratch git repository.", "DemoCmd");
        add("__train", "(internal) exercise common commands to record the AOT cache.", "TrainCmd");
    }

    private CommandTable() {
    }

    static Entry get(String name) {
        return ENTRIES.get(ALIASES.getOrDefault(name, name));
    }

    static Map<String, Entry> all() {
        return ENTRIES;
    }

    static String quotedNames() {
        return ENTRIES.keySet().stream().filter(n -> !n.startsWith("__")).map(n -> "'" + n + "'")
                .collect(Collectors.joining(", "));
    }

    /** The first argument that is not a global option (or a global option's value): the command's name. */
    static String findCommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--cd")) {
                i++;
                continue;
            }
            if (a.startsWith("-")) {
                continue;
            }
            return a;
        }
        return null;
    }

    static Supplier<String> listing() {
        return () -> ENTRIES.values().stream().filter(e -> !e.name().startsWith("__"))
                .map(e -> String.format("    %-16s %s", e.name(), e.description()))
                .collect(Collectors.joining("\n"));
    }
}
