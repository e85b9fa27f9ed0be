package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines spread over folders: a dvc.yaml in a subfolder (its stages addressed as {@code sub/dvc.yaml:name}, its
 * own dvc.lock), {@code wdir}, dependencies across files, list commands, generated stages run by group name.
 */
class PipelineLayoutTest {
    @TempDir
    Path tmp;
    Path repo;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        assertThat(cli.run(repo, "init", "-q").exit()).isZero();
    }

    private CliRunner.Result ok(Path dir, String... args) {
        CliRunner.Result r = cli.run(dir, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void subfolderPipelinesHaveTheirOwnLockAndConnectAcrossFiles() throws IOException {
        Path sub = Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("in.txt"), "x\n");
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  first:\n    cmd: cp in.txt mid.txt\n    deps:\n"
                + "    - in.txt\n    outs:\n    - mid.txt\n");
        Files.writeString(sub.resolve("dvc.yaml"), "stages:\n  second:\n    cmd: cp ../mid.txt out.txt\n"
                + "    deps:\n    - ../mid.txt\n    outs:\n    - out.txt\n"
                + "  third:\n    wdir: ..\n    cmd: cp sub/out.txt final.txt\n    deps:\n    - sub/out.txt\n"
                + "    outs:\n    - final.txt\n");
        CliRunner.Result r = ok(repo, "repro", "-P");
        assertThat(r.out()).containsSubsequence("Running stage 'first':", "Running stage 'sub/dvc.yaml:second':",
                "Running stage 'sub/dvc.yaml:third':");
        assertThat(Files.readString(repo.resolve("final.txt"))).isEqualTo("x\n");
        assertThat(Files.readString(sub.resolve("dvc.lock"))).contains("  second:\n    cmd: cp ../mid.txt out.txt\n"
                + "    deps:\n    - path: ../mid.txt\n", "  third:\n    cmd: cp sub/out.txt final.txt\n");
        assertThat(Files.readString(repo.resolve("dvc.lock"))).contains("  first:").doesNotContain("second");
        assertThat(ok(sub, "stage", "list").out()).isEqualTo("second  Outputs out.txt\nthird   Outputs final.txt\n");
        assertThat(ok(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Files.writeString(repo.resolve("in.txt"), "y\n");
        assertThat(ok(repo, "status", "sub/dvc.yaml:second").out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(ok(sub, "repro", "third").out()).containsSubsequence(
                "Running stage '../dvc.yaml:first'", "Updating lock file '../dvc.lock'", "Running stage 'second'",
                "Running stage 'third'");
        assertThat(Files.readString(repo.resolve("final.txt"))).isEqualTo("y\n");
    }

    @Test
    void generatedStagesRunByGroupName() throws IOException {
        Files.writeString(repo.resolve("params.yaml"), "langs: [en, fr]\n");
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  greet:\n    foreach: ${langs}\n    do:\n"
                + "      cmd: echo ${item} > ${item}.txt\n      outs:\n      - ${item}.txt\n");
        CliRunner.Result r = ok(repo, "repro", "greet");
        assertThat(r.out()).contains("Running stage 'greet@en':\n> echo en > en.txt\n",
                "Running stage 'greet@fr':\n> echo fr > fr.txt\n");
        assertThat(ok(repo, "stage", "list").out()).isEqualTo("greet@en  Outputs en.txt\ngreet@fr  Outputs fr.txt\n");
        CliRunner.Result freeze = cli.run(repo, "freeze", "greet@en");
        assertThat(freeze.exit()).isEqualTo(1);
        assertThat(freeze.err()).contains("cannot dump a parametrized stage: 'greet@en'");
    }

    @Test
    void commitRecordsStageOutputs() throws IOException {
        Files.writeString(repo.resolve("in.txt"), "x\n");
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  copy:\n    cmd: cp in.txt out.txt\n    deps:\n"
                + "    - in.txt\n    outs:\n    - out.txt\n");
        ok(repo, "repro", "--no-commit");
        assertThat(ok(repo, "status").out()).isEqualTo("copy:\n\tchanged outs:\n\t\tnot in cache:       out.txt\n");
        ok(repo, "commit");
        assertThat(ok(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Files.delete(repo.resolve("out.txt"));
        Files.writeString(repo.resolve("out.txt"), "edited\n");
        CliRunner.Result refused = cli.run(repo, "commit", "copy");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("ERROR: failed to commit copy - unable to commit changed stage: 'copy'. "
                + "Use `-f|--force` to force.\n");
        ok(repo, "commit", "-f", "copy");
        assertThat(ok(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(Files.readString(repo.resolve("dvc.lock"))).contains("md5: 77ef9ba34caeecc3d333b20990b10ea5");
    }

    @Test
    void theRepositoryLockIsReleasedWhileAStageCommandRuns() throws IOException {
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  probe:\n    cmd: flock -n .dvc/tmp/lock echo free > "
                + "probe.txt\n    outs:\n    - probe.txt\n");
        CliRunner.Result r = ok(repo, "repro");
        assertThat(Files.readString(repo.resolve("probe.txt"))).isEqualTo("free\n");
        assertThat(r.out()).contains("Updating lock file 'dvc.lock'");
        // NOTE: parallel runs keep the lock (other stages are recorded meanwhile), which the probe sees.
        CliRunner.Result parallel = cli.run(repo, "repro", "-f", "-j", "2");
        assertThat(parallel.exit()).isEqualTo(255);
        assertThat(parallel.err()).contains("failed to reproduce 'probe': failed to run: flock -n");
    }

    @Test
    void persistAlwaysChangedAndRecursiveTargets() throws IOException {
        Path sub = Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  log:\n    cmd: echo run >> log.txt\n    outs:\n"
                + "    - log.txt:\n        persist: true\n    always_changed: true\n");
        Files.writeString(sub.resolve("dvc.yaml"), "stages:\n  inner:\n    cmd: echo inner > inner.txt\n"
                + "    outs:\n    - inner.txt\n");
        ok(repo, "repro", "log");
        assertThat(ok(repo, "status").out()).startsWith("log:\n\talways changed\n");
        ok(repo, "repro", "log");
        assertThat(Files.readString(repo.resolve("log.txt"))).isEqualTo("run\nrun\n");
        assertThat(repo.resolve("sub/inner.txt")).doesNotExist();
        CliRunner.Result r = ok(repo, "repro", "-R", "sub");
        assertThat(r.out()).contains("Running stage 'sub/dvc.yaml:inner'").doesNotContain("'log'");
        assertThat(repo.resolve("sub/inner.txt")).exists();
    }

    @Test
    void aFailingStageInAParallelRunIsReportedAndTheOtherFinishes() throws IOException {
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  bad:\n    cmd: echo oops >&2 && exit 4\n"
                + "    outs:\n    - bad.txt\n  good:\n    cmd: echo fine > good.txt\n    outs:\n    - good.txt\n");
        CliRunner.Result r = cli.run(repo, "repro", "-j", "2");
        assertThat(r.exit()).isEqualTo(255);
        assertThat(r.err()).contains("oops\n").endsWith(
                "ERROR: failed to reproduce 'bad': failed to run: echo oops >&2 && exit 4, exited with 4\n");
        assertThat(r.out()).contains("Running stage 'good':\n> echo fine > good.txt\n");
        assertThat(Files.readString(repo.resolve("dvc.lock"))).contains("  good:").doesNotContain("bad");
    }

    @Test
    void valuesUsedThroughInterpolationAreTrackedByParamsDiff() throws IOException {
        Files.writeString(repo.resolve("config.yaml"), "model:\n  size: 3\n  unused: 1\n");
        Files.writeString(repo.resolve("dvc.yaml"), "vars:\n- config.yaml\nstages:\n  build:\n"
                + "    cmd: echo ${model.size} > size.txt\n    outs:\n    - size.txt\n");
        ok(repo, "repro");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "size 3");
        Files.writeString(repo.resolve("config.yaml"), "model:\n  size: 5\n  unused: 2\n");
        assertThat(ok(repo, "params", "diff").out()).isEqualTo(
                "Path         Param       HEAD    workspace\nconfig.yaml  model.size  3       5\n");
        assertThat(ok(repo, "status").out()).isEqualTo("build:\n\tchanged command\n");
    }

    @Test
    void outputsBecomeCacheLinksWithSymlinkCacheType() throws IOException {
        ok(repo, "config", "cache.type", "symlink");
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  make:\n    cmd: echo made > made.txt\n"
                + "    outs:\n    - made.txt\n");
        ok(repo, "repro");
        assertThat(Files.isSymbolicLink(repo.resolve("made.txt"))).isTrue();
        assertThat(Files.readString(repo.resolve("made.txt"))).isEqualTo("made\n");
        assertThat(ok(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(ok(repo, "repro", "-f").out()).contains("Running stage 'make'");
        assertThat(Files.readString(repo.resolve("made.txt"))).isEqualTo("made\n");
    }

    @Test
    void addRefusesAStageOutput() throws IOException {
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  make:\n    cmd: echo made > made.txt\n"
                + "    outs:\n    - made.txt\n");
        ok(repo, "repro");
        CliRunner.Result r = cli.run(repo, "add", "made.txt");
        assertThat(r.exit()).isEqualTo(255);
        assertThat(r.err()).isEqualTo("ERROR: output 'made.txt' is already specified in stage: 'make'.\n"
                + "Use `dvc remove make` to stop tracking the overlapping output.\n");
        assertThat(repo.resolve("made.txt.dvc")).doesNotExist();
    }

    @Test
    void allowMissingSkipsStagesWhoseOnlyChangeIsMissingOutputsAndMetricsAreShown() throws IOException {
        Files.writeString(repo.resolve("in.txt"), "x\n");
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  m:\n    cmd: cp in.txt out.txt && echo '{\"a\":1}' "
                + "> m.json\n    deps:\n    - in.txt\n    outs:\n    - out.txt\n    metrics:\n    - m.json:\n"
                + "        cache: false\n");
        ok(repo, "repro");
        Files.delete(repo.resolve("out.txt"));
        assertThat(ok(repo, "repro", "--allow-missing", "-m").out()).isEqualTo(
                "Stage 'm' didn't change, skipping\nData and pipelines are up to date.\nPath    a\nm.json  1\n");
        assertThat(repo.resolve("out.txt")).doesNotExist();
    }
}
