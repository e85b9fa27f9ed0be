package org.jdvc.jukebox.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How the stages of a jukebox {@code dvc.yaml} find the program they run: by the name {@value #NAME} on the
 * {@code PATH}, as any tool a pipeline calls. The repository's {@code bin/jukebox} launcher is the program; its folder
 * goes on the PATH (it holds {@code jdvc} too). A stage command never names a machine's JVM, class path or folder, so a
 * clone of a project reproduces wherever the launcher is installed.
 */
public final class StageCommand {
    /** The command the stages run. */
    public static final String NAME = "jukebox";
    /** Set by {@code bin/jukebox} to its own path, so that code it runs can put the same launcher on a PATH. */
    public static final String LAUNCHER_VARIABLE = "JUKEBOX_LAUNCHER";

    private StageCommand() {
    }

    /**
     * {@code env} with {@code jukebox} first on its PATH, for running a project's stages from this JVM: the folder of
     * the launcher that started this JVM ({@value #LAUNCHER_VARIABLE}); when this JVM was started some other way (a
     * test, an IDE), a script in {@code scratch} that runs this JVM's class path. That script names this machine's
     * paths, so it is written outside any project and never committed.
     */
    public static Map<String, String> environment(Map<String, String> env, Path scratch) throws IOException {
        String launcher = env.get(LAUNCHER_VARIABLE);
        Path bin = launcher != null && Files.isExecutable(Path.of(launcher)) ? Path.of(launcher).getParent()
                : writeForThisJvm(scratch.resolve("bin"));
        Map<String, String> out = new HashMap<>(env);
        String path = env.get("PATH");
        out.put("PATH", bin.toAbsolutePath() + (path == null || path.isEmpty() ? "" : ":" + path));
        return out;
    }

    /** Writes {@code bin/jukebox}, running this JVM with this class path; returns {@code bin}. */
    static Path writeForThisJvm(Path bin) throws IOException {
        Files.createDirectories(bin);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // NOTE: the class path goes in CLASSPATH, not on the command line, as in bin/jukebox
        String script = "#!/bin/sh\nCLASSPATH='" + System.getProperty("java.class.path") + "'\nexport CLASSPATH\n"
                + "exec '" + java + "' -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED "
                + "--sun-misc-unsafe-memory-access=allow org.jdvc.jukebox.cli.JukeboxCommand \"$@\"\n";
        Path f = bin.resolve(NAME);
        Files.writeString(f, script, StandardCharsets.UTF_8);
        if (!f.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + f + " executable");
        }
        return bin;
    }
}
