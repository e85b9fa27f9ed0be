package org.jdvc.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.model.DvcFile;
import org.jdvc.model.Output;
import org.jdvc.repo.CacheWriter;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceCheckout;
import org.jdvc.repo.WorkspaceHasher;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc repro}: brings stages up to date in dependency order. For each planned stage: skip it when nothing
 * changed; otherwise restore its outputs from an identical earlier run (its lock entry or the run-cache) when every
 * output is cached; otherwise remove its non-persistent outputs, run its commands, hash and cache the outputs, write
 * its {@code dvc.lock} entry and save a run-cache entry. A failing command stops the run (or, with
 * {@code keepGoing}, only the stages downstream of it); its outputs are not committed.
 *
 * <p>With {@code jobs > 1}, independent stages run at the same time; hashing, cache and lock-file updates stay on one
 * thread at a time (the state database is not thread-safe) and each stage's report is delivered as one block when
 * it finishes, so output stays readable. Not reusable: one instance per run.
 */
public final class Reproducer {
    /** Options of one run (DVC's flags). */
    /**
     * Options of one run (DVC's flags). {@code allowMissing}: a stage whose only change is missing outputs (deleted
     * or not in the cache) counts as unchanged.
     */
    public record Options(boolean force, boolean dry, boolean noCommit, boolean keepGoing, boolean ignoreErrors,
            boolean forceDownstream, boolean runCache, int jobs, boolean allowMissing) {
        public Options(boolean force, boolean dry, boolean noCommit, boolean keepGoing, boolean ignoreErrors,
                boolean forceDownstream, boolean runCache, int jobs) {
            this(force, dry, noCommit, keepGoing, ignoreErrors, forceDownstream, runCache, jobs, false);
        }
    }

    /**
     * Releases and retakes the repository lock around stage commands in a sequential run, as DVC does, so a command
     * may itself run dvc / jdvc in the repository.
     */
    public interface LockHandle {
        void release();

        void reacquire();
    }

    /** What happened: the stages reproduced (run or restored), the files to add to git. */
    public record Result(List<String> reproduced, List<Path> changedFiles) {
    }

    private final Repository repo;
    private final Path cwd;
    private final Options options;
    private final ReproListener listener;
    private final StageRunner runner;
    private final RunCache runCache;
    private final Map<Path, LockFile> locks = new HashMap<>();
    private final Set<Path> changedFiles = new LinkedHashSet<>();
    private final Object serial = new Object();
    private LockHandle lockHandle;

    public Reproducer(Repository repo, Path cwd, Options options, ReproListener listener) {
        this.repo = repo;
        this.cwd = cwd;
        this.options = options;
        this.listener = listener;
        this.runner = new StageRunner(repo.env(), repo.root());
        this.runCache = new RunCache(repo.cache().root());
    }

    /** Used only when {@code jobs == 1}: parallel runs keep the lock (other stages are being recorded meanwhile). */
    public Reproducer lockHandle(LockHandle handle) {
        this.lockHandle = handle;
        return this;
    }

    /** Reproduces {@code plan} (from {@link StageGraph#plan}) in order. */
    public Result run(StageGraph graph, List<StageNode> plan) {
        List<String> reproduced = new ArrayList<>();
        Set<StageNode> ran = new HashSet<>();
        Set<StageNode> failed = new HashSet<>();
        List<String> errors = new ArrayList<>();
        if (options.jobs() <= 1) {
            for (StageNode n : plan) {
                if (blocked(graph, n, failed)) {
                    failed.add(n);
                    continue;
                }
                try {
                    if (reproduce(n, forced(graph, n, ran), listener)) {
                        ran.add(n);
                        reproduced.add(n.addressing(cwd));
                    }
                } catch (JdvcException e) {
                    handle(n, e, failed, errors, listener);
                }
            }
        } else {
            runParallel(graph, plan, reproduced, ran, failed, errors);
        }
        repo.flush();
        if (!errors.isEmpty()) {
            throw new PipelineException(errors.size() == 1 ? errors.getFirst()
                    : "failed to reproduce: " + String.join("; ", errors));
        }
        return new Result(reproduced, new ArrayList<>(changedFiles));
    }

    private boolean blocked(StageGraph graph, StageNode n, Set<StageNode> failed) {
        if (options.ignoreErrors()) {
            return false;
        }
        return graph.upstream(n).stream().anyMatch(failed::contains);
    }

    private boolean forced(StageGraph graph, StageNode n, Set<StageNode> ran) {
        return options.force() || options.forceDownstream() && graph.upstream(n).stream().anyMatch(ran::contains);
    }

