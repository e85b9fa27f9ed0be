package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdvc.testing.DvcFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixture 04-pipeline, made by the real DVC 3.64 ({@code ${}} templated commands, a directory output, an uncached
 * metric, two committed runs): jdvc sees it up to date, reproduces exactly what a parameter change affects and writes
 * the dvc.lock DVC wrote, and diffs params and metrics between the two git revisions as DVC printed them.
 */
class PipelineFixtureTest {
    @TempDir
    Path tmp;
    Path repo;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = DvcFixtures.unpack(DvcFixtures.PIPELINE, tmp).resolve("repo");
        cli = new CliRunner(tmp);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void upToDateNothingToReproduceAndBothStagesInTheDag() {
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(ok("repro").out()).isEqualTo("Stage 'prepare' didn't change, skipping\n"
                + "Stage 'train' didn't change, skipping\nData and pipelines are up to date.\n");
        assertThat(ok("dag").out()).isEqualTo("+---------+  \n| prepare |  \n+---------+  \n      *      \n"
                + "      *      \n      *      \n +-------+   \n | train |   \n +-------+   \n");
        assertThat(ok("stage", "list").out()).isEqualTo("prepare  Outputs prepared.txt\n"
                + "train    Outputs model; Reports metrics.json\n");
    }

    @Test
    void aParameterChangeReRunsTrainAndWritesDvcsLock() throws IOException {
        String lockRun2 = Files.readString(repo.resolve("dvc.lock"));
        Git.run(repo, "checkout", "-q", "HEAD~1", "--", "params.yaml", "dvc.lock", "metrics.json");
        assertThat(ok("repro").out()).isEqualTo("Stage 'prepare' didn't change, skipping\n"
                + "Stage 'train' is cached - skipping run, checking out outputs\n\n"
                + "Use `dvc push` to send your updates to remote storage.\n");
        String lockRun1 = Files.readString(repo.resolve("dvc.lock"));
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Path params = repo.resolve("params.yaml");
        Files.writeString(params, Files.readString(params).replace("lr: 0.01", "lr: 0.02"));
        assertThat(ok("status").out()).isEqualTo(
                "train:\n\tchanged deps:\n\t\tparams.yaml:\n\t\t\tmodified:           train\n\tchanged command\n");
        assertThat(ok("params", "diff", "HEAD~1", "--json").out()).isEqualTo(
                "{\"params.yaml\": {\"train.lr\": {\"old\": 0.01, \"new\": 0.02, \"diff\": 0.01}}}\n");
        CliRunner.Result repro = ok("repro");
        assertThat(repro.out()).startsWith("Stage 'prepare' didn't change, skipping\n"
                + "Running stage 'train':\n> python3 train.py 0.02 5\nUpdating lock file 'dvc.lock'\n\n");
        assertThat(Files.readString(repo.resolve("dvc.lock"))).isEqualTo(lockRun2).isNotEqualTo(lockRun1);
        assertThat(ok("metrics", "diff", "HEAD~1", "--json").out()).isEqualTo(
                "{\"metrics.json\": {\"loss\": {\"old\": 0.307692, \"new\": 0.181818, \"diff\": -0.125874}}}\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void paramsAndMetricsBetweenTheTwoRuns() {
        assertThat(ok("metrics", "show", "--json").out()).isEqualTo(
                "{\"\": {\"data\": {\"metrics.json\": {\"data\": {\"loss\": 0.181818, \"rows\": 5}}}}}\n");
        assertThat(ok("params", "diff", "HEAD~1", "HEAD").out()).isEqualTo(
                "Path         Param     HEAD~1    HEAD\nparams.yaml  train.lr  0.01      0.02\n");
        assertThat(ok("metrics", "diff", "HEAD~1", "--json").out()).isEqualTo(
                "{\"metrics.json\": {\"loss\": {\"old\": 0.307692, \"new\": 0.181818, \"diff\": -0.125874}}}\n");
    }

    @Test
    void checkoutRestoresStageOutputsRecordedInDvcLock() throws IOException {
        Git.run(repo, "checkout", "-q", "HEAD~1");
        CliRunner.Result co = ok("checkout");
        assertThat(co.out()).contains("M       model/");
        assertThat(Files.readString(repo.resolve("model/weights.txt"))).isEqualTo("0.450000\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        Git.run(repo, "checkout", "-q", "main");
        ok("checkout", "train");
        assertThat(Files.readString(repo.resolve("model/weights.txt"))).isEqualTo("0.900000\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void stageOutputsArePushedPulledAndPulledByRepro() throws IOException {
        Path other = tmp.resolve("other-remote");
        ok("remote", "add", "other", other.toString());
        assertThat(ok("push", "-r", "other").out()).isEqualTo("4 files pushed\n");
        deleteCacheAndOutputs();
        assertThat(ok("pull").out()).contains("4 files fetched");
        assertThat(Files.readString(repo.resolve("model/weights.txt"))).isEqualTo("0.900000\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        deleteCacheAndOutputs();
        assertThat(ok("repro", "--pull").out()).isEqualTo("Stage 'prepare' is cached - skipping run, checking out "
                + "outputs\n\nStage 'train' is cached - skipping run, checking out outputs\n\n"
                + "Use `dvc push` to send your updates to remote storage.\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    private void deleteCacheAndOutputs() throws IOException {
        for (Path p : new Path[] {repo.resolve(".dvc/cache/files"), repo.resolve("model"), repo.resolve("prepared.txt")}) {
            if (Files.exists(p)) {
                try (var walk = Files.walk(p)) {
                    for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        q.toFile().setWritable(true);
                        q.getParent().toFile().setWritable(true);
                        Files.delete(q);
                    }
                }
            }
        }
    }
}
