package org.jdvc.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hidden: exercises init, add, status, commit and checkout in a scratch repository so that the launcher's Java AOT
 * training run records the classes an ordinary command loads.
 *
 * <p>NOTE: the JVM loads and links every class of an AOT cache at start-up, whether the command needs it or not:
 * a cache that also held the S3, HTTP and SSH clients (about 5,000 classes) made {@code --version} 47 ms and a
 * tiny repository's {@code status} 50 ms slower than a cache without them. So the launcher keeps two caches: the
 * local one for the everyday commands, and one with the remote clients ({@code --remote}) for the transfer commands.
 */
@Command(name = "__train", hidden = true)
public final class TrainCmd extends BaseCommand {
    @Option(names = "--remote", description = "Also set up the S3 and HTTP clients (the transfer commands' cache).")
    boolean remote;

    @Override
    protected int execute() throws IOException {
        Path dir = Files.createTempDirectory("jdvc-train");
        try {
            Jdvc.init(dir, ctx.env()).noScm(true).call();
            Files.writeString(dir.resolve("a.txt"), "a\n");
            Files.createDirectories(dir.resolve("d/s"));
            for (int i = 0; i < 20; i++) {
                Files.writeString(dir.resolve("d/s/f" + i), "file " + i + "\n");
            }
            Jdvc jdvc = Jdvc.open(dir, ctx.env());
            jdvc.add().targets(List.of("a.txt", "d")).call();
            jdvc.status().call();
            Files.writeString(dir.resolve("a.txt"), "b\n");
            jdvc.status().call();
            jdvc.commit().force(true).call();
            Files.delete(dir.resolve("a.txt"));
            jdvc.checkout().call();
            jdvc.status().call();
            org.jdvc.cli.Json.write(java.util.Map.of("a", List.of(1, "b")));
            trainPipeline(jdvc, dir);
            if (remote) {
                touchRemoteClients();
            }
        } finally {
            org.jdvc.repo.WorkspaceCheckout.deleteAny(dir);
        }
        return 0;
    }

    /** A templated one-stage pipeline: dvc.yaml parsing, the graph, repro (one {@code cp} via sh), dvc.lock, status, dag. */
    private static void trainPipeline(Jdvc jdvc, Path dir) throws IOException {
        Files.writeString(dir.resolve("params.yaml"), "n: 1\n");
        Files.writeString(dir.resolve("dvc.yaml"), "stages:\n  copy:\n    cmd: cp d/s/f${n} c.txt\n    deps:\n"
                + "    - d\n    params:\n    - n\n    outs:\n    - c.txt\n");
        java.io.OutputStream sink = java.io.OutputStream.nullOutputStream();
        jdvc.repro().listener(new org.jdvc.pipeline.ReproListener() {
            @Override
            public void info(String line) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void error(String message) {
            }

            @Override
            public java.io.OutputStream stdout() {
                return sink;
            }

            @Override
            public java.io.OutputStream stderr() {
                return sink;
            }
        }).call();
        jdvc.status().call();
        var dag = jdvc.dag().call();
        org.jdvc.pipeline.DagRenderer.ascii(dag.nodes(), dag.edges());
    }

    /**
     * Loads the S3 and HTTP clients' classes by asking a closed loopback port for an object: the request fails at
     * once, but the client set-up (the expensive part of a first request) is recorded in the AOT cache.
     */
    private static void touchRemoteClients() {
        java.util.Map<String, String> s3 = java.util.Map.of("endpointurl", "http://127.0.0.1:9", "access_key_id",
                "train", "secret_access_key", "train", "region", "us-east-1");
        for (String[] remote : new String[][] {{"s3://jdvc-train/x", "s3"}, {"http://127.0.0.1:9/x", "http"}}) {
            try (org.jdvc.remote.BlobStore store = org.jdvc.remote.RemoteRegistry.open("train", remote[0],
                    remote[1].equals("s3") ? s3 : java.util.Map.of())) {
                store.exists("files/md5/00/000000000000000000000000000000");
            } catch (Exception expected) {
                // nothing listens there: only the class loading and set-up matter
            }
        }
    }
}
