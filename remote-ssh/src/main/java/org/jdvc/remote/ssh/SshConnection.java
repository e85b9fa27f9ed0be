package org.jdvc.remote.ssh;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.jdvc.JdvcException;
import org.jdvc.internal.TempName;
import org.jdvc.remote.RemoteException;

/**
 * One authenticated SSH session and its pool of SFTP channels. All MINA types stay in this class so that loading
 * {@link SshBlobStore} costs nothing until a request is made. Thread-safe.
 */
final class SshConnection implements AutoCloseable {

    // NOTE: larger SFTP requests than MINA's 32 KiB default; OpenSSH serves reads up to 256 KiB
    static final int TRANSFER_CHUNK = 128 << 10;

    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final SshBlobStore.Settings settings;
    private final String where; // host:port actually connected to, for messages
    private final SshClient client;
    private final ClientSession session;
    private final LinkedBlockingDeque<Channel> idle = new LinkedBlockingDeque<>();
    private final Semaphore permits;

    private SshConnection(SshBlobStore.Settings settings, String where, SshClient client, ClientSession session) {
        this.settings = settings;
        this.where = where;
        this.client = client;
        this.session = session;
        this.permits = new Semaphore(settings.maxSessions(), true);
    }

    /** An SFTP channel borrowed from the pool; a channel that failed below the SFTP protocol is dropped. */
    final class Channel {
        final SftpClient sftp;
        boolean broken;

        Channel(SftpClient sftp) {
            this.sftp = sftp;
        }

        boolean isRegularFile(String path) throws IOException {
            try {
                return sftp.stat(path).isRegularFile();
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return false;
                }
                throw e;
            }
        }

