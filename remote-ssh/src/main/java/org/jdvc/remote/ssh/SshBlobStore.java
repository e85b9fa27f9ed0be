package org.jdvc.remote.ssh;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jdvc.JdvcException;
import org.jdvc.internal.TempName;
import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteException;
import org.jdvc.remote.RemoteOptions;

/**
 * A {@link BlobStore} over SFTP: {@code ssh://[user@]host[:port]/path}, where {@code /path} is absolute on the server
 * (no path = the login folder). Laid out like a local remote; a put writes {@code .<22 url-safe base64 chars>.tmp}
 * (DVC's temp name) next to the key and renames it over the key with OpenSSH's {@code posix-rename@openssh.com}
 * (atomic replace); temp names are never listed. Objects are not made read-only (DVC does not either for SSH).
 *
 * <h2>Connection</h2>
 * One SSH session, opened at the first request, with a pool of up to {@code max_sessions} (default 10, OpenSSH's
 * {@code MaxSessions}) SFTP channels for parallel transfers; a dropped session is re-opened by the next request.
 * A stream from {@link #open} holds its channel until closed.
 *
 * <h2>Options (DVC's)</h2>
 * {@code user}, {@code port} (over the URL's), {@code keyfile}, {@code password}, {@code ask_password},
 * {@code passphrase}, {@code ask_passphrase} (prompt on the terminal through {@link System#console()}, else a clear
 * error), {@code timeout} (connect + login, seconds, default 1800 like DVC), {@code max_sessions}. Values missing from
 * the options and URL come from {@code ~/.ssh/config} ({@code HostName}, {@code User}, {@code Port},
 * {@code IdentityFile}); without any key file the default {@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}
 * are tried. {@code allow_agent} is accepted but <b>not supported</b>: keys held only by an ssh-agent are not used.
 * {@code gss_auth} is not supported either (an error when true).
 *
 * <h2>Host keys</h2>
 * The server's host key must be listed in {@code ~/.ssh/known_hosts} (plain or hashed, {@code [host]:port} for other
 * ports). An unknown or changed host key is refused with a one-line error saying how to add it; nothing is ever written
 * to {@code known_hosts}. (DVC, through asyncssh, also rejects unknown hosts when {@code known_hosts} exists.)
 */
final class SshBlobStore implements BlobStore {


    final Settings settings;
    private final String remoteName;
    private final String url;
    private final String base; // "/srv/dvc", "/" or "." (login folder)
    private final Set<String> knownDirs = ConcurrentHashMap.newKeySet();

    private SshConnection connection;
    private boolean closed;

    /** Connection parameters as configured (before {@code ~/.ssh/config} fills the gaps); no secrets in toString. */
    record Settings(String remoteName, String url, String host, int port, String user, String keyFile,
            String password, boolean askPassword, String passphrase, boolean askPassphrase, Duration timeout,
            int maxSessions, Path sshDir) {
        @Override
        public String toString() {
            return "Settings[" + RemoteException.redact(url) + "]";
        }
    }