    private void handle(StageNode n, JdvcException e, Set<StageNode> failed, List<String> errors, ReproListener to) {
        String message = e instanceof Project.StageNotFoundException ? e.getMessage()
                : "failed to reproduce '" + n.addressing(cwd) + "': " + e.getMessage();
        if (!options.keepGoing() && !options.ignoreErrors()) {
            throw new PipelineException(message, e);
        }
        failed.add(n);
        to.error(message);
        errors.add(message);
    }

    /** The outcome of one stage run on a worker thread. */
    private record Outcome(StageNode node, boolean reproduced, BufferedListener report, RuntimeException error) {
    }

    private void runParallel(StageGraph graph, List<StageNode> plan, List<String> reproduced, Set<StageNode> ran,
            Set<StageNode> failed, List<String> errors) {
        Set<StageNode> pending = new LinkedHashSet<>(plan);
        Set<StageNode> done = new HashSet<>();
        int running = 0;
        PipelineException stop = null;
        try (ExecutorService pool = Executors.newFixedThreadPool(options.jobs())) {
            CompletionService<Outcome> completed = new ExecutorCompletionService<>(pool);
            while ((!pending.isEmpty() && stop == null) || running > 0) {
                boolean progress = true;
                while (stop == null && progress) {
                    progress = false;
                    for (StageNode n : new ArrayList<>(pending)) {
                        if (running >= options.jobs()) {
                            break;
                        }
                        if (!graph.upstream(n).stream().filter(plan::contains).allMatch(done::contains)) {
                            continue;
                        }
                        pending.remove(n);
                        if (blocked(graph, n, failed)) {
                            failed.add(n);
                            done.add(n);
                            progress = true;
                            continue;
                        }
                        boolean force = forced(graph, n, ran);
                        completed.submit(() -> {
                            BufferedListener buf = new BufferedListener();
                            try {
                                return new Outcome(n, reproduce(n, force, buf), buf, null);
                            } catch (RuntimeException e) {
                                return new Outcome(n, false, buf, e);
                            }
                        });
                        running++;
                    }
                }
                if (running == 0) {
                    break;
                }
                Outcome o = take(completed);
                running--;
                done.add(o.node());
                o.report().replay(listener);
                if (o.error() == null) {
                    if (o.reproduced()) {
                        ran.add(o.node());
                        reproduced.add(o.node().addressing(cwd));
                    }
                    continue;
                }
                JdvcException cause = o.error() instanceof JdvcException j ? j
                        : new PipelineException(String.valueOf(o.error().getMessage()), o.error());
                try {
                    handle(o.node(), cause, failed, errors, listener);
                } catch (PipelineException p) {
                    stop = stop == null ? p : stop;
                }
            }
        }
        if (stop != null) {
            throw stop;
        }
    }

    private static Outcome take(CompletionService<Outcome> completed) {
        try {
            return completed.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("stage task failed outside its own error handling", e.getCause());
        }
    }

    /** Reproduces one node; true when it ran or was restored. */
    private boolean reproduce(StageNode node, boolean force, ReproListener out) {
        return switch (node) {
            case PipelineStage s -> reproduceStage(s, force, out);
            case DataSource d -> verifyDataSource(d, force, out);
        };
    }

