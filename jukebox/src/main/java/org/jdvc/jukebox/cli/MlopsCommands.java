package org.jdvc.jukebox.cli;

import org.jdvc.jukebox.demo.Demo;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.DataSource;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.registry.Comparison;
import org.jdvc.jukebox.registry.ModelRegistry;
import org.jdvc.jukebox.registry.ModelVersion;
import org.jdvc.jukebox.registry.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
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
        @Option(names = "--project", defaultValue = ".", description = "the project's root (default: current dir)")
        Path project;

        Project open() {
            return new Project(project, System.getenv(), System.out::println);
        }
    }

    @Command(name = "ingest", description = "Upload tables to the data-source bucket (a folder or s3://bucket).")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--to", required = true, description = "folder or URL of the bucket")
        String to;
        @Option(names = "--s3-endpoint", description = "S3 endpoint URL (MinIO, ...)")
        String endpoint;
        @Parameters(arity = "1..*", description = "files to upload (song_properties.parquet, song_rankings.parquet)")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            Map<String, String> o = endpoint == null ? Map.of() : Map.of("endpointurl", endpoint);
            DataSource.put(to, o, files.toArray(Path[]::new));
            System.out.println("uploaded " + files.size() + " file(s) to " + to);
            return 0;
        }
    }

    @Command(name = "prepare", description = "Pipeline stage: join the tables, split by song into train/test CSVs.")
    static final class Prepare implements Callable<Integer> {
        @Option(names = "--properties", required = true)
        Path properties;
        @Option(names = "--rankings", required = true)
        Path rankings;
        @Option(names = "--params", description = "params.yaml (prepare.split, prepare.seed)")
        Path params;
        @Option(names = "--out", required = true)
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

    @Command(name = "evaluate", description = "Pipeline stage: score the held-out split with the ONNX model; write "
            + "metrics.json and plot data.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--prepared", required = true)
        Path prepared;
        @Option(names = "--model", required = true, description = "directory with model.onnx and scaler.json")
        Path model;
        @Option(names = "--metrics", defaultValue = "metrics.json")
        Path metrics;
        @Option(names = "--plots", defaultValue = "plots")
        Path plots;

        @Override
        public Integer call() throws Exception {
            System.out.println(Stages.evaluate(prepared, model, metrics, plots).summary());
            return 0;
        }
    }

    @Command(name = "register", description = "Register the workspace's model as the next version (model@vN): "
            + "track and push it, record its lineage, commit, tag.")
    static final class Register extends InProject implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ModelVersion v = new ModelRegistry(open()).register();
            System.out.println("registered " + v.tag());
            System.out.println(v.toJson());
            return 0;
        }
    }

    @Command(name = "models", description = "List the registered model versions, or show one (models v1).")
    static final class Models extends InProject implements Callable<Integer> {
        @Parameters(arity = "0..1", description = "a version to show (v1 or model@v1)")
        String version;

        @Override
        public Integer call() {
            ModelRegistry r = new ModelRegistry(open());
            if (version != null) {
                System.out.println(r.require(version).toJson());
                return 0;
            }
            System.out.printf(Locale.ROOT, "%-10s %-10s %-21s %-34s %-9s %s%n", "version", "git", "created",
                    "data md5 (song_properties)", "accuracy", "top5");
            for (ModelVersion v : r.list()) {
                System.out.printf(Locale.ROOT, "%-10s %-10s %-21s %-34s %-9s %s%n", v.tag(),
                        v.gitRevision().substring(0, 8), v.created(), v.dataMd5().values().iterator().next(),
                        v.metrics().get("accuracy"), v.metrics().get("top5_accuracy"));
            }
            return 0;
        }
    }

    @Command(name = "recover", description = "Bring back a version's model and exact data into the workspace "
            + "(git checkout of its .dvc files + jdvc pull), verified by md5.")
    static final class Recover extends InProject implements Callable<Integer> {
        @Parameters(index = "0", description = "v1 or model@v1")
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

    @Command(name = "compare", description = "Two versions side by side: data (row-level diff), params, metrics, "
            + "predictions per country and the songs they disagree on most.")
    static final class Compare extends InProject implements Callable<Integer> {
        @Parameters(index = "0")
        String a;
        @Parameters(index = "1")
        String b;

        @Override
        public Integer call() throws Exception {
            Comparison.print(new Comparison(open()).compare(a, b), System.out::println);
            return 0;
        }
    }

    @Command(name = "demo", description = "The whole story in a scratch project: import, train, register, update, "
            + "retrain, lose everything, recover v1 exactly, compare, serve.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--dir", description = "scratch directory (default: a new temporary directory, deleted after)")
        Path dir;
        @Option(names = "--keep", description = "keep the scratch directory")
        boolean keep;
        @Option(names = "--songs", defaultValue = "1500")
        int songs;
        @Option(names = "--days", defaultValue = "40")
        int days;
        @Option(names = "--epochs", defaultValue = "15")
        int epochs;
        @Option(names = "--s3-endpoint", defaultValue = "${env:JUKEBOX_S3_ENDPOINT}", description = "use S3 "
                + "buckets on this endpoint instead of local folders (default: $JUKEBOX_S3_ENDPOINT; credentials: the "
                + "AWS_* variables or ~/.aws)")
        String s3Endpoint;
        @Option(names = "--s3-data-bucket", defaultValue = "data")
        String dataBucket;
        @Option(names = "--s3-version-bucket", defaultValue = "data-cache")
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
