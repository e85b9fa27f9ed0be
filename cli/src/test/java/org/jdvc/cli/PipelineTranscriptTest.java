package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 13 of DVC's transcripts (shared/spec/dvc-cli-transcripts.md, "13-pipeline") replayed with jdvc: stage add,
 * stage list, status, repro (dry, first run, nothing to do, after a parameter change), dag; same stdout, same
 * dvc.lock bytes (the stage commands really run through sh, python3 included).
 */
class PipelineTranscriptTest {
    private static final String HINT = "\nTo enable auto staging, run:\n\n\tdvc config core.autostage true\n";
    private static final String PUSH = "Use `dvc push` to send your updates to remote storage.\n";

    @TempDir
    Path tmp;
    Path repo;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        ok("init", "-q");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
        write("data.txt", "hello pipeline\n");
        ok("add", "-q", "data.txt");
        write("params.yaml", "prepare:\n  split: 0.5\ntrain:\n  epochs: 2\n  lr: 0.1\n");
        write("train.py", "p = open(\"params.yaml\").read()\nd = open(\"prepared.txt\").read()\n"
                + "open(\"model.txt\", \"w\").write(d.upper() + p)\n");
        write("evaluate.py", "import json\nm = open(\"model.txt\").read()\n"
                + "json.dump({\"acc\": round(len(m) / 100, 4), \"loss\": round(1 / len(m), 4)}, "
                + "open(\"metrics.json\", \"w\"))\n"
                + "open(\"plot.csv\", \"w\").write(\"step,acc\\n\" + \"\".join(\"%d,%d\\n\" % (i, (i * len(m)) % 7) "
                + "for i in range(3)))\n");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Data, params, scripts");
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private void write(String path, String content) throws IOException {
        Files.writeString(repo.resolve(path), content);
    }

    private String read(String path) throws IOException {
        return Files.readString(repo.resolve(path));
    }

    private void addStages() {
        ok("stage", "add", "-n", "prepare", "-p", "prepare.split", "-d", "data.txt", "-o", "prepared.txt",
                "cp data.txt prepared.txt");
        ok("stage", "add", "-n", "train", "-p", "train.epochs,train.lr", "-d", "train.py", "-d", "prepared.txt",
                "-o", "model.txt", "python3 train.py");
        ok("stage", "add", "-n", "evaluate", "-d", "evaluate.py", "-d", "model.txt", "-M", "metrics.json",
                "--plots", "plot.csv", "python3 evaluate.py");
    }

    static final String LOCK_1 = """
            schema: '2.0'
            stages:
              prepare:
                cmd: cp data.txt prepared.txt
                deps:
                - path: data.txt
                  hash: md5
                  md5: ea1abe942d01217fd4f5957fb65bd2a8
                  size: 15
                params:
                  params.yaml:
                    prepare.split: 0.5
                outs:
                - path: prepared.txt
                  hash: md5
                  md5: ea1abe942d01217fd4f5957fb65bd2a8
                  size: 15
              train:
                cmd: python3 train.py
                deps:
                - path: prepared.txt
                  hash: md5
                  md5: ea1abe942d01217fd4f5957fb65bd2a8
                  size: 15
                - path: train.py
                  hash: md5
                  md5: d276b58b44449fde170d7925f30f6b3a
                  size: 107
                params:
                  params.yaml:
                    train.epochs: 2
                    train.lr: 0.1
                outs:
                - path: model.txt
                  hash: md5
                  md5: 9475663683c2793f74c63a011f81a6a8
                  size: 66
              evaluate:
                cmd: python3 evaluate.py
                deps:
                - path: evaluate.py
                  hash: md5
                  md5: 6e078164b58c31df1f57145a0dcd69cb
                  size: 246
                - path: model.txt
                  hash: md5
                  md5: 9475663683c2793f74c63a011f81a6a8
                  size: 66
                outs:
                - path: metrics.json
                  hash: md5
                  md5: 08cbf0341b720525111381c7952d042b
                  size: 29
                - path: plot.csv
                  hash: md5
                  md5: a1e18da71f623a1a9df7e6b0ba38bfbf
                  size: 21
            """;

