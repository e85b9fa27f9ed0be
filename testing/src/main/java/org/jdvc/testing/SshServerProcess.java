package org.jdvc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * A real OpenSSH server for tests: Debian's {@code /usr/sbin/sshd} as a separate process on 127.0.0.1 and a random
 * free port, with its own ed25519 host key, {@code sshd_config} ({@code UsePAM no}, {@code StrictModes no},
 * {@code Subsystem sftp internal-sftp}) and {@code authorized_keys} in a folder of its own, running as the current
 * user (OpenSSH then only lets that user log in). A client key pair without passphrase and one with the passphrase
 * {@link #PASSPHRASE} are authorized. {@link #sshDir()} is a ready client folder ({@code known_hosts} listing this
 * server, {@code id_ed25519}) to hand to the store under test instead of {@code ~/.ssh}.
 *
 * <p>When sshd is not installed the tests are aborted (skipped) with a message saying how to install it, unless the
 * system property {@code jdvc.require.sshd=true} (set by CI) turns that into a failure.
 */
public final class SshServerProcess implements AutoCloseable {

    public static final String PASSPHRASE = "correct horse battery";
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private Process process;

    private SshServerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts sshd in {@code dir} (created if needed) and waits until it answers with its SSH banner. */
    public static SshServerProcess start(Path dir) throws IOException {
        requireSshd();
        Files.createDirectories(dir);
        Path serverDir = dir.resolve("server");
        Path clientDir = dir.resolve("client");
        Files.createDirectories(serverDir);
        Files.createDirectories(clientDir);
        keygen(serverDir.resolve("host_ed25519"), "");
        keygen(clientDir.resolve("id_ed25519"), "");
        keygen(dir.resolve("encrypted_ed25519"), PASSPHRASE);
        Files.writeString(serverDir.resolve("authorized_keys"),
                Files.readString(clientDir.resolve("id_ed25519.pub")) + Files.readString(dir.resolve("encrypted_ed25519.pub")));
        if (isRoot()) {
            // NOTE: sshd started as root insists on its privilege-separation folder
            Files.createDirectories(Path.of("/run/sshd"));
        }
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            SshServerProcess s = new SshServerProcess(dir, port);
            try {
                s.launch();
                return s;
            } catch (IOException e) {
                // NOTE: the free port may have been taken between probe and bind; try another
                last = e;
                s.close();
            }
        }
        throw last;
    }

    private void launch() throws IOException {
        Path serverDir = dir.resolve("server");
        String config = String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + serverDir.resolve("host_ed25519"),
                "PidFile " + serverDir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + serverDir.resolve("authorized_keys"),
                "UsePAM no",
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin yes",
                "MaxAuthTries 10",
                "MaxSessions 10",
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE",
                "");
        Files.writeString(serverDir.resolve("sshd_config"), config);
        Path log = serverDir.resolve("sshd.log");
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", serverDir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Files.writeString(dir.resolve("client/known_hosts"), "[127.0.0.1]:" + port + " "
                + Files.readString(serverDir.resolve("host_ed25519.pub")).strip() + "\n");
        // NOTE: ready = the SSH banner arrives; waits on the process, not on a fixed time
        for (int i = 0; i < 300; i++) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with " + process.exitValue() + ": " + logTail());
            }
            if (banner()) {
                return;
            }
            sleep(50);
        }
        throw new IOException("sshd did not answer on 127.0.0.1:" + port + " within 15 s: " + logTail());
    }

    private boolean banner() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            byte[] b = new byte[4];
            return in.readNBytes(b, 0, 4) == 4 && new String(b, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** {@code ssh://<current user>@127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "ssh://" + user() + "@127.0.0.1:" + port + path;
    }

    /** The user the server runs as, the only one who can log in. */
    public static String user() {
        return System.getProperty("user.name");
    }

    /** Client folder in {@code ~/.ssh} form: {@code known_hosts} for this server, {@code id_ed25519} authorized. */
    public Path sshDir() {
        return dir.resolve("client");
    }

    /** An authorized ed25519 private key protected by {@link #PASSPHRASE}. */
    public Path encryptedKey() {
        return dir.resolve("encrypted_ed25519");
    }

    /** The sshd log (VERBOSE), for diagnosing failures. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server/sshd.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops sshd (and the per-connection processes it forked, which exit with their connections). */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> sessions = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // NOTE: forked session processes outlive the listener; end those of this server only (listed before it died)
        sessions.forEach(ProcessHandle::destroy);
    }

    private static void requireSshd() {
        if (Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            return;
        }
        String msg = "OpenSSH server not installed (" + SSHD + "); run scripts/install-deps.sh as root "
                + "or apt-get install openssh-server";
        if (Boolean.getBoolean("jdvc.require.sshd")) {
            throw new IllegalStateException(msg);
        }
        throw new TestAbortedException(msg);
    }

    private static void keygen(Path key, String passphrase) throws IOException {
        if (Files.exists(key)) {
            return;
        }
        try {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "jdvc-test",
                    "-f", key.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("ssh-keygen failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ssh-keygen", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sshd", e);
        }
    }
}