        /** The size of the regular file at {@code path}, or -1 when there is none. */
        long regularFileSize(String path) throws IOException {
            try {
                SftpClient.Attributes a = sftp.stat(path);
                return a.isRegularFile() ? a.getSize() : -1;
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return -1;
                }
                throw e;
            }
        }

        boolean isNoSuchFile(IOException e) {
            return e instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE;
        }

        InputStream read(String path) throws IOException {
            return sftp.read(path, TRANSFER_CHUNK);
        }

        OutputStream createExclusive(String path) throws IOException {
            return sftp.write(path, TRANSFER_CHUNK, EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                    SftpClient.OpenMode.Exclusive));
        }

        void renameReplacing(String from, String to) throws IOException {
            OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
            if (posix != null && posix.isSupported()) {
                posix.posixRename(from, to);
                return;
            }
            // NOTE: plain SFTPv3 rename refuses an existing target; objects are content-addressed, so a reader
            // that finds the key missing for this instant only re-fetches the same bytes later.
            try {
                sftp.rename(from, to);
            } catch (SftpException e) {
                removeIfExists(to);
                sftp.rename(from, to);
            }
        }

        void removeIfExists(String path) throws IOException {
            try {
                sftp.remove(path);
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
        }

        void mkdirs(String dir) throws IOException {
            try {
                if (sftp.stat(dir).isDirectory()) {
                    return;
                }
                throw new RemoteException("failed to use", settings.remoteName(), settings.url(),
                        "'" + dir + "' exists and is not a folder", null);
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw cannotCreate(dir, e);
                }
            }
            int slash = dir.lastIndexOf('/');
            if (slash > 0) {
                mkdirs(dir.substring(0, slash));
            }
            try {
                sftp.mkdir(dir);
            } catch (SftpException e) {
                // NOTE: a concurrent put may have made it first; SFTPv3 says only "failure" then
                try {
                    if (sftp.stat(dir).isDirectory()) {
                        return;
                    }
                } catch (SftpException again) {
                    // fall through to the original error
                }
                throw cannotCreate(dir, e);
            }
        }

        private RemoteException cannotCreate(String dir, SftpException e) {
            return new RemoteException("failed to use", settings.remoteName(), settings.url(),
                    "cannot create folder '" + dir + "': " + sftpReason(e), e);
        }

        /** Removes the temp files ({@link TempName}'s shape) directly in {@code dir} modified before the cutoff. */
        int removeStaleTemps(String dir, long cutoffMillis) throws IOException {
            List<String> stale = new ArrayList<>();
            try (SftpClient.CloseableHandle h = sftp.openDir(dir)) {
                for (List<SftpClient.DirEntry> batch; (batch = sftp.readDir(h)) != null; ) {
                    for (SftpClient.DirEntry e : batch) {
                        var modified = e.getAttributes().getModifyTime();
                        if (TempName.matches(e.getFilename()) && e.getAttributes().isRegularFile()
                                && modified != null && modified.toMillis() < cutoffMillis) {
                            stale.add(dir + "/" + e.getFilename());
                        }
                    }
                }
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return 0;
                }
                throw e;
            }
            for (String path : stale) {
                removeIfExists(path);
            }
            return stale.size();
        }

        void walk(String dir, String keyPrefix, String namePrefix, Predicate<String> hidden, Consumer<String> sink)
                throws IOException {
            List<SftpClient.DirEntry> entries = new ArrayList<>();
            try (SftpClient.CloseableHandle h = sftp.openDir(dir)) {
                for (List<SftpClient.DirEntry> batch; (batch = sftp.readDir(h)) != null; ) {
                    entries.addAll(batch);
                }
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return; // absent (or deleted while listing): nothing under it
                }
                throw e;
            }
            // NOTE: collect the folder before recursing: one channel serves one open directory handle at a time here
            for (SftpClient.DirEntry e : entries) {
                String name = e.getFilename();
                if (name.equals(".") || name.equals("..") || !name.startsWith(namePrefix) || hidden.test(name)) {
                    continue;
                }
                if (e.getAttributes().isDirectory()) {
                    walk(dir + "/" + name, keyPrefix + name + "/", "", hidden, sink);
                } else if (e.getAttributes().isRegularFile()) {
                    sink.accept(keyPrefix + name);
                }
            }
        }
    }

    // ---- opening

    static SshConnection open(SshBlobStore.Settings s) {
        String host = s.host();
        int port = s.port();
        String user = s.user();
        List<Path> identities = new ArrayList<>();
        boolean explicitIdentities = false;
        if (s.keyFile() != null) {
            identities.add(expandHome(s.keyFile()));
            explicitIdentities = true;
        }
        // ~/.ssh/config: the first value obtained for each parameter wins, as in OpenSSH
        Path config = s.sshDir().resolve("config");
        String configHostName = null;
        List<Path> configIdentities = new ArrayList<>();
        if (Files.isRegularFile(config)) {
            try {
                List<HostConfigEntry> entries = HostConfigEntry.findMatchingEntries(s.host(),
                        HostConfigEntry.readHostConfigEntries(config));
                for (HostConfigEntry e : entries) {
                    if (configHostName == null && e.getHostName() != null && !e.getHostName().isEmpty()) {
                        configHostName = e.getHostName();
                    }
                    if (user == null && e.getUsername() != null && !e.getUsername().isEmpty()) {
                        user = e.getUsername();
                    }
                    if (port <= 0 && e.getPort() > 0) {
                        port = e.getPort();
                    }
                    if (e.getIdentities() != null) {
                        for (String id : e.getIdentities()) {
                            configIdentities.add(expandHome(id));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new RemoteException("failed to use", s.remoteName(), s.url(),
                        "cannot read " + config + ": " + e.getMessage(), JdvcException.CONFIG, e);
            }
        }
        if (configHostName != null) {
            host = configHostName.replace("%h", s.host());
        }
        if (port <= 0) {
            port = 22;
        }
        if (user == null) {
            user = System.getProperty("user.name");
        }
        if (!explicitIdentities) {
            identities.addAll(configIdentities);
            explicitIdentities = !configIdentities.isEmpty();
        }
        if (identities.isEmpty()) {
            for (String name : DEFAULT_KEYS) {
                identities.add(s.sshDir().resolve(name));
            }
        }
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        Path knownHosts = s.sshDir().resolve("known_hosts");

        AtomicReference<String> hostKeyProblem = new AtomicReference<>();
        SshClient client = SshClient.setUpDefaultClient();
        // NOTE: all of ~/.ssh is resolved above with DVC's precedence; MINA must not apply its own on top
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier(new StrictKnownHosts(knownHosts, where, hostKeyProblem));
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(user, host, port).verify(s.timeout()).getSession();
            for (Path id : identities) {
                for (KeyPair kp : loadKeys(s, id, explicitIdentities)) {
                    session.addPublicKeyIdentity(kp);
                }
            }
            String password = s.password();
            if (password == null && s.askPassword()) {
                password = prompt(s, "ask_password", user + "@" + where + "'s password: ");
            }
            if (password != null) {
                session.addPasswordIdentity(password);
            }
            session.auth().verify(s.timeout());
            return new SshConnection(s, where, client, session);
        } catch (RemoteException e) {
            closeQuietly(session, client);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(session, client);
            throw connectFailure(s, where, user, hostKeyProblem.get(), e);
        }
    }

    private static RemoteException connectFailure(SshBlobStore.Settings s, String where, String user,
            String hostKeyProblem, Exception e) {
        if (hostKeyProblem != null) {
            return new RemoteException("failed to reach", s.remoteName(), s.url(), hostKeyProblem, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new RemoteException("failed to reach", s.remoteName(), s.url(),
                        "connection refused to " + where, e);
            }
            if (t instanceof UnknownHostException) {
                return new RemoteException("failed to reach", s.remoteName(), s.url(), "unknown host " + where, e);
            }
            if (t instanceof NoRouteToHostException) {
                return new RemoteException("failed to reach", s.remoteName(), s.url(), "no route to " + where, e);
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException
                    && !(t.getCause() instanceof InterruptedException)) {
                return new RemoteException("failed to reach", s.remoteName(), s.url(), "timed out connecting to "
                        + where, e);
            }
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (msg.contains("No more authentication methods") || msg.contains("authentication")) {
            return new RemoteException("access denied by", s.remoteName(), s.url(), "authentication failed for user '"
                    + user + "' at " + where + " (jdvc does not use ssh-agent; set keyfile or password)", e);
        }
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
            return new RemoteException("failed to reach", s.remoteName(), s.url(), "timed out connecting to " + where,
                    e);
        }
        return new RemoteException("failed to reach", s.remoteName(), s.url(), where + ": " + scrub(s, firstLine(msg)),
                e);
    }

    private static Iterable<KeyPair> loadKeys(SshBlobStore.Settings s, Path file, boolean explicit) {
        if (!Files.isRegularFile(file)) {
            if (explicit && s.keyFile() != null) {
                throw new RemoteException("invalid configuration of", s.remoteName(), s.url(),
                        "keyfile " + file + " does not exist", JdvcException.CONFIG, null);
            }
            return List.of();
        }
        boolean[] asked = {false};
        FilePasswordProvider passphrase = (session, resource, retry) -> {
            asked[0] = true;
            if (s.passphrase() != null) {
                return s.passphrase();
            }
            if (s.askPassphrase()) {
                return prompt(s, "ask_passphrase", "Enter passphrase for key '" + file + "': ");
            }
            return null;
        };
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, passphrase);
            return keys == null ? List.of() : keys;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            if (e instanceof RemoteException re) {
                throw re;
            }
            if (!explicit) {
                return List.of(); // a default key we cannot read (e.g. encrypted): OpenSSH would skip it too
            }
            String why = asked[0] && s.passphrase() == null && !s.askPassphrase()
                    ? "it is encrypted; set passphrase or ask_passphrase"
                    : asked[0] ? "wrong passphrase or unreadable key" : scrub(s, firstLine(String.valueOf(e.getMessage())));
            throw new RemoteException("invalid configuration of", s.remoteName(), s.url(),
                    "cannot load key file " + file + ": " + why, JdvcException.CONFIG, e);
        }
    }

    private static String prompt(SshBlobStore.Settings s, String option, String text) {
        Console console = System.console();
        char[] answer = console == null ? null : console.readPassword("%s", text);
        if (answer == null) {
            throw new RemoteException("invalid configuration of", s.remoteName(), s.url(),
                    option + " needs an interactive terminal; set the secret with 'jdvc remote modify --local' instead",
                    JdvcException.CONFIG, null);
        }
        return new String(answer);
    }

    /** known_hosts check that refuses unknown and changed keys and remembers why, for the one-line message. */
    private static final class StrictKnownHosts extends KnownHostsServerKeyVerifier {
        private final String where;
        private final AtomicReference<String> problem;

        StrictKnownHosts(Path knownHosts, String where, AtomicReference<String> problem) {
            super(RejectAllServerKeyVerifier.INSTANCE, knownHosts);
            this.where = where;
            this.problem = problem;
        }

        @Override
        protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remote, PublicKey key) {
            problem.set("host key of " + where + " is not in " + getPath() + " (unknown hosts are refused; add it, "
                    + "e.g. ssh-keyscan -p " + where.substring(where.lastIndexOf(':') + 1) + " "
                    + where.substring(0, where.lastIndexOf(':')).replaceAll("[\\[\\]]", "") + " >> " + getPath() + ")");
            return false;
        }

        @Override
        public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remote, KnownHostEntry entry,
                PublicKey expected, PublicKey actual) {
            problem.set("host key of " + where + " does not match the one in " + getPath()
                    + " (possible man-in-the-middle; remove the old entry if the host key really changed)");
            return false;
        }
    }

    // ---- the channel pool

    boolean isOpen() {
        return session.isOpen() && !session.isClosing();
    }

    Channel borrow() throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an SFTP channel of remote '"
                    + settings.remoteName() + "'");
        }
        for (Channel c; (c = idle.pollFirst()) != null; ) {
            if (c.sftp.isOpen()) {
                return c;
            }
            closeQuietly(c);
        }
        try {
            return new Channel(SftpClientFactory.instance().createSftpClient(session));
        } catch (IOException | RuntimeException e) {
            permits.release();
            if (!isOpen()) {
                throw new RemoteException("lost connection to", settings.remoteName(), settings.url(), where, e);
            }
            throw new RemoteException("failed to use", settings.remoteName(), settings.url(),
                    "cannot open an SFTP channel on " + where + ": " + scrub(settings, firstLine(e.getMessage()))
                            + " (is the sftp subsystem enabled?)", e);
        }
    }

    void release(Channel c) {
        if (c.broken || !c.sftp.isOpen()) {
            closeQuietly(c);
        } else {
            idle.offerFirst(c);
        }
        permits.release();
    }

    /**
     * Deletes a temp file after a failed put, on the channel that wrote it when that channel is still open; runs even
     * when the thread was interrupted.
     *
     * <p>NOTE: each SFTP channel is its own sftp-server process, which handles its requests in order. An interrupted
     * put may leave requests of its channel in flight (the open, pipelined writes); a removal sent on another channel
     * can overtake them and leave the temp name behind. Sent on the writer's channel it runs after all of them.
     */
    void deleteQuietly(Channel writer, String path) {
        // NOTE: MINA's waits fail at once on an interrupted thread; clear the flag for the clean-up, then restore it
        boolean interrupted = Thread.interrupted();
        try {
            if (writer.sftp.isOpen()) {
                try {
                    writer.removeIfExists(path);
                    return;
                } catch (IOException | RuntimeException e) {
                    writer.broken = true; // then try once more on a fresh channel
                }
            }
            Channel c = borrow();
            try {
                c.removeIfExists(path);
            } catch (IOException e) {
                c.broken = !(e instanceof SftpException);
            } finally {
                release(c);
            }
        } catch (IOException | RuntimeException ignored) {
            // a leftover temp name is invisible to every operation
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Turns an operation's failure into the exception the BlobStore contract asks for; marks broken channels. */
    IOException failure(String op, String key, Channel c, IOException e) {
        String what = "failed to " + op + " '" + key + "' in remote '" + settings.remoteName() + "' ("
                + RemoteException.redact(settings.url()) + "): ";
        if (e instanceof SftpException s) {
            if (s.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) {
                throw new RemoteException("access denied by", settings.remoteName(), settings.url(),
                        "permission denied to " + op + " '" + key + "'", e);
            }
            return new IOException(what + sftpReason(s), e);
        }
        c.broken = true;
        if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException ie = new InterruptedIOException(what + "interrupted");
            ie.initCause(e);
            return ie;
        }
        if (e instanceof NoSuchFileException) {
            return e;
        }
        if (!isOpen()) {
            throw new RemoteException("lost connection to", settings.remoteName(), settings.url(), where, e);
        }
        return new IOException(what + scrub(settings, firstLine(String.valueOf(e.getMessage()))), e);
    }

    private static String sftpReason(SftpException e) {
        return switch (e.getStatus()) {
            case SftpConstants.SSH_FX_NO_SUCH_FILE -> "no such file";
            case SftpConstants.SSH_FX_PERMISSION_DENIED -> "permission denied";
            default -> "SFTP error " + e.getStatus() + (e.getMessage() == null ? "" : " " + firstLine(e.getMessage()));
        };
    }

    @Override
    public void close() {
        for (Channel c; (c = idle.pollFirst()) != null; ) {
            closeQuietly(c);
        }
        closeQuietly(session, client);
    }

    private static void closeQuietly(Channel c) {
        try {
            c.sftp.close();
        } catch (IOException | RuntimeException ignored) {
            // the channel is gone either way
        }
    }

    private static void closeQuietly(ClientSession session, SshClient client) {
        try {
            if (session != null) {
                session.close(true);
            }
        } finally {
            client.stop();
        }
    }

    private static Path expandHome(String file) {
        if (file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(file.substring(2));
        }
        return Path.of(file);
    }

    private static String scrub(SshBlobStore.Settings s, String msg) {
        for (String secret : new String[] {s.password(), s.passphrase()}) {
            if (secret != null && !secret.isEmpty()) {
                msg = msg.replace(secret, "***");
            }
        }
        return msg;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