    private boolean reproduceStage(PipelineStage s, boolean force, ReproListener out) {
        String name = s.addressing(cwd);
        LockFile lockFile;
        LockEntry lock;
        List<Map<String, Object>> deps;
        Map<String, Map<String, Object>> params;
        synchronized (serial) {
            lockFile = locks.computeIfAbsent(s.lockFile(), p -> LockFile.read(p, repo.root()));
            lock = lockFile.get(s.name());
            if (s.frozen()) {
                out.warn("stage: '" + name + "' is frozen. Its dependencies are not going to be reproduced.");
            }
            StageChanges changes = new ChangeDetector(repo, cwd).changes(s, lock);
            if (options.allowMissing() && changes.deps().isEmpty() && !changes.commandChanged()
                    && !changes.alwaysChanged() && changes.outs().values().stream()
                    .allMatch(st -> st.equals("deleted") || st.equals("not in cache"))) {
                changes = new StageChanges(Map.of(), Map.of(), false, false);
            }
            if (s.frozen() || (!force && !changes.changed())) {
                out.info("Stage '" + name + "' didn't change, skipping");
                return false;
            }
            StageRecorder recorder = new StageRecorder(repo);
            try {
                deps = recorder.deps(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            params = recorder.params(s);
            if (!force && options.runCache() && tryRestore(s, lock, deps, params, lockFile, out)) {
                return true;
            }
            out.info("Running stage '" + name + "':");
            if (!options.dry()) {
                removeOutputs(s);
            }
        }
        for (String cmd : s.commands()) {
            out.info("> " + cmd);
            if (options.dry()) {
                continue;
            }
            boolean unlock = lockHandle != null && options.jobs() <= 1;
            if (unlock) {
                lockHandle.release();
            }
            int code;
            try {
                code = runner.run(cmd, s.wdir(), out.stdout(), out.stderr());
            } finally {
                if (unlock) {
                    lockHandle.reacquire();
                }
            }
            if (code != 0) {
                throw new PipelineException("failed to run: " + cmd + ", exited with " + code);
            }
        }
        if (options.dry()) {
            out.info("");
            return true;
        }
        synchronized (serial) {
            List<Map<String, Object>> outs;
            try {
                outs = new StageRecorder(repo).outs(s, !options.noCommit());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LockEntry entry = new LockEntry(s.cmd(), deps, params, outs);
            // NOTE: the run-cache entry before the lock entry, as DVC saves them: dvc.lock is what says the stage is
            // done, so a run stopped before it runs again in full (a lock entry first would leave the run-cache
            // without this run for good)
            if (options.runCache() && !options.noCommit() && RunCache.cacheable(s)) {
                runCache.save(entry);
            }
            ignoreOutputs(s);
            writeLock(lockFile, s.name(), entry, out);
        }
        out.info("");
        return true;
    }

    /**
     * Restores outputs instead of running: from the lock entry when the command, dependencies and parameters are
     * unchanged, else from the run-cache; only when every cached output's objects are present.
     */
    private boolean tryRestore(PipelineStage s, LockEntry lock, List<Map<String, Object>> deps,
            Map<String, Map<String, Object>> params, LockFile lockFile, ReproListener out) {
        if (!RunCache.cacheable(s)) {
            return false;
        }
        LockEntry probe = new LockEntry(s.cmd(), deps, params, probeOuts(s));
        List<LockEntry> candidates = new ArrayList<>();
        if (lock != null && RunCache.key(lock).equals(RunCache.key(probe))) {
            candidates.add(lock);
        }
        candidates.addAll(runCache.lookup(probe));
        if (options.dry() && candidates.isEmpty() && lock != null) {
            // NOTE: DVC's dry run probes the run-cache with the dependencies as locked (it does not re-hash them),
            // so an earlier run is reported cached, and then the stage is reported as run anyway.
            if (!runCache.lookup(lock).isEmpty()) {
                out.info("Stage '" + s.addressing(cwd) + "' is cached - skipping run, checking out outputs");
            }
            return false;
        }
        for (LockEntry c : candidates) {
            if (!outputsCached(s, c)) {
                continue;
            }
            out.info("Stage '" + s.addressing(cwd) + "' is cached - skipping run, checking out outputs");
            if (options.dry()) {
                out.info("Running stage '" + s.addressing(cwd) + "':");
                s.commands().forEach(cmd -> out.info("> " + cmd));
                out.info("");
                return true;
            }
            checkout(s, c);
            ignoreOutputs(s);
            writeLock(lockFile, s.name(), new LockEntry(s.cmd(), deps, params, c.outs()), out);
            out.info("");
            return true;
        }
        return false;
    }

    private static List<Map<String, Object>> probeOuts(PipelineStage s) {
        List<Map<String, Object>> outs = new ArrayList<>();
        List<String> paths = s.outs().stream().map(StageOut::path).sorted().toList();
        for (String p : paths) {
            outs.add(Map.of("path", p));
        }
        return outs;
    }

    private boolean outputsCached(PipelineStage s, LockEntry entry) {
        for (StageOut o : s.outs()) {
            HashInfo h = ChangeDetector.hashOf(entry.out(o.path()).orElse(null));
            if (h == null || o.cache() && !repo.cachePresence().isComplete(h)) {
                return false;
            }
            if (!o.cache()) {
                // NOTE: an uncached output can only be "restored" when the workspace already holds that version.
                try {
                    HashedPath cur = new WorkspaceHasher(repo).hash(s.resolve(o.path()), h.name());
                    if (cur == null || !cur.hash().equals(h)) {
                        return false;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return true;
    }

    private void checkout(PipelineStage s, LockEntry entry) {
        WorkspaceCheckout checkout = new WorkspaceCheckout(repo, repo.linker());
        try {
            for (StageOut o : s.outs()) {
                if (!o.cache()) {
                    continue;
                }
                Map<String, Object> item = entry.out(o.path()).orElseThrow();
                HashInfo h = ChangeDetector.hashOf(item);
                Path abs = s.resolve(o.path());
                WorkspaceCheckout.deleteAny(abs);
                checkout.apply(checkout.plan(abs, h, Boolean.TRUE.equals(item.get("isexec")), true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeOutputs(PipelineStage s) {
        try {
            for (StageOut o : s.outs()) {
                Path abs = s.resolve(o.path());
                repo.containment().check(abs, "stage '" + s.name() + "'", o.path());
                if (o.persist()) {
                    if (Files.exists(abs)) {
                        repo.linker().unprotect(abs);
                    }
                } else {
                    WorkspaceCheckout.deleteAny(abs);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ignoreOutputs(PipelineStage s) {
        if (!repo.scm().isGit()) {
            return;
        }
        GitIgnoreFile ignore = new GitIgnoreFile(repo.scm());
        for (StageOut o : s.outs()) {
            if (o.cache()) {
                ignore.ensureIgnored(s.resolve(o.path())).ifPresent(changedFiles::add);
            }
        }
    }

    private void writeLock(LockFile lockFile, String stage, LockEntry entry, ReproListener out) {
        String shown = show(lockFile.path());
        if (!lockFile.exists()) {
            out.info("Generating lock file '" + shown + "'");
        }
        // NOTE: one write (put writes a file that does not exist yet): a kill between two would leave a lock
        // file with no stage in it
        if (lockFile.put(stage, entry)) {
            out.info("Updating lock file '" + shown + "'");
            changedFiles.add(lockFile.path());
        }
    }

    /**
     * A {@code .dvc} data source: unchanged ones are skipped; changed (or forced) ones have their outputs hashed and
     * committed again, as DVC "verifies" them.
     */
    private boolean verifyDataSource(DataSource d, boolean force, ReproListener out) {
        synchronized (serial) {
            String name = d.addressing(cwd);
            var file = d.file();
            if (file.content().frozen() || !file.content().deps().isEmpty()) {
                out.info("'" + name + "' didn't change, skipping");
                return false;
            }
            WorkspaceHasher hasher = new WorkspaceHasher(repo);
            try {
                List<Output> outs = new ArrayList<>(file.content().outs());
                boolean changed = false;
                List<HashedPath> hashed = new ArrayList<>();
                for (TrackedOutput o : TrackedOutput.of(file)) {
                    HashInfo recorded = o.output().hash();
                    String alg = recorded == null ? HashInfo.MD5 : recorded.name();
                    HashedPath h = hasher.hash(o.path(), alg);
                    hashed.add(h);
                    if (h == null || recorded == null || !h.hash().equals(recorded)
                            || o.output().cache() && !repo.cachePresence().isComplete(recorded)) {
                        changed = true;
                    }
                }
                if (!changed && !force) {
                    out.info("'" + name + "' didn't change, skipping");
                    return false;
                }
                out.info("Verifying data sources in stage: '" + name + "'");
                if (options.dry()) {
                    out.info("");
                    return true;
                }
                CacheWriter writer = new CacheWriter(repo, true);
                List<TrackedOutput> tracked = TrackedOutput.of(file);
                for (int i = 0; i < tracked.size(); i++) {
                    TrackedOutput o = tracked.get(i);
                    HashedPath h = hashed.get(i);
                    if (h == null) {
                        throw new PipelineException("output '" + o.output().path() + "' does not exist");
                    }
                    if (o.output().cache() && !options.noCommit()) {
                        writer.store(o.path(), h);
                    }
                    outs.set(i, o.output().withHash(h.hash()).withMeta(h.size(), h.isDir() ? (long) h.nfiles() : null,
                            h.isExec()));
                }
                DvcFile updated = file.content().withOuts(outs);
                AtomicFiles.writeString(file.path(), DvcFile.rewrite(file.text(), updated));
                changedFiles.add(file.path());
                out.info("");
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String show(Path abs) {
        return cwd.relativize(abs).toString();
    }

    /** Collects a stage's report to deliver it whole (parallel runs). */
    private static final class BufferedListener implements ReproListener {
        private sealed interface Event permits Line, Bytes {
        }

        private record Line(int kind, String text) implements Event {
        }

        private record Bytes(boolean err, byte[] data) implements Event {
        }

        private final List<Event> events = new ArrayList<>();

        @Override
        public synchronized void info(String line) {
            events.add(new Line(0, line));
        }

        @Override
        public synchronized void warn(String message) {
            events.add(new Line(1, message));
        }

        @Override
        public synchronized void error(String message) {
            events.add(new Line(2, message));
        }

        @Override
        public OutputStream stdout() {
            return stream(false);
        }

        @Override
        public OutputStream stderr() {
            return stream(true);
        }

        private OutputStream stream(boolean err) {
            return new ByteArrayOutputStream() {
                @Override
                public void flush() {
                    synchronized (BufferedListener.this) {
                        if (size() > 0) {
                            events.add(new Bytes(err, toByteArray()));
                            reset();
                        }
                    }
                }
            };
        }

        synchronized void replay(ReproListener to) {
            for (Event e : events) {
                switch (e) {
                    case Line l when l.kind() == 0 -> to.info(l.text());
                    case Line l when l.kind() == 1 -> to.warn(l.text());
                    case Line l -> to.error(l.text());
                    case Bytes b -> {
                        try {
                            OutputStream s = b.err() ? to.stderr() : to.stdout();
                            s.write(b.data());
                            s.flush();
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                    }
                }
            }
        }
    }
}
