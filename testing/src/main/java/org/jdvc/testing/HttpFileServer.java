package org.jdvc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP file server over a folder, meant to run as its own process ({@link HttpServerProcess} starts it):
 * {@code GET}/{@code HEAD} serve regular files (404 for folders and absent paths), {@code PUT}/{@code POST} store the
 * request body under the path (parent folders made; the body goes to a hidden temp file renamed into place only when
 * complete, so a cut upload leaves nothing), {@code DELETE} removes a file. Optional Basic or Digest (MD5, qop=auth)
 * authentication for one user, or {@code custom}: a header named by "user" must carry "password"; {@code --no-delete} answers DELETE with 405. Only the JDK is needed on the class path.
 *
 * <p>Usage: {@code HttpFileServer <dir> [--auth basic|digest|custom <user> <password>] [--no-delete] [--etag] [--tls <keystore.p12> <password>]}; binds 127.0.0.1 on a
 * free port and prints {@code READY <port>} on stdout when it accepts requests.
 */
public final class HttpFileServer {

    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final String auth;
    private final String user;
    private final String password;
    private final boolean delete;
    private final String nonce;

    private HttpFileServer(Path root, String auth, String user, String password, boolean delete) {
        this.root = root.toAbsolutePath().normalize();
        this.auth = auth;
        this.user = user;
        this.password = password;
        this.delete = delete;
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        this.nonce = HexFormat.of().formatHex(n);
    }

    /** {@code --etag}: send {@code ETag: "<md5>"} with GET and HEAD answers. */
    private boolean sendEtag;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        String auth = null;
        String user = null;
        String password = null;
        boolean delete = true;
        boolean etag = false;
        Path keyStore = null;
        char[] storePassword = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--auth" -> {
                    auth = args[++i];
                    user = args[++i];
                    password = args[++i];
                }
                case "--no-delete" -> delete = false;
                case "--etag" -> etag = true;
                case "--tls" -> {
                    keyStore = Path.of(args[++i]);
                    storePassword = args[++i].toCharArray();
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(root);
        HttpFileServer files = new HttpFileServer(root, auth, user, password, delete);
        files.sendEtag = etag;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        HttpServer server;
        if (keyStore == null) {
            server = HttpServer.create(loopback, 64);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls(keyStore, storePassword)));
            server = https;
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        server.setExecutor(pool);
        server.createContext("/", files::handle);
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static SSLContext tls(Path keyStore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from " + keyStore, e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex)) {
                return;
            }
            Path p = resolve(ex.getRequestURI());
            if (p == null) {
                send(ex, 400);
                return;
            }
            switch (ex.getRequestMethod()) {
                case "GET", "HEAD" -> get(ex, p);
                case "PUT", "POST" -> put(ex, p);
                case "DELETE" -> {
                    if (!delete) {
                        send(ex, 405);
                    } else {
                        send(ex, Files.isRegularFile(p) && Files.deleteIfExists(p) ? 204 : 404);
                    }
                }
                default -> send(ex, 405);
            }
        } catch (IOException | RuntimeException e) {
            // NOTE: the client went away mid-request (cut upload); nothing to answer
        }
    }

    private void get(HttpExchange ex, Path p) throws IOException {
        if (!Files.isRegularFile(p) || isTemp(p)) {
            send(ex, 404);
            return;
        }
        long size = Files.size(p);
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (sendEtag) {
            // NOTE: a content-derived strong ETag, as static file servers often send; import-url records it
            try {
                byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p));
                ex.getResponseHeaders().set("ETag", "\"" + HexFormat.of().formatHex(digest) + "\"");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(size));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (InputStream in = Files.newInputStream(p); OutputStream out = ex.getResponseBody()) {
            in.transferTo(out);
        }
    }

    private void put(HttpExchange ex, Path p) throws IOException {
        if (Files.isDirectory(p)) {
            send(ex, 409);
            return;
        }
        Files.createDirectories(p.getParent());
        Path tmp = p.resolveSibling(".upload-" + HexFormat.of().formatHex(randomBytes(8)) + ".tmp");
        boolean existed = Files.exists(p);
        try {
            try (InputStream in = ex.getRequestBody()) {
                // NOTE: the fixed-length body stream throws when the client disconnects before Content-Length bytes
                Files.copy(in, tmp);
            }
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        send(ex, existed ? 200 : 201);
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        if (auth == null) {
            return true;
        }
        String h = ex.getRequestHeaders().getFirst("Authorization");
        boolean ok = h != null && switch (auth) {
            case "basic" -> h.equals("Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            case "digest" -> digestOk(ex.getRequestMethod(), h);
            default -> false;
        };
        if (auth.equals("custom")) {
            // NOTE: "user" is the header name, "password" its expected value
            ok = password.equals(ex.getRequestHeaders().getFirst(user));
        }
        if (ok) {
            return true;
        }
        // NOTE: drain the body so the client can read the 401 instead of a reset connection
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        ex.getResponseHeaders().set("WWW-Authenticate", !auth.equals("digest") ? "Basic realm=\"jdvc\""
                : "Digest realm=\"jdvc\", qop=\"auth\", algorithm=MD5, nonce=\"" + nonce + "\", opaque=\"0pq\"");
        send(ex, 401);
        return false;
    }

    private boolean digestOk(String method, String header) {
        if (!header.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        if (!user.equals(p.get("username")) || !nonce.equals(p.get("nonce")) || !"auth".equals(p.get("qop"))) {
            return false;
        }
        String ha1 = md5(user + ":jdvc:" + password);
        String ha2 = md5(method + ":" + p.get("uri"));
        String want = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return want.equals(p.get("response"));
    }

    private Path resolve(URI uri) {
        String path = uri.getPath();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return null;
            }
        }
        Path p = root.resolve(path.replaceFirst("^/+", "")).normalize();
        return p.startsWith(root) ? p : null;
    }

    private static boolean isTemp(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith(".upload-") && n.endsWith(".tmp");
    }

    private static void send(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