    SshBlobStore(String remoteName, String url, Map<String, String> options, Path sshDir) {
        this.remoteName = remoteName;
        this.url = url;
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw config(remoteName, url, "invalid URL");
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            throw config(remoteName, url, "no host in the URL");
        }
        String path = u.getPath() == null ? "" : u.getPath();
        String trimmed = path.replaceAll("/+$", "");
        base = path.isEmpty() ? "." : trimmed.isEmpty() ? "/" : trimmed;
        String userInfo = u.getUserInfo();
        String urlUser = userInfo == null ? null : userInfo.split(":", 2)[0];
        // NOTE: precedence as in DVC: option, then URL, then ~/.ssh/config (resolved at connect time), then defaults
        String user = options.getOrDefault("user", urlUser);
        int port = options.containsKey("port") ? integer(options, "port", 0) : u.getPort();
        if (RemoteOptions.isTrue(options.getOrDefault("gss_auth", "false"))) {
            throw config(remoteName, url, "gss_auth is not supported by jdvc");
        }
        settings = new Settings(remoteName, url, host, port, user, options.get("keyfile"), options.get("password"),
                RemoteOptions.isTrue(options.getOrDefault("ask_password", "false")), options.get("passphrase"),
                RemoteOptions.isTrue(options.getOrDefault("ask_passphrase", "false")),
                Duration.ofMillis((long) (1000 * number(options, "timeout", 1800))),
                integer(options, "max_sessions", 10), sshDir);
        if (settings.maxSessions() < 1) {
            throw config(remoteName, url, "max_sessions must be at least 1");
        }
    }

    // ---- BlobStore

    @Override
    public boolean exists(String key) throws IOException {
        String p = path(key);
        SshConnection c = connection();
        SshConnection.Channel ch = c.borrow();
        try {
            return ch.isRegularFile(p);
        } catch (IOException e) {
            throw c.failure("check", key, ch, e);
        } finally {
            c.release(ch);
        }
    }

    /** Size only: SFTP keeps no checksum (DVC hashes the bytes of ssh sources, and so do callers). */
    @Override
    public ObjectInfo stat(String key) throws IOException {
        String p = path(key);
        SshConnection c = connection();
        SshConnection.Channel ch = c.borrow();
        try {
            long size = ch.regularFileSize(p);
            if (size < 0) {
                throw new java.nio.file.NoSuchFileException(key, null, "no such object in remote '" + remoteName
                        + "' (" + url + ")");
            }
            return new ObjectInfo(size, null, null);
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw c.failure("stat", key, ch, e);
        } finally {
            c.release(ch);
        }
    }

    @Override
    public void list(String prefix, Consumer<String> sink) throws IOException {
        if (prefix.startsWith("/") || prefix.contains("\\")) {
            throw new IllegalArgumentException("invalid prefix '" + prefix + "'");
        }
        int slash = prefix.lastIndexOf('/');
        String dirKey = slash < 0 ? "" : prefix.substring(0, slash);
        if (!dirKey.isEmpty()) {
            path(dirKey); // validates
        }
        String namePrefix = prefix.substring(slash + 1);
        SshConnection c = connection();
        SshConnection.Channel ch = c.borrow();
        try {
            ch.walk(dirKey.isEmpty() ? base : base + "/" + dirKey, dirKey.isEmpty() ? "" : dirKey + "/", namePrefix,
                    SshBlobStore::isTemp, sink);
        } catch (IOException e) {
            throw c.failure("list", prefix, ch, e);
        } finally {
            c.release(ch);
        }
    }

    @Override
    public int removeStaleTemps(java.util.Collection<String> folders, java.time.Duration age) throws IOException {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        SshConnection c = connection();
        SshConnection.Channel ch = c.borrow();
        int removed = 0;
        try {
            for (String folder : folders) {
                String dir = folder.isEmpty() ? base : path(folder.substring(0, folder.length() - 1));
                removed += ch.removeStaleTemps(dir, cutoff);
            }
        } catch (IOException e) {
            throw c.failure("clean up", "temp files", ch, e);
        } finally {
            c.release(ch);
        }
        return removed;
    }

    @Override
    public InputStream open(String key) throws IOException {
        String p = path(key);
        SshConnection c = connection();
        SshConnection.Channel ch = c.borrow();
        InputStream in;
        try {
            // NOTE: OpenSSH opens a folder for reading and fails only at the first read; a shared key prefix is not an
            // object, so look first.
            if (!ch.isRegularFile(p)) {
                c.release(ch);
                throw noSuchObject(key);
            }
            in = ch.read(p);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            if (ch.isNoSuchFile(e)) {
                c.release(ch);
                throw noSuchObject(key); // deleted between the look and the open
            }
            try {
                throw c.failure("read", key, ch, e);
            } finally {
                c.release(ch);
            }
        }
        return new FilterInputStream(in) {
            private boolean released;

            @Override
            public void close() throws IOException {
                if (released) {
                    return;
                }
                released = true;
                try {
                    super.close();
                } finally {
                    c.release(ch);
                }
            }
        };
    }

    @Override
    public void put(String key, Path source) throws IOException {
        String target = path(key);
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null,
                    "no such file to put into remote '" + remoteName + "' (" + RemoteException.redact(url) + ")");
        }
        int slash = target.lastIndexOf('/');
        String dir = target.substring(0, slash);
        String tmp = dir + "/" + TempName.next();
        SshConnection c = connection();
        SshConnection.Channel ch = c.borrow();
        boolean tmpCreated = false;
        try {
            ensureDir(ch, dir);
            tmpCreated = true;
            try (InputStream in = Files.newInputStream(source); OutputStream out = ch.createExclusive(tmp)) {
                byte[] buf = new byte[64 << 10];
                for (int n; (n = in.read(buf)) > 0; ) {
                    // NOTE: checked between writes so an interrupted put stops early and the channel stays usable
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("interrupted");
                    }
                    out.write(buf, 0, n);
                }
            }
            ch.renameReplacing(tmp, target);
            tmpCreated = false;
        } catch (IOException e) {
            throw c.failure("upload", key, ch, e);
        } finally {
            if (tmpCreated) {
                c.deleteQuietly(ch, tmp);
            }
            c.release(ch);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String p = path(key);
        SshConnection c = connection();
        SshConnection.Channel ch = c.borrow();
        try {
            ch.removeIfExists(p);
        } catch (IOException e) {
            throw c.failure("delete", key, ch, e);
        } finally {
            c.release(ch);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public String toString() {
        return "SshBlobStore[" + remoteName + ", " + RemoteException.redact(url) + "]";
    }

    // ---- internals

    private synchronized SshConnection connection() throws IOException {
        if (closed) {
            throw new IOException("remote '" + remoteName + "' is closed");
        }
        if (connection == null || !connection.isOpen()) {
            if (connection != null) {
                connection.close();
                knownDirs.clear();
            }
            // NOTE: the only place MINA classes get loaded: commands that never touch this remote do not pay for them
            connection = SshConnection.open(settings);
        }
        return connection;
    }

    private NoSuchFileException noSuchObject(String key) {
        return new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' ("
                + RemoteException.redact(url) + ")");
    }

    private void ensureDir(SshConnection.Channel ch, String dir) throws IOException {
        if (knownDirs.contains(dir)) {
            return;
        }
        ch.mkdirs(dir);
        knownDirs.add(dir);
    }

    private String path(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid key '" + key + "'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid key '" + key + "'");
            }
        }
        return base.equals("/") ? "/" + key : base + "/" + key;
    }

    static boolean isTemp(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private static RemoteException config(String remoteName, String url, String detail) {
        return new RemoteException("invalid configuration of", remoteName, url, detail, JdvcException.CONFIG, null);
    }

    private int integer(Map<String, String> options, String option, int dflt) {
        String v = options.get(option);
        try {
            return v == null ? dflt : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw config(remoteName, url, option + " must be an integer, not '" + v + "'");
        }
    }

    private double number(Map<String, String> options, String option, double dflt) {
        String v = options.get(option);
        try {
            return v == null ? dflt : Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw config(remoteName, url, option + " must be a number of seconds, not '" + v + "'");
        }
    }

}
