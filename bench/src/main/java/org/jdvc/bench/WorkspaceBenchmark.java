package org.jdvc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.jdvc.api.Jdvc;
import org.jdvc.api.StatusCommand;
import org.jdvc.hash.HashInfo;
import org.jdvc.repo.DvcIgnore;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.Repository;
import org.jdvc.repo.Workspace;
import org.jdvc.repo.WorkspaceHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A repository ({@code init --no-scm}) tracking {@code data/}: 7,000 files of 150-400 bytes in 70 folders, added
 * once in setup (so the state database and the directory memo are warm). Measures the walk alone (parallel and
 * on one thread), the no-op directory hash status uses (walk + fingerprint + memo lookup), the full re-hash with
 * every file in the state database (walk + 7,000 state gets + manifest + digest), and a whole no-op
 * {@code status} call through the API (opens the repository, reads the .dvc file, loads the state files). All warm:
 * JIT compiled, page and dentry caches hot. A 70,000-file run: {@code -p files=70000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WorkspaceBenchmark {
    @Param({"7000"})
    public int files;

    @Param({"70"})
    public int folders;

    private Path root;
    private Path data;
    private DvcIgnore ignore;
    private Workspace parallel;
    private ForkJoinPool onePool;
    private Workspace oneThread;
    private WorkspaceHasher hasher;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Fixtures.tempDir("ws");
        data = root.resolve("data");
        Fixtures.writeTree(data, files, folders, 5);
        Map<String, String> env = Map.of();
        Jdvc.init(root, env).noScm(true).call();
        Jdvc.open(root, env).add().targets("data").call();
        ignore = DvcIgnore.load(root);
        parallel = new Workspace();
        onePool = new ForkJoinPool(1);
        oneThread = new Workspace(onePool);
        hasher = new WorkspaceHasher(Repository.at(root, env));
        if (!Jdvc.open(root, env).status().call().clean()) {
            throw new IllegalStateException("fixture repository is not clean after add");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        onePool.close();
        Fixtures.delete(root);
    }

    /** Workspace.scan on the common fork-join pool (what the commands use). */
    @Benchmark
    public List<Workspace.FileEntry> scan() {
        return check(parallel.scan(data, ignore, "data"));
    }

    /** Workspace.scan on a one-thread pool. */
    @Benchmark
    public List<Workspace.FileEntry> scanOneThread() {
        return check(oneThread.scan(data, ignore, "data"));
    }

    /** WorkspaceHasher.hashShallow: scan + fingerprint + directory memo hit (status's per-directory work). */
    @Benchmark
    public HashedPath hashShallow() throws IOException {
        HashedPath h = hasher.hashShallow(data, HashInfo.MD5);
        if (!h.isShallow()) {
            throw new IllegalStateException("expected a memo hit");
        }
        return h;
    }

    /** WorkspaceHasher.hash: scan + a state hit per file (ParallelHasher) + manifest build/serialize/digest. */
    @Benchmark
    public HashedPath hashFullStateWarm() throws IOException {
        return hasher.hash(data, HashInfo.MD5);
    }

    /** Jdvc.open(root).status().call(): a whole no-op status minus JVM start-up. */
    @Benchmark
    public StatusCommand.StatusResult statusNoop() {
        StatusCommand.StatusResult r = Jdvc.open(root, Map.of()).status().call();
        if (!r.clean()) {
            throw new IllegalStateException("status is not clean");
        }
        return r;
    }

    private List<Workspace.FileEntry> check(List<Workspace.FileEntry> l) {
        if (l.size() != files) {
            throw new IllegalStateException("scan found " + l.size() + " files, expected " + files);
        }
        return l;
    }
}
