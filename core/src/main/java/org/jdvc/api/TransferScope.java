package org.jdvc.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdvc.JdvcException;
import org.jdvc.config.ConfigException;
import org.jdvc.config.RemoteConfig;
import org.jdvc.model.Dependency;
import org.jdvc.model.Output;
import org.jdvc.objects.ObjectStore;
import org.jdvc.objects.Transfer;
import org.jdvc.remote.RemoteRegistry;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;

/**
 * What push, fetch, pull, {@code status -c} and {@code gc -c} share: which outputs are in scope (targets, {@code -R}),
 * which remote each goes to (spec §3.2: per-output {@code remote:}, {@code push: false}, {@code -r}), and opening
 * that remote as an {@link ObjectStore}. Errors carry the command's DVC prefix, e.g. {@code failed to push data to the
 * cloud - }.
 */
final class TransferScope {
    private final Repository repo;
    private final Path cwd;
    private final String failurePrefix;

    TransferScope(Repository repo, Path cwd, String failurePrefix) {
        this.repo = repo;
        this.cwd = cwd;
        this.failurePrefix = failurePrefix;
    }

    /** Outputs with cached data selected by {@code targets} (all when empty); repo imports are never in scope. */
    List<TrackedOutput> select(OutputIndex index, List<String> targets, boolean recursive) {
        List<TrackedOutput> selected = new ArrayList<>();
        if (targets.isEmpty()) {
            selected.addAll(index.outputs());
        }
        for (String t : targets) {
            Path abs = cwd.resolve(t).normalize();
            var file = index.file(abs);
            var out = index.at(abs);
            if (file.isPresent()) {
                selected.addAll(TrackedOutput.of(file.get()));
            } else if (out.isPresent()) {
                selected.add(out.get());
            } else if (recursive && Files.isDirectory(abs)) {
                index.outputs().stream().filter(o -> o.path().startsWith(abs)).forEach(selected::add);
            } else {
                throw new JdvcException(failurePrefix + "'" + t + "' does not exist as an output or a stage name in "
                        + "'dvc.yaml': 'dvc.yaml' does not exist");
            }
        }
        return selected.stream().distinct().filter(o -> o.output().hash() != null && o.output().cache()
                && o.file().content().deps().stream().map(Dependency::repo).allMatch(r -> r == null)).toList();
    }

    /**
     * Groups outputs by the remote they use: {@code remote} when given (outputs naming another remote are left
     * out), else their own {@code remote:} or the default remote. {@code forPush} leaves {@code push: false} out.
     *
     * @throws JdvcException exit 1: no remote given and no default, or an unknown remote
     */
    Map<String, List<TrackedOutput>> byRemote(List<TrackedOutput> outputs, String remote, boolean forPush) {
        return group(outputs, TrackedOutput::output, remote, forPush);
    }

    /** {@link #byRemote} for any items that carry an {@link Output} (e.g. uses found in git revisions). */
    <T> Map<String, List<T>> group(List<T> items, java.util.function.Function<T, Output> output, String remote,
            boolean forPush) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            Output out = output.apply(item);
            if (forPush && !out.push()) {
                continue;
            }
            String name;
            if (remote != null) {
                if (out.remote() != null && !out.remote().equalsIgnoreCase(remote)) {
                    continue;
                }
                name = remote;
            } else {
                name = out.remote() != null ? out.remote() : defaultRemote();
            }
            groups.computeIfAbsent(name, k -> new ArrayList<>()).add(item);
        }
        return groups;
    }

    /**
     * The outputs {@code scope}'s git revisions record (not the workspace's: callers have those), grouped by remote
     * like {@link #byRemote}; with {@code targets}, only outputs at or below a target path (relative to the working
     * directory) or recorded by a target {@code .dvc} file. Empty when the scope selects no revision.
     */
    Map<String, List<UsedObjects.Use>> revisionUses(RevisionScope scope, List<String> targets, String remote,
            boolean forPush) {
        if (!scope.any()) {
            return Map.of();
        }
        List<String> wanted = targets.stream().map(t -> repo.relpath(cwd.resolve(t).normalize())).toList();
        List<UsedObjects.Use> uses = UsedObjects.inRevisions(repo, scope).stream()
                .filter(u -> wanted.isEmpty() || wanted.stream().anyMatch(
                        w -> u.path().equals(w) || u.path().startsWith(w + "/") || (u.path() + ".dvc").equals(w)))
                .toList();
        return group(uses, UsedObjects.Use::output, remote, forPush);
    }

    /** The roots of {@code outputs} followed by those of {@code uses}, without repeats. */
    static List<org.jdvc.hash.HashInfo> roots(List<TrackedOutput> outputs, List<UsedObjects.Use> uses) {
        Set<org.jdvc.hash.HashInfo> roots = new LinkedHashSet<>(roots(outputs));
        uses.forEach(u -> roots.add(u.hash()));
        return List.copyOf(roots);
    }

    /** The default remote's name, or the "no remote specified" error. */
    String defaultRemote() {
        Optional<String> d = repo.config().defaultRemote();
        if (d.isEmpty()) {
            throw new JdvcException(failurePrefix + "config file error: no remote specified in " + repo.root()
                    + ". Create a default remote with\n    dvc remote add -d <remote name> <remote url>");
        }
        return d.get();
    }

    /** The remote's config, or DVC's {@code remote 'x' doesn't exist} error with exit 1. */
    RemoteConfig remoteConfig(String name) {
        try {
            return repo.config().remote(name);
        } catch (ConfigException e) {
            throw new JdvcException(failurePrefix + e.getMessage(), JdvcException.FAILED, e);
        }
    }

    /** Jobs for a remote: {@code -j}, else the remote's {@code jobs} option, else 4 × CPUs. */
    static int jobs(RemoteConfig rc, Integer jobs) {
        if (jobs != null && jobs > 0) {
            return jobs;
        }
        return rc.options().get("jobs") instanceof Number n ? n.intValue() : Transfer.DEFAULT_JOBS;
    }

    /** Opens the remote as an object store; the caller closes it. */
    ObjectStore open(RemoteConfig rc) {
        return ObjectStore.over(rc.name(), rc.url(), RemoteRegistry.open(rc.name(), rc.url(), storeOptions(rc)),
                ObjectStore.Retry.DEFAULT);
    }

    /** The remote's typed options as the string map {@link RemoteRegistry#open} takes. */
    static Map<String, String> storeOptions(RemoteConfig rc) {
        Map<String, String> options = new LinkedHashMap<>();
        rc.options().forEach((k, v) -> {
            if (v instanceof List<?> l) {
                options.put(k, String.join(",", l.stream().map(String::valueOf).toList()));
            } else if (v instanceof Boolean b) {
                options.put(k, b ? "true" : "false");
            } else if (v != null) {
                options.put(k, String.valueOf(v));
            }
        });
        return options;
    }

    /** The root oids (file objects and {@code .dir} objects) of {@code outputs}, in order, without repeats. */
    static List<org.jdvc.hash.HashInfo> roots(List<TrackedOutput> outputs) {
        Set<org.jdvc.hash.HashInfo> roots = new LinkedHashSet<>();
        for (TrackedOutput o : outputs) {
            roots.add(o.output().hash());
        }
        return List.copyOf(roots);
    }

    /** Wraps a RemoteException (or other failure) message with the command's prefix, keeping its exit code. */
    JdvcException wrap(JdvcException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(failurePrefix)) {
            return e;
        }
        return new JdvcException(failurePrefix + e.getMessage(), e.exitCode(), e);
    }
}
