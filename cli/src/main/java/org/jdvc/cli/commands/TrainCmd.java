package org.jdvc.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import picocli.CommandLine.Command;

/**
 * Hidden: exercises init, add, status, commit and checkout in a scratch repository so that the launcher's Java AOT
 * training run records the classes an ordinary command loads.
 */
@Command(name = "__train", hidden = true)
public final class TrainCmd extends BaseCommand {
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
            touchRemoteClients();
        } finally {
            org.jdvc.repo.WorkspaceCheckout.deleteAny(dir);
        }
        return 0;
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
