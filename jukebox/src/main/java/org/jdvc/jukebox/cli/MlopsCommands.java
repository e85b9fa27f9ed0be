package org.jdvc.jukebox.cli;

import org.jdvc.jukebox.demo.Demo;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.DataSource;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.registry.Comparison;
import org.jdvc.jukebox.registry.ModelRegistry;
import org.jdvc.jukebox.registry.ModelVersion;
import org.jdvc.jukebox.registry.Promotion;
import org.jdvc.jukebox.registry.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The versioning half of {@code jukebox}: ingest, the pipeline's stages, the model registry, recovery, comparison and
 * the demo. Each command only parses and prints; the work is in {@code pipeline}, {@code registry} and {@code demo}.
 */
final class MlopsCommands {
    private MlopsCommands() {
    }

    /** Options shared by the commands that work on a project. */
    static class InProject {
        @Option(names = "--project", defaultValue = ".", description = "The project's root (default: the current "
                + "directory).")
        Path project;

        Project open() {
            return new Project(project, System.getenv(), System.out::println);
        }
    }

    @Command(name = "ingest", sortOptions = false, description = "Upload tables to the data-source bucket (a folder "
            + "or s3://bucket), as the course's ETL job does.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--to", required = true, description = "Folder or URL of the bucket.")
        String to;
        @Option(names = "--s3-endpoint", description = "S3 endpoint URL (MinIO, S3Proxy, ...).")
        String endpoint;
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to upload (song_properties.parquet, "
                + "song_rankings.parquet).")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new java.nio.file.NoSuchFileException(f.toString());
                }
            }
            Map<String, String> o = endpoint == null ? Map.of() : Map.of("endpointurl", endpoint);
            DataSource.put(to, o, files.toArray(Path[]::new));
            System.out.println("uploaded " + files.size() + " file(s) to " + to);
            return 0;
        }
    }

    @Command(name = "prepare", sortOptions = false, description = "Pipeline stage: join the tables, split by song "
            + "into train.csv and test.csv.")
    static final class Prepare implements Callable<Integer> {
        @Option(names = "--properties", required = true, description = "song_properties.parquet.")
        Path properties;
        @Option(names = "--rankings", required = true, description = "song_rankings.parquet.")
        Path rankings;
        @Option(names = "--params", description = "params.yaml (prepare.split, prepare.seed).")
        Path params;
        @Option(names = "--out", required = true, description = "Output directory.")
        Path out;

        @Override
        public Integer call() throws Exception {
            Stages.Prepared p = Stages.prepare(properties, rankings, params == null ? Params.defaults()
                    : Params.read(params), out);
            System.out.printf(Locale.ROOT, "%d ranking rows; %d training songs, %d held out%n", p.rows(),
                    p.trainSongs(), p.testSongs());
            return 0;
        }
    }

    @Command(name = "evaluate", sortOptions = false, description = "Pipeline stage: score the held-out split with "
            + "the exported ONNX model and a linear baseline; write metrics.json and plot data.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--prepared", required = true, description = "The prepare stage's output directory.")
        Path prepared;
        @Option(names = "--model", required = true, description = "Directory with model.onnx and scaler.json.")
        Path model;
        @Option(names = "--metrics", defaultValue = "metrics.json", description = "Metrics file "
                + "(default: ${DEFAULT-VALUE}).")
        Path metrics;
        @Option(names = "--plots", defaultValue = "plots", description = "Plot data directory "
                + "(default: ${DEFAULT-VALUE}).")
        Path plots;

        @Override
        public Integer call() throws Exception {
            System.out.println(Stages.evaluate(prepared, model, metrics, plots).summary());
            return 0;
        }
    }

    @Command(name = "register", sortOptions = false, description = {"Register the workspace's model as the next "
            + "version (git tag model@vN) with its lineage: refused unless the model, metrics and data are exactly "
            + "what dvc.lock and the .dvc files of the committed revision record, and unless the model is new.",
            "Pushes the data and model, commits the record with dvc.lock and the metrics, tags the commit."})
    static final class Register extends InProject implements Callable<Integer> {
        @Option(names = {"-m", "--message"}, description = "A description kept with the version.")
        String message;

        @Override
        public Integer call() throws Exception {
            ModelVersion v = new ModelRegistry(open()).register(message);
            System.out.println("registered " + v.tag());
            System.out.println(v.toJson());
            return 0;
        }
    }

    @Command(name = "models", sortOptions = false, description = "List the registered versions and their stages, "
            + "or show one version's record (models v1).")
    static final class Models extends InProject implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "VERSION", description = "A version to show (v1, 1 or model@v1).")
        String version;

        @Override
        public Integer call() {
            Project p = open();
            ModelRegistry r = new ModelRegistry(p);
            if (version != null) {
                System.out.println(r.require(version).toJson());
                return 0;
            }
            Map<String, ModelVersion> stages = new Promotion(p).stages();
            System.out.printf(Locale.ROOT, "%-10s %-10s %-10s %-21s %-34s %-9s %s%n", "version", "stage", "git",
                    "created", "data md5 (song_properties)", "accuracy", "top5");
            for (ModelVersion v : r.list()) {
                List<String> in = new ArrayList<>();
                stages.forEach((stage, sv) -> {
                    if (sv.version().equals(v.version())) {
                        in.add(stage);
                    }
                });
                System.out.printf(Locale.ROOT, "%-10s %-10s %-10s %-21s %-34s %-9s %s%n", v.tag(),
                        in.isEmpty() ? "-" : String.join(",", in), v.gitRevision().substring(0, 8), v.created(),
                        v.dataMd5().get(Layout.PROPERTIES), v.metrics().get("accuracy"),
                        v.metrics().get("top5_accuracy"));
            }
            return 0;
        }
    }

    @Command(name = "promote", sortOptions = false, description = {"Assign a stage (prod, staging, ...) to a version: "
            + "an annotated git tag model#STAGE#N, as GTO writes them.",
            "Stages in params.yaml's gate.stages (default [prod]) are guarded: the version's accuracy must be at "
                    + "least gate.min_accuracy (default: its majority baseline) and not below the stage's current "
                    + "version's by more than gate.max_accuracy_drop (default 0)."})
    static final class Promote extends InProject implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VERSION", description = "v1, 1 or model@v1.")
        String version;
        @Parameters(index = "1", paramLabel = "STAGE", description = "The stage, e.g. prod.")
        String stage;
        @Option(names = "--force", description = "Assign even when the gate refuses; the assignment records it.")
        boolean force;
        @Option(names = {"-m", "--message"}, description = "A note kept with the assignment.")
        String message;

        @Override
        public Integer call() throws Exception {
            Promotion.Promoted done = new Promotion(open()).promote(version, stage, force, message);
            System.out.println(version + " is now " + stage + " (" + done.tag() + ")"
                    + (done.verdict().passed() ? "" : ", forced past the gate: " + done.verdict().reason())
                    + (done.verdict().gated() && done.verdict().passed() ? "; gate: " + done.summary() : ""));
            return 0;
        }
    }

    @Command(name = "recover", sortOptions = false, description = "Bring back a version's model and exact data into "
            + "the workspace (git checkout of its .dvc files and dvc.lock, then jdvc pull), verified by md5.")
    static final class Recover extends InProject implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VERSION", description = "v1, 1 or model@v1.")
        String version;

        @Override
        public Integer call() throws Exception {
            Recovery.Result r = new Recovery(open()).recover(version);
            for (Recovery.Check c : r.checks()) {
                System.out.printf(Locale.ROOT, "%-28s %s %s%n", c.path(), c.actual(),
                        c.ok() ? "ok" : "MISMATCH (recorded " + c.expected() + ")");
            }
            return r.exact() ? 0 : 1;
        }
    }

    @Command(name = "compare", sortOptions = false, description = "Two versions side by side: data (row-level "
            + "diff), params, metrics, predictions per country and the songs they disagree on most.")
    static final class Compare extends InProject implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A", description = "The older version (v1, 1 or model@v1).")
        String a;
        @Parameters(index = "1", paramLabel = "B", description = "The newer version.")
        String b;

        @Override
        public Integer call() throws Exception {
            Comparison.print(new Comparison(open()).compare(a, b), System.out::println);
            return 0;
        }
    }

    @Command(name = "demo", sortOptions = false, description = "The whole story in a scratch project: import, "
            + "train, register, update, retrain, lose everything, recover v1 exactly, compare, serve, drift, retrain.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--dir", description = "Scratch directory (default: a new temporary directory, deleted "
                + "after).")
        Path dir;
        @Option(names = "--keep", description = "Keep the scratch directory.")
        boolean keep;
        @Option(names = "--songs", defaultValue = "1500", description = "Songs on day 1 (default: ${DEFAULT-VALUE}).")
        int songs;
        @Option(names = "--days", defaultValue = "40", description = "Chart days on day 1 (default: ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--epochs", defaultValue = "15", description = "Most training epochs "
                + "(default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--s3-endpoint", defaultValue = "${env:JUKEBOX_S3_ENDPOINT}", description = "Use S3 buckets on "
                + "this endpoint instead of local folders (default: $JUKEBOX_S3_ENDPOINT; credentials: the AWS_* "
                + "variables or ~/.aws).")
        String s3Endpoint;
        @Option(names = "--s3-data-bucket", defaultValue = "data", description = "The data-source bucket "
                + "(default: ${DEFAULT-VALUE}).")
        String dataBucket;
        @Option(names = "--s3-version-bucket", defaultValue = "data-cache", description = "The versions bucket "
                + "(default: ${DEFAULT-VALUE}).")
        String versionBucket;

        @Override
        public Integer call() throws Exception {
            Path d = dir != null ? dir : Files.createTempDirectory("jukebox-demo");
            Demo.Options o = new Demo.Options(d, songs, days, epochs, s3Endpoint, dataBucket, versionBucket, null,
                    null);
            try {
                new Demo(o, System.out::println).run();
            } finally {
                if (dir == null && !keep) {
                    org.jdvc.repo.WorkspaceCheckout.deleteAny(d);
                } else {
                    System.out.println("(kept " + d + ")");
                }
            }
            return 0;
        }
    }
}