    @Test
    void stageAddWritesDvcYamlAndRefusesDuplicates() throws IOException {
        CliRunner.Result first = ok("stage", "add", "-n", "prepare", "-p", "prepare.split", "-d", "data.txt", "-o",
                "prepared.txt", "cp data.txt prepared.txt");
        assertThat(first.out()).isEqualTo("Added stage 'prepare' in 'dvc.yaml'\n\nTo track the changes with git, "
                + "run:\n\n\tgit add .gitignore dvc.yaml\n" + HINT);
        CliRunner.Result again = cli.run(repo, "stage", "add", "-n", "prepare", "-d", "data.txt", "-o",
                "prepared.txt", "cp data.txt prepared.txt");
        assertThat(again.exit()).isEqualTo(255);
        assertThat(again.err()).isEqualTo(
                "ERROR: Stage 'prepare' already exists in 'dvc.yaml'. Use '--force' to overwrite.\n");
        CliRunner.Result forced = ok("stage", "add", "-f", "-n", "prepare", "-p", "prepare.split", "-d", "data.txt",
                "-o", "prepared.txt", "cp data.txt prepared.txt");
        assertThat(forced.out()).contains("\tgit add dvc.yaml\n");
        ok("stage", "add", "-n", "train", "-p", "train.epochs,train.lr", "-d", "train.py", "-d", "prepared.txt",
                "-o", "model.txt", "python3 train.py");
        ok("stage", "add", "-n", "evaluate", "-d", "evaluate.py", "-d", "model.txt", "-M", "metrics.json",
                "--plots", "plot.csv", "python3 evaluate.py");
        CliRunner.Result dup = cli.run(repo, "stage", "add", "-n", "dup", "-d", "data.txt", "-o", "model.txt",
                "cp data.txt model.txt");
        assertThat(dup.exit()).isEqualTo(255);
        assertThat(dup.err()).isEqualTo("ERROR: output 'model.txt' is already specified in stage: 'train'.\n"
                + "Use `dvc remove train` to stop tracking the overlapping output.\n");
        assertThat(read("dvc.yaml")).isEqualTo("""
                stages:
                  prepare:
                    cmd: cp data.txt prepared.txt
                    deps:
                    - data.txt
                    params:
                    - prepare.split
                    outs:
                    - prepared.txt
                  train:
                    cmd: python3 train.py
                    deps:
                    - prepared.txt
                    - train.py
                    params:
                    - train.epochs
                    - train.lr
                    outs:
                    - model.txt
                  evaluate:
                    cmd: python3 evaluate.py
                    deps:
                    - evaluate.py
                    - model.txt
                    metrics:
                    - metrics.json:
                        cache: false
                    plots:
                    - plot.csv
                """);
        assertThat(ok("stage", "list").out()).isEqualTo("prepare   Outputs prepared.txt\n"
                + "train     Outputs model.txt\nevaluate  Reports metrics.json, plot.csv\n");
    }

