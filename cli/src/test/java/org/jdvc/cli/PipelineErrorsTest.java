package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken pipelines (transcripts 12.7–12.23 and 5.27–5.33): invalid dvc.yaml, cycles, outputs claimed twice, missing
 * dependencies and parameters, failing commands, unknown stages; freeze / unfreeze / remove of stages. jdvc gives
 * DVC's message (one line for file errors, as jdvc reports every file error) and exit code, and runs nothing.
 */
class PipelineErrorsTest {
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
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
        Files.writeString(repo.resolve("data.txt"), "hello\n");
        assertThat(cli.run(repo, "add", "-q", "data.txt").exit()).isZero();
    }

    private void dvcYaml(String text) throws IOException {
        Files.writeString(repo.resolve("dvc.yaml"), text);
    }

    private CliRunner.Result run(String... args) {
        return cli.run(repo, args);
    }

    @Test
    void unknownKeysAndInvalidYaml() throws IOException {
        dvcYaml("stages:\n  hello:\n    cmd: echo hi > hi.txt\n    outs:\n    - hi.txt\n    colour: red\n");
        CliRunner.Result status = run("status");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).isEqualTo("ERROR: './dvc.yaml' validation failed: extra keys not allowed, in "
                + "stages -> hello -> colour, line 3, column 5\n");
        CliRunner.Result repro = run("repro");
        assertThat(repro.exit()).isEqualTo(255);
        assertThat(repro.err()).isEqualTo(status.err());
        assertThat(repo.resolve("hi.txt")).doesNotExist();

        dvcYaml("stages:\n  hello:\n    cmd: echo hi > hi.txt\nfoo: 1\n");
        assertThat(run("status").err()).isEqualTo(
                "ERROR: './dvc.yaml' validation failed: extra keys not allowed, in foo\n");

        dvcYaml("stages:\n  hello:\n    cmd: [echo\n");
        CliRunner.Result invalid = run("status");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("ERROR: './dvc.yaml' is invalid: did not find expected ',' or ']'");
    }

    @Test
    void cyclesAreRefusedByReproAndDagButStatusReports() throws IOException {
        dvcYaml("stages:\n  a:\n    cmd: cp b.txt a.txt\n    deps:\n    - b.txt\n    outs:\n    - a.txt\n  b:\n"
                + "    cmd: cp a.txt b.txt\n    deps:\n    - a.txt\n    outs:\n    - b.txt\n");
        for (String cmd : new String[] {"repro", "dag"}) {
            CliRunner.Result r = run(cmd);
            assertThat(r.exit()).as(cmd).isEqualTo(255);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo(
                    "ERROR: Same item(s) are defined as both a dependency and an output in stages: a, b.\n");
        }
        CliRunner.Result status = run("status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).isEqualTo("a:\n\tchanged deps:\n\t\tdeleted:            b.txt\n"
                + "\tchanged outs:\n\t\tdeleted:            a.txt\nb:\n\tchanged deps:\n"
                + "\t\tdeleted:            a.txt\n\tchanged outs:\n\t\tdeleted:            b.txt\n");

        dvcYaml("stages:\n  self:\n    cmd: cp self.txt self2.txt\n    deps:\n    - self.txt\n    outs:\n"
                + "    - self.txt\n");
        CliRunner.Result self = run("repro");
        assertThat(self.exit()).isEqualTo(255);
        assertThat(self.err()).isEqualTo(
                "ERROR: Same item(s) are defined as both a dependency and an output in stage: self.\n");
    }

    @Test
    void anOutputClaimedTwiceIsRefusedAndNothingRuns() throws IOException {
        dvcYaml("stages:\n  one:\n    cmd: echo 1 > out.txt\n    outs:\n    - out.txt\n  two:\n"
                + "    cmd: echo 2 > out.txt\n    outs:\n    - out.txt\n");
        CliRunner.Result r = run("repro");
        assertThat(r.exit()).isEqualTo(255);
        assertThat(r.err()).isEqualTo("ERROR: output 'out.txt' is specified in:\n\t- one\n\t- two\n"
                + "Use `dvc remove` with any of the above targets to stop tracking the overlapping output.\n");
        assertThat(repo.resolve("out.txt")).doesNotExist();
        assertThat(run("status").out()).isEqualTo("one:\n\tchanged outs:\n\t\tdeleted:            out.txt\n"
                + "two:\n\tchanged outs:\n\t\tdeleted:            out.txt\n");

        dvcYaml("stages:\n  copy:\n    cmd: cp data.txt copy.txt\n    deps:\n    - data.txt\n    outs:\n"
                + "    - data.txt\n");
        assertThat(run("status").out()).isEqualTo("copy:\n\tchanged deps:\n\t\tmodified:           data.txt\n"
                + "\tchanged outs:\n\t\tmodified:           data.txt\n");
        CliRunner.Result tracked = run("repro");
        assertThat(tracked.exit()).isEqualTo(255);
        assertThat(tracked.err()).isEqualTo("ERROR: output 'data.txt' is specified in:\n\t- copy\n"
                + "\t- data.txt.dvc\nUse `dvc remove` with any of the above targets to stop tracking the "
                + "overlapping output.\n");
    }

    @Test
    void missingParamsAndDependencies() throws IOException {
        dvcYaml("stages:\n  train:\n    cmd: echo train > model.txt\n    params:\n    - lr\n    outs:\n"
                + "    - model.txt\n");
        CliRunner.Result noFile = run("repro");
        assertThat(noFile.exit()).isEqualTo(255);
        assertThat(noFile.err()).isEqualTo(
                "ERROR: failed to reproduce 'train': Parameters 'lr' are missing from 'params.yaml'.\n");
        Files.writeString(repo.resolve("params.yaml"), "epochs: 1\n");
        assertThat(run("repro").err()).isEqualTo(noFile.err());
        assertThat(repo.resolve("model.txt")).doesNotExist();

        dvcYaml("stages:\n  copy:\n    cmd: cp nosuch.txt copy.txt\n    deps:\n    - nosuch.txt\n    outs:\n"
                + "    - copy.txt\n");
        CliRunner.Result noDep = run("repro");
        assertThat(noDep.exit()).isEqualTo(255);
        assertThat(noDep.err()).isEqualTo("ERROR: failed to reproduce 'copy': [Errno 2] No such file or directory: '"
                + repo.resolve("nosuch.txt") + "'\n");
    }

    @Test
    void failingCommandsAndMissingOutputs() throws IOException {
        dvcYaml("stages:\n  fail:\n    cmd: echo failing && exit 3\n    outs:\n    - never.txt\n");
        CliRunner.Result fail = run("repro");
        assertThat(fail.exit()).isEqualTo(255);
        assertThat(fail.out()).isEqualTo("Running stage 'fail':\n> echo failing && exit 3\nfailing\n");
        assertThat(fail.err()).isEqualTo(
                "ERROR: failed to reproduce 'fail': failed to run: echo failing && exit 3, exited with 3\n");
        assertThat(repo.resolve("dvc.lock")).doesNotExist();

        dvcYaml("stages:\n  noout:\n    cmd: echo no output\n    outs:\n    - missing-out.txt\n");
        CliRunner.Result noOut = run("repro");
        assertThat(noOut.exit()).isEqualTo(255);
        assertThat(noOut.out()).isEqualTo("Running stage 'noout':\n> echo no output\nno output\n");
        assertThat(noOut.err()).isEqualTo(
                "ERROR: failed to reproduce 'noout': output 'missing-out.txt' does not exist\n");

        CliRunner.Result unknown = run("repro", "nosuch");
        assertThat(unknown.exit()).isEqualTo(255);
        assertThat(unknown.err()).isEqualTo("ERROR: Stage 'nosuch' not found inside 'dvc.yaml' file\n");
    }

    @Test
    void keepGoingRunsTheOtherBranch() throws IOException {
        dvcYaml("stages:\n  bad:\n    cmd: exit 1\n    outs:\n    - bad.txt\n  after:\n    cmd: cp bad.txt x.txt\n"
                + "    deps:\n    - bad.txt\n    outs:\n    - x.txt\n  good:\n    cmd: echo ok > good.txt\n"
                + "    outs:\n    - good.txt\n");
        CliRunner.Result r = run("repro", "--keep-going");
        assertThat(r.exit()).isEqualTo(255);
        assertThat(r.out()).doesNotContain("Running stage 'after'").contains("Running stage 'good'");
        assertThat(repo.resolve("good.txt")).exists();
        assertThat(Files.readString(repo.resolve("dvc.lock"))).contains("  good:").doesNotContain("  bad:");
    }

    @Test
    void freezeUnfreezeAndRemoveStages() throws IOException {
        Files.writeString(repo.resolve("src.txt"), "hello\n");
        dvcYaml("stages:\n  copy:\n    cmd: cp src.txt copy.txt\n    deps:\n    - src.txt\n    outs:\n"
                + "    - copy.txt\n");
        assertThat(run("repro").exit()).isZero();
        CliRunner.Result freeze = run("freeze", "copy");
        assertThat(freeze.exit()).as(freeze.toString()).isZero();
        assertThat(freeze.out()).isEqualTo("Modifying stage 'copy' in 'dvc.yaml'\n");
        assertThat(Files.readString(repo.resolve("dvc.yaml"))).isEqualTo("stages:\n  copy:\n    cmd: cp src.txt "
                + "copy.txt\n    deps:\n    - src.txt\n    outs:\n    - copy.txt\n    frozen: true\n");
        Files.writeString(repo.resolve("src.txt"), "hello changed\n");
        CliRunner.Result status = run("status");
        assertThat(status.out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(status.err()).isEqualTo("WARNING: stage: 'copy' is frozen. Its dependencies are not going to be "
                + "shown in the status output.\n");
        CliRunner.Result repro = run("repro");
        assertThat(repro.out()).isEqualTo("Stage 'copy' didn't change, skipping\nData and pipelines are up to date.\n");
        assertThat(repro.err()).isEqualTo("WARNING: stage: 'copy' is frozen. Its dependencies are not going to be "
                + "reproduced.\n");
        assertThat(run("unfreeze", "copy").out()).isEqualTo("Modifying stage 'copy' in 'dvc.yaml'\n");
        assertThat(run("status").out()).isEqualTo("copy:\n\tchanged deps:\n\t\tmodified:           src.txt\n");
        CliRunner.Result unknown = run("freeze", "nosuch");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo(
                "ERROR: failed to freeze 'nosuch' - Stage 'nosuch' not found inside 'dvc.yaml' file\n");
        CliRunner.Result remove = run("remove", "copy");
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(remove.out()).isEmpty();
        assertThat(repo.resolve("dvc.yaml")).doesNotExist();
        assertThat(repo.resolve("dvc.lock")).doesNotExist();
    }
}
