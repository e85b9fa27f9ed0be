package org.jdvc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: S3Proxy 4.1.0 (filesystem backend) as a separate JVM on 127.0.0.1, on a random free port
 * chosen at the first {@link #start()} and kept across {@link #stop()}/{@link #kill()} and restarts, as is the data.
 *
 * <p>The jar is found, in order, at the system property {@code jdvc.s3proxy.jar} (modules set it to the copy their
 * build fetched with maven-dependency-plugin), in the local Maven repository, in {@code ~/.cache/jdvc-test/}; failing
 * those it is fetched once with {@code mvn dependency:copy} into {@code ~/.cache/jdvc-test/}.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String VERSION = "4.1.0";
    public static final String ACCESS_KEY = "jdvc-test-identity";
    public static final String SECRET_KEY = "jdvc-test-credential-5ecret";

    private static final String JAR_NAME = "s3proxy-" + VERSION + "-jar-with-dependencies.jar";

    private final Path dir;
    private final Path blobs;
    private int port;
    private Process process;

    /** A server keeping its objects, config and log in {@code dir} (not started yet). */
    public S3ProxyServer(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.blobs = this.dir.resolve("blobs");
    }

    /** Creates a server in {@code dir}, starts it and waits until it answers. */
    public static S3ProxyServer started(Path dir) throws IOException {
        S3ProxyServer s = new S3ProxyServer(dir);
        s.start();
        return s;
    }

    /** Starts the server (same port and data as before if it ran already) and waits until it answers HTTP. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        if (port == 0) {
            port = freePort();
        }
        Files.createDirectories(blobs);
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + blobs, ""));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // NOTE: small heap and C1 only: the server is I/O bound, and up to 7 engineers share 2 cores here.
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", jar().toString(), "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue() + "; log: " + logTail());
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IOException("S3Proxy did not answer on " + endpoint() + " within 90 s; log: " + logTail());
            }
            sleep(100);
        }
    }

    /** Stops the server gracefully (SIGTERM, then SIGKILL after 20 s). Data stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        process = null;
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits for it to be gone. Data stays. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        kill();
    }

    /**
     * Creates bucket {@code name}. NOTE: with the filesystem backend a bucket is a folder, which avoids signing an S3
     * request here; the server sees it on the next request.
     */
    public void createBucket(String name) throws IOException {
        Files.createDirectories(blobs.resolve(name));
    }

    /** {@code http://127.0.0.1:<port>}; the port is fixed at the first start. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Where the backend keeps the objects: {@code blobsDir()/<bucket>/<key>}. */
    public Path blobsDir() {
        return blobs;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() > 0;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("s3proxy.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The S3Proxy jar, fetched with Maven into {@code ~/.cache/jdvc-test/} when no copy is found. */
    public static synchronized Path jar() throws IOException {
        String configured = System.getProperty("jdvc.s3proxy.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path m2 = Path.of(System.getProperty("maven.repo.local", home.resolve(".m2/repository").toString()));
        Path inM2 = m2.resolve("org/gaul/s3proxy/" + VERSION + "/" + JAR_NAME);
        if (Files.isRegularFile(inM2)) {
            return inM2;
        }
        Path cacheDir = home.resolve(".cache/jdvc-test");
        Path cached = cacheDir.resolve(JAR_NAME);
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        Files.createDirectories(cacheDir);
        // NOTE: copy into a private folder and rename: test JVMs of parallel builds may fetch at the same time.
        Path tmp = Files.createTempDirectory(cacheDir, ".fetch");
        try {
            Process p = new ProcessBuilder("mvn", "-q", "-B",
                    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                    "-Dartifact=org.gaul:s3proxy:" + VERSION + ":jar:jar-with-dependencies",
                    "-DoutputDirectory=" + tmp).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !Files.isRegularFile(tmp.resolve(JAR_NAME))) {
                throw new IOException("could not fetch S3Proxy " + VERSION + " with mvn: " + out.strip());
            }
            Files.move(tmp.resolve(JAR_NAME), cached, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching S3Proxy", e);
        } finally {
            try (var left = Files.list(tmp)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(tmp);
            } catch (IOException | UncheckedIOException ignored) {
                // best effort
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for S3Proxy", e);
        }
    }
}
