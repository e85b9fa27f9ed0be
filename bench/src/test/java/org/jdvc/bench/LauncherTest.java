package org.jdvc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher (./jdvc): its JIT choice, and its two Java AOT caches (see the NOTEs there): everyday
 * commands must get a cache without the remote clients' classes (the JVM loads every class of its cache at start-up),
 * transfer commands one with them.
 *
 * <p>Lives in this module because it is built after cli's jar and lib/ exist (./test.sh runs {@code mvn install}).
 * The launcher runs from a scratch copy whose cli/target links to the real jars, so the caches it trains are
 * written there, never beside the working copy's jar.
 */
class LauncherTest {

    @Test
    void localCommandsGetACacheWithoutRemoteClientsAndTransfersOneWithThem(@TempDir Path scratch) throws Exception {
        Path root = repositoryRoot();
        Path jar = root.resolve("cli/target/jdvc-cli.jar");
        assumeTrue(Files.isRegularFile(jar), "cli's jar is built by `mvn install` (./test.sh), not by `mvn test`");
        Path launcher = scratch.resolve("jdvc");
        Files.copy(root.resolve("jdvc"), launcher);
        Path target = Files.createDirectories(scratch.resolve("cli/target"));
        List<Path> links = List.of(Files.createSymbolicLink(scratch.resolve("scripts"), root.resolve("scripts")),
                Files.createSymbolicLink(target.resolve("jdvc-cli.jar"), jar),
                Files.createSymbolicLink(target.resolve("lib"), root.resolve("cli/target/lib")));
        try {
            checkBothCaches(launcher, scratch, target);
        } finally {
            for (Path link : links) {
                Files.delete(link); // NOTE: the links only; JUnit warns about links leaving its temp dir otherwise
            }
        }
    }

    private static void checkBothCaches(Path launcher, Path scratch, Path target) throws Exception {
        Path local = target.resolve("jdvc.aot");
        Path remote = target.resolve("jdvc-remote.aot");

        assertThat(run(launcher, scratch, "--version")).startsWith("0.");
        assertThat(local).isRegularFile();
        assertThat(remote).doesNotExist();

        assertThat(run(launcher, scratch, "push", "--help")).contains("Usage");
        assertThat(remote).isRegularFile();

        List<String> localClasses = cachedClasses(local, target);
        List<String> remoteClasses = cachedClasses(remote, target);
        assertThat(localClasses).anyMatch(c -> c.contains("org.jdvc.api.StatusCommand"))
                .noneMatch(c -> c.contains("software.amazon.awssdk"))
                .as("picocli, rewritten from Java 5 class files by cli's build (cli/build/UpgradeClassFiles.java)")
                .anyMatch(c -> c.contains("picocli.CommandLine"));
        assertThat(remoteClasses).anyMatch(c -> c.contains("org.jdvc.api.StatusCommand"))
                .anyMatch(c -> c.contains("software.amazon.awssdk.services.s3"));
    }

    /**
     * Every command runs with C1 only, pushes to S3 included: md5 goes through OpenSSL and S3 bodies are not signed
     * (UnsignedPayloadSigner), so no hot path needs C2's intrinsics and C2's own compile work would only cost CPU.
     */
    @Test
    void everyCommandRunsWithC1(@TempDir Path repo) throws Exception {
        Path root = repositoryRoot();
        assumeTrue(Files.isRegularFile(root.resolve("cli/target/jdvc-cli.jar")),
                "cli's jar is built by `mvn install` (./test.sh), not by `mvn test`");
        Files.createDirectories(repo.resolve(".dvc"));
        Files.writeString(repo.resolve(".dvc/config"), "[core]\n    remote = cloud\n['remote \"cloud\"']\n"
                + "    url = s3://bucket/path\n['remote \"here\"']\n    url = ../storage\n");
        Path launcher = root.resolve("jdvc");

        assertThat(tieredStopAtLevel(launcher, repo, "push", "--help")).as("push to S3").isEqualTo(1);
        assertThat(tieredStopAtLevel(launcher, repo, "push", "-r", "here", "--help")).isEqualTo(1);
        assertThat(tieredStopAtLevel(launcher, repo, "pull", "--help")).isEqualTo(1);
        assertThat(tieredStopAtLevel(launcher, repo, "status")).isEqualTo(1);
    }

    /** The JIT level the launcher gave the JVM for {@code args} (no AOT cache, so nothing is trained). */
    private static int tieredStopAtLevel(Path launcher, Path cwd, String... args) throws Exception {
        String out = run(launcher, cwd, java.util.Map.of("JDVC_AOT", "0", "JDVC_JAVA_OPTS", "-XX:+PrintFlagsFinal"),
                args);
        return out.lines().filter(l -> l.matches("\\s*intx TieredStopAtLevel\\s+=.*")).findFirst()
                .map(l -> Integer.parseInt(l.replaceAll(".*=\\s*(\\d+).*", "$1")))
                .orElseThrow(() -> new AssertionError("no TieredStopAtLevel in the flags"));
    }

    /** Runs the launcher with the foreground training the benchmarks use; returns its stdout. */
    private static String run(Path launcher, Path cwd, String... args) throws IOException, InterruptedException {
        return run(launcher, cwd, java.util.Map.of("JDVC_AOT_SYNC", "1"), args);
    }

    private static String run(Path launcher, Path cwd, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("JDVC_SKIP_BUILD", "1");
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // NOTE: a bound against a hung test, not a timing assertion
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        assertThat(p.exitValue()).as("exit code of jdvc %s; stdout:%n%s", List.of(args), out).isZero();
        return out;
    }

    /** The classes an AOT cache holds, as the JVM lists them ({@code -XX:+PrintSharedArchiveAndExit}). */
    private static List<String> cachedClasses(Path cache, Path target) throws IOException, InterruptedException {
        StringBuilder cp = new StringBuilder(target.resolve("jdvc-cli.jar").toString());
        try (var libs = Files.list(target.resolve("lib"))) {
            // NOTE: the launcher's glob order (the cache records the class path and refuses another one)
            libs.map(Path::toString).filter(s -> s.endsWith(".jar")).sorted().forEach(s -> cp.append(':').append(s));
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:AOTCache=" + cache,
                "-XX:+PrintSharedArchiveAndExit", "-cp", cp.toString(), "org.jdvc.cli.Main")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isRegularFile(dir.resolve("jdvc")) ? dir : dir.getParent();
    }
}
