package org.jdvc.api;

import java.nio.file.Path;
import java.util.Map;
import org.jdvc.repo.Repository;

/**
 * The porcelain: open a repository, then one method per user operation, each returning a single-use command object
 * with setters and {@code call()}.
 *
 * <pre>{@code
 * Jdvc jdvc = Jdvc.open(Path.of("."));
 * AddResult r = jdvc.add().targets("data.csv").call();
 * }</pre>
 */
public final class Jdvc {
    private final Repository repo;
    private final Path cwd;

    private Jdvc(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    /** Opens the repository containing {@code dir} (walking up), with the process environment. */
    public static Jdvc open(Path dir) {
        return open(dir, System.getenv());
    }

    public static Jdvc open(Path dir, Map<String, String> env) {
        Path abs = dir.toAbsolutePath().normalize();
        return new Jdvc(Repository.find(abs, env), abs);
    }

    /** {@code dvc init}: makes {@code dir} a DVC repository. */
    public static InitCommand init(Path dir) {
        return new InitCommand(dir.toAbsolutePath().normalize(), System.getenv());
    }

    public static InitCommand init(Path dir, Map<String, String> env) {
        return new InitCommand(dir.toAbsolutePath().normalize(), env);
    }

    public Repository repository() {
        return repo;
    }

    public Path cwd() {
        return cwd;
    }

    public AddCommand add() {
        return new AddCommand(repo, cwd);
    }

    public StatusCommand status() {
        return new StatusCommand(repo, cwd);
    }

    public CheckoutCommand checkout() {
        return new CheckoutCommand(repo, cwd);
    }

    public CommitCommand commit() {
        return new CommitCommand(repo, cwd);
    }

    public DataStatusCommand dataStatus() {
        return new DataStatusCommand(repo, cwd);
    }

    public RemoveCommand remove() {
        return new RemoveCommand(repo, cwd);
    }

    public MoveCommand move() {
        return new MoveCommand(repo, cwd);
    }

    public UnprotectCommand unprotect() {
        return new UnprotectCommand(repo, cwd);
    }

    public FreezeCommand freeze() {
        return new FreezeCommand(repo, cwd, true);
    }

    public FreezeCommand unfreeze() {
        return new FreezeCommand(repo, cwd, false);
    }

    public ReproCommand repro() {
        return new ReproCommand(repo, cwd);
    }

    public StageAddCommand stageAdd() {
        return new StageAddCommand(repo, cwd);
    }

    public StageListCommand stageList() {
        return new StageListCommand(repo, cwd);
    }

    public DagCommand dag() {
        return new DagCommand(repo, cwd);
    }

    public ParamsDiffCommand paramsDiff() {
        return new ParamsDiffCommand(repo, cwd);
    }

    public MetricsCommand metrics() {
        return new MetricsCommand(repo, cwd);
    }

    public PlotsCommand plots() {
        return new PlotsCommand(repo, cwd);
    }

    public PushCommand push() {
        return new PushCommand(repo, cwd);
    }

    public FetchCommand fetch() {
        return new FetchCommand(repo, cwd);
    }

    public PullCommand pull() {
        return new PullCommand(repo, cwd);
    }

    /** {@code dvc status -c}: the workspace's objects compared with a remote. */
    public CloudStatusCommand cloudStatus() {
        return new CloudStatusCommand(repo, cwd);
    }

    /** {@code dvc import-url}: track a file or directory from a URL or outside path in a frozen import stage. */
    public ImportUrlCommand importUrl() {
        return new ImportUrlCommand(repo, cwd);
    }

    /** {@code dvc update}: bring import stages up to date with their sources. */
    public UpdateCommand update() {
        return new UpdateCommand(repo, cwd);
    }

    public GcCommand gc() {
        return new GcCommand(repo, cwd);
    }

    /** {@code dvc diff}: changes of tracked data between two revisions, or a revision and the workspace. */
    public DiffCommand diff() {
        return new DiffCommand(repo, cwd);
    }

    /**
     * The tracked data as revision {@code rev} records it, readable without a checkout (from the cache, else the
     * default remote). Close it when done.
     */
    public DataVersion dataAt(String rev) {
        return new DataVersion(repo, rev);
    }

    /** {@code dvc import}: data another DVC repository tracks, with a record of where it came from. */
    public ImportCommand importFrom() {
        return new ImportCommand(repo, cwd);
    }

    /** {@code dvc get}: downloads what another repository tracks; needs no DVC repository here. */
    public static GetCommand get(Path cwd, Map<String, String> env) {
        return new GetCommand(cwd.toAbsolutePath().normalize(), env);
    }

    /** {@code dvc install}: git hooks that run checkout, status and push at the right moments. */
    public InstallCommand install() {
        return new InstallCommand(repo);
    }

    /** {@code dvc ls}: lists what a repository tracks in git and DVC; needs no DVC repository here. */
    public static ListCommand ls(Path cwd, Map<String, String> env) {
        return new ListCommand(cwd.toAbsolutePath().normalize(), env);
    }
}
