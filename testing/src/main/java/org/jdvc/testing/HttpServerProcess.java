package org.jdvc.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server for tests: {@link HttpFileServer} in a separate JVM on 127.0.0.1 and a free port (chosen by the
 * server itself, so no port race), serving a folder. Started by {@link #start}, which returns once the server printed
 * that it accepts requests; {@link #close()} stops it.
 */
public final class HttpServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path root;
    private final String scheme;

    private HttpServerProcess(Process process, int port, Path root, String scheme) {
        this.process = process;
        this.port = port;
        this.root = root;
        this.scheme = scheme;
    }

    /**
     * Starts an HTTPS server over {@code root} with a fresh self-signed certificate for {@code localhost} only (so
     * {@code https://127.0.0.1:…} fails the host name check, which tests use), made with the JDK's keytool in {@code certDir}; its PEM is {@code certDir/cert.pem}, a CA
     * bundle that trusts exactly this server.
     */
    public static HttpServerProcess startTls(Path root, Path certDir, String... extraArgs) throws IOException {
        Files.createDirectories(certDir);
        Path ks = certDir.resolve("server.p12");
        if (!Files.exists(ks)) {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                    "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
            run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", ks.toString(), "-storepass",
                    STORE_PASSWORD, "-file", certDir.resolve("cert.pem").toString());
        }
        List<String> args = new ArrayList<>(List.of(extraArgs));
        args.addAll(List.of("--tls", ks.toString(), STORE_PASSWORD));
        return start(root, args.toArray(String[]::new));
    }

    private static final String STORE_PASSWORD = "test-only";

    private static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(cmd[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Starts a server over {@code root}.
     *
     * @param extraArgs {@link HttpFileServer} options, e.g. {@code "--auth", "basic", "user", "secret"}
     */
    public static HttpServerProcess start(Path root, String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath(), HttpFileServer.class.getName(),
                root.toString()));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // NOTE: blocks until the server prints its port or dies (readLine returns null); no fixed waiting
        String line = out.readLine();
        if (line == null || !line.startsWith("READY ")) {
            p.destroyForcibly();
            throw new IOException("HTTP test server did not start: " + (line == null ? "exited" : line));
        }
        return new HttpServerProcess(p, Integer.parseInt(line.substring(6).strip()), root,
                List.of(extraArgs).contains("--tls") ? "https" : "http");
    }

    /** {@code http(s)://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return scheme + "://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** The folder served. */
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String classPath() throws IOException {
        try {
            // NOTE: the server needs only the JDK and its own class: the testing module's classes folder or jar
            return Path.of(HttpFileServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