    @Test
    void statusAndReproBeforeAndAfterTheFirstRun() throws IOException {
        addStages();
        assertThat(ok("status").out()).isEqualTo("""
                prepare:
                \tchanged deps:
                \t\tmodified:           data.txt
                \t\tnew:                params.yaml
                \tchanged outs:
                \t\tdeleted:            prepared.txt
                train:
                \tchanged deps:
                \t\tdeleted:            prepared.txt
                \t\tmodified:           train.py
                \t\tnew:                params.yaml
                \tchanged outs:
                \t\tdeleted:            model.txt
                evaluate:
                \tchanged deps:
                \t\tmodified:           evaluate.py
                \t\tdeleted:            model.txt
                \tchanged outs:
                \t\tdeleted:            metrics.json
                \t\tdeleted:            plot.csv
                """);
        CliRunner.Result dry = cli.run(repo, "repro", "--dry");
        assertThat(dry.exit()).isEqualTo(255);
        assertThat(dry.out()).isEqualTo("'data.txt.dvc' didn't change, skipping\nRunning stage 'prepare':\n"
                + "> cp data.txt prepared.txt\n\n");
        assertThat(dry.err()).isEqualTo("ERROR: failed to reproduce 'train': [Errno 2] No such file or directory: '"
                + repo.resolve("prepared.txt") + "'\n");
        assertThat(repo.resolve("prepared.txt")).doesNotExist();

        CliRunner.Result run = ok("repro");
        assertThat(run.out()).isEqualTo("""
                'data.txt.dvc' didn't change, skipping
                Running stage 'prepare':
                > cp data.txt prepared.txt
                Generating lock file 'dvc.lock'
                Updating lock file 'dvc.lock'

                Running stage 'train':
                > python3 train.py
                Updating lock file 'dvc.lock'

                Running stage 'evaluate':
                > python3 evaluate.py
                Updating lock file 'dvc.lock'

                To track the changes with git, run:

                \tgit add dvc.lock
                """ + HINT + PUSH);
        assertThat(read("dvc.lock")).isEqualTo(LOCK_1);
        assertThat(read("metrics.json")).isEqualTo("{\"acc\": 0.66, \"loss\": 0.0152}");
        assertThat(read(".gitignore")).isEqualTo("/data.txt\n/prepared.txt\n/model.txt\n/plot.csv\n");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Run pipeline");

        assertThat(ok("repro").out()).isEqualTo("'data.txt.dvc' didn't change, skipping\n"
                + "Stage 'prepare' didn't change, skipping\nStage 'train' didn't change, skipping\n"
                + "Stage 'evaluate' didn't change, skipping\nData and pipelines are up to date.\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void aParameterChangeReRunsExactlyTheAffectedStages() throws IOException {
        addStages();
        ok("repro");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Run pipeline");
        write("params.yaml", read("params.yaml").replace("lr: 0.1", "lr: 0.25"));
        assertThat(ok("status").out()).isEqualTo(
                "train:\n\tchanged deps:\n\t\tparams.yaml:\n\t\t\tmodified:           train.lr\n");
        assertThat(ok("status", "--json").out()).isEqualTo(
                "{\"train\": [{\"changed deps\": {\"params.yaml\": {\"train.lr\": \"modified\"}}}]}\n");
        assertThat(ok("repro", "--dry").out()).isEqualTo("""
                'data.txt.dvc' didn't change, skipping
                Stage 'prepare' didn't change, skipping
                Stage 'train' is cached - skipping run, checking out outputs
                Running stage 'train':
                > python3 train.py

                Stage 'evaluate' didn't change, skipping
                """ + PUSH);
        CliRunner.Result run = ok("repro");
        assertThat(run.out()).isEqualTo("""
                'data.txt.dvc' didn't change, skipping
                Stage 'prepare' didn't change, skipping
                Running stage 'train':
                > python3 train.py
                Updating lock file 'dvc.lock'

                Running stage 'evaluate':
                > python3 evaluate.py
                Updating lock file 'dvc.lock'

                To track the changes with git, run:

                \tgit add dvc.lock
                """ + HINT + PUSH);
        String lock2 = LOCK_1.replace("train.lr: 0.1", "train.lr: 0.25")
                .replace("md5: 9475663683c2793f74c63a011f81a6a8\n      size: 66",
                        "md5: 5c787359c41ceda8fd94932f694044a6\n      size: 67")
                .replace("08cbf0341b720525111381c7952d042b", "7b9db3adab2d47501dbe7fdc13719905")
                .replace("a1e18da71f623a1a9df7e6b0ba38bfbf", "b7330c22d9635263f9e9cd98723f9375");
        assertThat(read("dvc.lock")).isEqualTo(lock2);

        write("params.yaml", read("params.yaml").replace("lr: 0.25", "lr: 0.1"));
        assertThat(ok("repro").out()).startsWith("""
                'data.txt.dvc' didn't change, skipping
                Stage 'prepare' didn't change, skipping
                Stage 'train' is cached - skipping run, checking out outputs
                Updating lock file 'dvc.lock'

                Running stage 'evaluate':
                """);
        assertThat(read("dvc.lock")).isEqualTo(LOCK_1);
    }

    @Test
    void restoresFromTheCacheAndForces() throws IOException {
        addStages();
        ok("repro");
        write("model.txt", "tampered\n");
        Files.delete(repo.resolve("prepared.txt"));
        assertThat(ok("status").out()).isEqualTo("""
                prepare:
                \tchanged outs:
                \t\tdeleted:            prepared.txt
                train:
                \tchanged deps:
                \t\tdeleted:            prepared.txt
                \tchanged outs:
                \t\tmodified:           model.txt
                evaluate:
                \tchanged deps:
                \t\tmodified:           model.txt
                """);
        assertThat(ok("repro").out()).isEqualTo("""
                'data.txt.dvc' didn't change, skipping
                Stage 'prepare' is cached - skipping run, checking out outputs

                Stage 'train' is cached - skipping run, checking out outputs

                Stage 'evaluate' didn't change, skipping
                """ + PUSH);
        assertThat(read("dvc.lock")).isEqualTo(LOCK_1);
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
        CliRunner.Result forced = ok("repro", "-f");
        assertThat(forced.out()).startsWith("Verifying data sources in stage: 'data.txt.dvc'\n\n"
                + "Running stage 'prepare':\n> cp data.txt prepared.txt\n\nRunning stage 'train':\n");
        assertThat(read("dvc.lock")).isEqualTo(LOCK_1);
    }

    @Test
    void dagDrawsTheChain() {
        addStages();
        String expected = """
                +--------------+\s
                | data.txt.dvc |\s
                +--------------+\s
                        *       \s
                        *       \s
                        *       \s
                  +---------+   \s
                  | prepare |   \s
                  +---------+   \s
                        *       \s
                        *       \s
                        *       \s
                    +-------+   \s
                    | train |   \s
                    +-------+   \s
                        *       \s
                        *       \s
                        *       \s
                  +----------+  \s
                  | evaluate |  \s
                  +----------+  \s
                """;
        assertThat(ok("dag").out()).isEqualTo(expected);
        assertThat(ok("dag", "--mermaid").out()).isEqualTo("flowchart TD\n\tnode1[\"data.txt.dvc\"]\n"
                + "\tnode2[\"evaluate\"]\n\tnode3[\"prepare\"]\n\tnode4[\"train\"]\n\tnode1-->node3\n"
                + "\tnode3-->node4\n\tnode4-->node2\n");
        assertThat(ok("dag", "--md").out()).startsWith("```mermaid\nflowchart TD\n").endsWith("node2\n```\n");
        assertThat(ok("dag", "--dot").out()).startsWith("strict digraph  {\n").endsWith("}\n\n")
                .contains("\"data.txt.dvc\" -> \"prepare\";\n", "\"prepare\" -> \"train\";\n",
                        "\"train\" -> \"evaluate\";\n");
        assertThat(ok("dag", "--outs").out()).isEqualTo(String.join("\n",
                "               +----------+              ",
                "               | data.txt |              ",
                "               +----------+              ",
                "                     *                   ",
                "                     *                   ",
                "                     *                   ",
                "             +--------------+            ",
                "             | prepared.txt |            ",
                "             +--------------+            ",
                "                     *                   ",
                "                     *                   ",
                "                     *                   ",
                "              +-----------+              ",
                "              | model.txt |              ",
                "              +-----------+              ",
                "              **           **            ",
                "            **               **          ",
                "          **                   **        ",
                "+--------------+            +----------+ ",
                "| metrics.json |            | plot.csv | ",
                "+--------------+            +----------+ ") + "\n");
        assertThat(ok("dag", "train").out()).isEqualTo(String.join("\n", expected.lines().limit(15).toList())
                + "\n");
    }

    @Test
    void independentStagesRunInParallelAndTheLockIsComplete() throws IOException {
        write("dvc.yaml", """
                stages:
                  a:
                    cmd: echo a-start && sleep 0.3 && echo a > a.txt
                    deps:
                    - data.txt
                    outs:
                    - a.txt
                  b:
                    cmd: echo b-start && sleep 0.3 && echo b > b.txt
                    deps:
                    - data.txt
                    outs:
                    - b.txt
                  c:
                    cmd: cat a.txt b.txt > c.txt
                    deps:
                    - a.txt
                    - b.txt
                    outs:
                    - c.txt
                """);
        CliRunner.Result r = ok("repro", "-j", "2");
        assertThat(r.out()).contains("Running stage 'a':\n> echo a-start && sleep 0.3 && echo a > a.txt\na-start\n",
                "Running stage 'b':\n> echo b-start && sleep 0.3 && echo b > b.txt\nb-start\n");
        assertThat(r.out().indexOf("Running stage 'c'")).isGreaterThan(r.out().indexOf("Running stage 'a'"))
                .isGreaterThan(r.out().indexOf("Running stage 'b'"));
        assertThat(read("c.txt")).isEqualTo("a\nb\n");
        String lock = read("dvc.lock");
        assertThat(lock).contains("  a:\n    cmd: echo a-start", "  b:\n    cmd: echo b-start",
                "  c:\n    cmd: cat a.txt b.txt > c.txt\n    deps:\n    - path: a.txt\n");
        assertThat(ok("status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void paramsAndMetricsDiffAgainstGitRevisions() throws IOException {
        addStages();
        ok("repro");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Run pipeline");
        Git.run(repo, "tag", "baseline");
        assertThat(ok("params", "diff").out()).isEmpty();
        assertThat(ok("metrics", "diff").out()).isEmpty();
        write("params.yaml", read("params.yaml").replace("lr: 0.1", "lr: 0.25"));
        assertThat(ok("params", "diff").out()).isEqualTo(
                "Path         Param     HEAD    workspace\nparams.yaml  train.lr  0.1     0.25\n");
        assertThat(ok("params", "diff", "--json").out()).isEqualTo(
                "{\"params.yaml\": {\"train.lr\": {\"old\": 0.1, \"new\": 0.25, \"diff\": 0.15}}}\n");
        assertThat(ok("params", "diff", "--md").out()).isEqualTo("""
                | Path        | Param    | HEAD   | workspace   |
                |-------------|----------|--------|-------------|
                | params.yaml | train.lr | 0.1    | 0.25        |

                """);
        assertThat(ok("params", "diff", "--all").out()).isEqualTo("""
                Path         Param          HEAD    workspace
                params.yaml  prepare.split  0.5     0.5
                params.yaml  train.epochs   2       2
                params.yaml  train.lr       0.1     0.25
                """);
        ok("repro");
        assertThat(ok("metrics", "show").out()).isEqualTo("Path          acc    loss\nmetrics.json  0.67   0.0149\n");
        assertThat(ok("metrics", "show", "--json").out()).isEqualTo(
                "{\"\": {\"data\": {\"metrics.json\": {\"data\": {\"acc\": 0.67, \"loss\": 0.0149}}}}}\n");
        assertThat(ok("metrics", "show", "--md").out()).isEqualTo("""
                | Path         | acc   | loss   |
                |--------------|-------|--------|
                | metrics.json | 0.67  | 0.0149 |

                """);
        String diff = """
                Path          Metric    HEAD    workspace    Change
                metrics.json  acc       0.66    0.67         0.01
                metrics.json  loss      0.0152  0.0149       -0.0003
                """;
        assertThat(ok("metrics", "diff").out()).isEqualTo(diff);
        assertThat(ok("metrics", "diff", "--all").out()).isEqualTo(diff);
        assertThat(ok("metrics", "diff", "--json").out()).isEqualTo("{\"metrics.json\": {\"acc\": {\"old\": 0.66, "
                + "\"new\": 0.67, \"diff\": 0.010000000000000009}, \"loss\": {\"old\": 0.0152, \"new\": 0.0149, "
                + "\"diff\": -0.0002999999999999999}}}\n");
        assertThat(ok("metrics", "diff", "--md").out()).isEqualTo("""
                | Path         | Metric   | HEAD   | workspace   | Change   |
                |--------------|----------|--------|-------------|----------|
                | metrics.json | acc      | 0.66   | 0.67        | 0.01     |
                | metrics.json | loss     | 0.0152 | 0.0149      | -0.0003  |

                """);
        assertThat(ok("params", "diff", "baseline").out()).isEqualTo(
                "Path         Param     baseline    workspace\nparams.yaml  train.lr  0.1         0.25\n");
    }

    @Test
    void plotsShowJsonIsDvcsSpecAndHtmlIsWritten() throws IOException {
        addStages();
        ok("repro");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Run pipeline");
        write("params.yaml", read("params.yaml").replace("lr: 0.1", "lr: 0.25"));
        ok("repro");
        String json = ok("plots", "show", "--json").out();
        assertThat(json).startsWith("{\"data\": {\"plot.csv\": [{\"type\": \"vega\", \"revisions\": [\"workspace\"], "
                + "\"content\": {\"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\", \"data\": "
                + "{\"values\": [{\"step\": 0, \"acc\": \"0\", \"rev\": \"workspace\"}, {\"step\": 1, \"acc\": \"4\", "
                + "\"rev\": \"workspace\"}, {\"step\": 2, \"acc\": \"1\", \"rev\": \"workspace\"}]}, \"title\": "
                + "{\"text\": \"plot.csv\", \"anchor\": \"middle\"}, \"width\": 300, \"height\": 300, ")
                .contains("{\"loess\": \"acc\", \"on\": \"step\", \"groupby\": [\"rev\"], "
                        + "\"bandwidth\": {\"signal\": \"smooth\"}}")
                .endsWith("\"clear\": \"mouseout\"}}]}]}}]}}\n");
        assertThat(ok("plots", "show").out()).isEqualTo(repo.resolve("dvc_plots/index.html").toUri().toString()
                .replaceFirst("^file:/+", "file:///") + "\n");
        assertThat(read("dvc_plots/index.html")).contains("vegaEmbed('#plot0', {\"$schema\"");
        assertThat(ok("plots", "diff", "--json").out()).contains("\"revisions\": [\"HEAD\", \"workspace\"]",
                "{\"step\": 2, \"acc\": \"6\", \"rev\": \"HEAD\"}");
    }

    @Test
    void dataChangesSingleTargetsForceAndCommandChanges() throws IOException {
        addStages();
        ok("repro");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Run pipeline");
        Files.delete(repo.resolve("data.txt"));
        write("data.txt", "hello pipeline v2\n");
        assertThat(ok("status").out()).isEqualTo("prepare:\n\tchanged deps:\n\t\tmodified:           data.txt\n"
                + "data.txt.dvc:\n\tchanged outs:\n\t\tmodified:           data.txt\n");
        ok("add", "-q", "data.txt");
        assertThat(ok("status").out()).isEqualTo("prepare:\n\tchanged deps:\n\t\tmodified:           data.txt\n");
        assertThat(ok("repro", "train").out()).isEqualTo("""
                'data.txt.dvc' didn't change, skipping
                Running stage 'prepare':
                > cp data.txt prepared.txt
                Updating lock file 'dvc.lock'

                Running stage 'train':
                > python3 train.py
                Updating lock file 'dvc.lock'

                To track the changes with git, run:

                \tgit add dvc.lock
                """ + HINT + PUSH);
        assertThat(ok("repro", "-s", "evaluate").out()).isEqualTo("""
                Running stage 'evaluate':
                > python3 evaluate.py
                Updating lock file 'dvc.lock'

                To track the changes with git, run:

                \tgit add dvc.lock
                """ + HINT + PUSH);
        assertThat(ok("repro", "-f").out()).isEqualTo("""
                Verifying data sources in stage: 'data.txt.dvc'

                Running stage 'prepare':
                > cp data.txt prepared.txt

                Running stage 'train':
                > python3 train.py

                Running stage 'evaluate':
                > python3 evaluate.py

                To track the changes with git, run:

                \tgit add data.txt.dvc
                """ + HINT + PUSH);
        write("dvc.yaml", read("dvc.yaml").replace("cp data.txt prepared.txt", "cp -f data.txt prepared.txt"));
        assertThat(ok("status").out()).isEqualTo("prepare:\n\tchanged command\n");
        assertThat(ok("repro", "prepare").out()).startsWith("'data.txt.dvc' didn't change, skipping\n"
                + "Running stage 'prepare':\n> cp -f data.txt prepared.txt\nUpdating lock file 'dvc.lock'\n\n");
        assertThat(ok("repro", "--downstream", "train").out()).isEqualTo("Stage 'train' didn't change, skipping\n"
                + "Stage 'evaluate' didn't change, skipping\nData and pipelines are up to date.\n");
        assertThat(ok("repro", "--force-downstream", "-f", "-s", "prepare").out())
                .contains("Running stage 'prepare'").doesNotContain("train");
    }
}
