package org.jdvc.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.jdvc.api.Jdvc;
import org.jdvc.api.StatusCommand;
import org.jdvc.hash.FileStamp;
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
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WorkspaceBenchmark {
    /** The files alone (what the scans need; generating 70,000 files takes a minute or two here). */
    @State(Scope.Benchmark)
    public static class Tree {
        @Param({"7000"})
        public int files;

        @Param({"70"})
        public int folders;

        Path root;
        Path data;
        DvcIgnore ignore;
        Workspace parallel;
        ForkJoinPool onePool;
        Workspace oneThread;
        ForkJoinPool fourPool;
        Workspace fourThreads;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            // NOTE: idempotent: a subclass's @Setup calls it too, as the order of inherited fixtures is not relied on.
            if (root != null) {
                return;
            }
            root = Fixtures.tempDir("ws");
            data = root.resolve("data");
            Fixtures.writeTree(data, files, folders, 5);
            ignore = DvcIgnore.load(root);
            parallel = new Workspace();
            onePool = new ForkJoinPool(1);
            oneThread = new Workspace(onePool);
            fourPool = new ForkJoinPool(4);
            fourThreads = new Workspace(fourPool);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            if (root == null) {
                return;
            }
            onePool.close();
            fourPool.close();
            Fixtures.delete(root);
            root = null;
        }

        List<Workspace.FileEntry> check(List<Workspace.FileEntry> l) {
            if (l.size() != files) {
                throw new IllegalStateException("scan found " + l.size() + " files, expected " + files);
            }
            return l;
        }
    }

    /** The tree made a repository ({@code init --no-scm}) with {@code data/} added: state db and memo warm. */
    @State(Scope.Benchmark)
    public static class TrackedRepo extends Tree {
        WorkspaceHasher hasher;

        @Setup(Level.Trial)
        public void track() throws IOException {
            setUp();
            Map<String, String> env = Map.of();
            Jdvc.init(root, env).noScm(true).call();
            Jdvc.open(root, env).add().targets("data").call();
            hasher = new WorkspaceHasher(Repository.at(root, env));
            if (!Jdvc.open(root, env).status().call().clean()) {
                throw new IllegalStateException("fixture repository is not clean after add");
            }
        }
    }

    /**
     * Workspace.scan on the common fork-join pool (what the commands use). NOTE: its parallelism is
     * availableProcessors - 1, i.e. 1 on a 2-core machine.
     */
    @Benchmark
    public List<Workspace.FileEntry> scan(Tree t) {
        return t.check(t.parallel.scan(t.data, t.ignore, "data"));
    }

    /** Workspace.scan on a one-thread pool. */
    @Benchmark
    public List<Workspace.FileEntry> scanOneThread(Tree t) {
        return t.check(t.oneThread.scan(t.data, t.ignore, "data"));
    }

    /** Workspace.scan on a 4-thread pool (stat is a syscall: threads may help beyond the core count). */
    @Benchmark
    public List<Workspace.FileEntry> scanFourThreads(Tree t) {
        return t.check(t.fourThreads.scan(t.data, t.ignore, "data"));
    }

    /**
     * The JDK floor of a one-thread walk: Files.walkFileTree (one lstat per entry, BasicFileAttributes), summing the
     * files' sizes and parsing each inode out of fileKey() as FileStamp does; no ignore rules, no relpaths.
     */
    @Benchmark
    public long walkFileTreeOneThread(Tree t) throws IOException {
        long[] acc = new long[2];
        Files.walkFileTree(t.data, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                FileStamp s = FileStamp.of(attrs);
                acc[0] += s.size() + s.inode();
                acc[1]++;
                return FileVisitResult.CONTINUE;
            }
        });
        if (acc[1] != t.files) {
            throw new IllegalStateException("walk found " + acc[1] + " files");
        }
        return acc[0];
    }

    /** WorkspaceHasher.hashShallow: scan + fingerprint + directory memo hit (status's per-directory work). */
    @Benchmark
    public HashedPath hashShallow(TrackedRepo r) throws IOException {
        HashedPath h = r.hasher.hashShallow(r.data, HashInfo.MD5);
        if (!h.isShallow()) {
            throw new IllegalStateException("expected a memo hit");
        }
        return h;
    }

    /** WorkspaceHasher.hash: scan + a state hit per file (ParallelHasher) + manifest build/serialize/digest. */
    @Benchmark
    public HashedPath hashFullStateWarm(TrackedRepo r) throws IOException {
        return r.hasher.hash(r.data, HashInfo.MD5);
    }

    /** Jdvc.open(root).status().call(): a whole no-op status minus JVM start-up. */
    @Benchmark
    public StatusCommand.StatusResult statusNoop(TrackedRepo repo) {
        StatusCommand.StatusResult r = Jdvc.open(repo.root, Map.of()).status().call();
        if (!r.clean()) {
            throw new IllegalStateException("status is not clean");
        }
        return r;
    }
}
