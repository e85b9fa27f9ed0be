package org.jdvc.jukebox.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/jukebox} as a user runs it (after {@code mvn package}, so run by failsafe): usage, help, one-line errors,
 * and found through a symlink on the PATH, as an install puts it.
 */
class JukeboxLauncherIT {

    @Test
    void usageAndHelp(@TempDir Path cwd) throws Exception {
        Path launcher = Launchers.root().resolve("bin/jukebox");
        Launchers.Run none = Launchers.run(cwd, List.of(launcher.toString()), 60);
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out()).startsWith("Usage: jukebox").contains("register", "promote", "serve", "monitor");
        Launchers.Run help = Launchers.run(cwd, List.of(launcher.toString(), "--help"), 60);
        assertThat(help.out()).isEqualTo(none.out());
        Launchers.Run train = Launchers.run(cwd, List.of(launcher.toString(), "train", "--help"), 60);
        assertThat(train.code()).isZero();
        assertThat(train.out()).startsWith("Usage: jukebox train").contains("--prepared", "--loss");
    }

    @Test
    void aUserErrorIsOneLine(@TempDir Path cwd) throws Exception {
        Launchers.Run r = Launchers.run(cwd, List.of(Launchers.root().resolve("bin/jukebox").toString(), "serve",
                "--model", "missing.onnx", "--port", "0"), 60);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jukebox: no such model file: missing.onnx\n");
    }

    /** A symlink to the launcher, wherever it is, finds the repository it belongs to. */
    @Test
    void worksThroughASymlinkOnThePath(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("elsewhere/bin"));
        Files.createSymbolicLink(bin.resolve("jukebox"), Launchers.root().resolve("bin/jukebox"));
        Launchers.Run r = Launchers.run(dir, List.of("/bin/sh", "-c", "PATH=" + bin + ":/usr/bin:/bin jukebox --version"),
                60);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("jukebox 0.");
    }
}
