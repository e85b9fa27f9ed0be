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
        } finally {
            org.jdvc.repo.WorkspaceCheckout.deleteAny(dir);
        }
        return 0;
    }
}
