package org.jdvc.remote;

import java.io.Console;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jdvc.JdvcException;

/**
 * A {@link BlobStore} over plain HTTP(S): {@code http(s)://host[:port]/path}, key {@code k} at {@code <url>/k}.
 * exists = {@code HEAD} (2xx yes, 404/410 no), open = {@code GET}, put = one {@code POST} (or the {@code method}
 * option, e.g. {@code PUT}) per object with the file as body, delete = {@code DELETE}. HTTP has no listing:
 * {@link #canList()} is {@code false} and {@link #list} throws {@link UnsupportedOperationException}.
 *
 * <p>Atomicity of a put is the server's business: this store sends the whole file in one request, and a request cut
 * short (interrupt, lost connection) arrives with fewer bytes than its {@code Content-Length}, which a sound server
 * (like jdvc's test server) discards.
 *
 * <h2>Options (DVC's)</h2>
 * {@code auth} = {@code basic} | {@code digest} | {@code custom} (header {@code custom_auth_header} with the
 * {@code password} as its value), {@code user}, {@code password}, {@code ask_password} (prompt on the terminal, else a
 * clear error), {@code ssl_verify} ({@code true}, {@code false} = trust any certificate and host name, or a CA bundle
 * path), {@code method}, {@code connect_timeout} and {@code read_timeout} (seconds, default 60; the read timeout bounds
 * the wait for response headers of HEAD/GET/DELETE, not uploads, which may take long). User information in the URL
 * ({@code user:password@}) is used when the options carry none. The {@link HttpClient} (~300 ms with TLS set-up) is
 * built at the first request.
 */
final class HttpBlobStore implements BlobStore {

    private static final Pattern DIGEST_PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String remoteName;
    private final String url; // as configured, for messages (redacted)
    private final URI base; // without user info, no trailing slash
    private final String auth; // null, basic, digest, custom
    private final String user;
    private final String customHeader;
    private final boolean askPassword;
    private final String method;
    private final String sslVerify;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private volatile String password;
    private volatile HttpClient client;
    private volatile Map<String, String> digestChallenge;
    private final AtomicLong digestCount = new AtomicLong();

    HttpBlobStore(String remoteName, String url, Map<String, String> options) {
        this.remoteName = remoteName;
        this.url = url;
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw config("invalid URL");
        }
        if (u.getHost() == null) {
            throw config("no host in the URL");
        }
        String urlUser = null;
        String urlPassword = null;
        if (u.getRawUserInfo() != null) {
            String[] parts = u.getUserInfo().split(":", 2);
            urlUser = parts[0];
            urlPassword = parts.length > 1 ? parts[1] : null;
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
        base = URI.create(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority().replaceFirst("^.*@", "")
                + path);
        user = options.getOrDefault("user", urlUser);
        password = options.getOrDefault("password", urlPassword);
        askPassword = RemoteOptions.isTrue(options.getOrDefault("ask_password", "false"));
        String a = options.get("auth");
        auth = a == null ? (user != null ? "basic" : null) : a.strip().toLowerCase(Locale.ROOT);
        if (auth != null && !auth.equals("basic") && !auth.equals("digest") && !auth.equals("custom")) {
            throw config("auth must be basic, digest or custom, not '" + a + "'");
        }
        customHeader = options.get("custom_auth_header");
        if ("custom".equals(auth) && (customHeader == null || customHeader.isBlank())) {
            throw config("auth = custom needs custom_auth_header");
        }
        if (("basic".equals(auth) || "digest".equals(auth)) && user == null) {
            throw config("auth = " + auth + " needs user");
        }
        method = options.getOrDefault("method", "POST").strip().toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]+")) {
            throw config("invalid method '" + options.get("method") + "'");
        }
        sslVerify = options.getOrDefault("ssl_verify", "true").strip();
        connectTimeout = RemoteOptions.seconds(options, "connect_timeout", 60, this::config);
        readTimeout = RemoteOptions.seconds(options, "read_timeout", 60, this::config);
    }

    // ---- BlobStore

    @Override
    public boolean exists(String key) throws IOException {
        HttpResponse<Void> r = send(request(key, "HEAD").timeout(readTimeout), HttpResponse.BodyHandlers.discarding(),
                "check", key);
        int status = r.statusCode();
        if (status / 100 == 2) {
            return true;
        }
        if (status == 404 || status == 410) {
            return false;
        }
        throw statusFailure("check", key, status);
    }

    /**
     * HEAD: {@code Content-Length} (-1 when absent) and, as {@code checksum}, the {@code ETag} (quotes and a weak
     * {@code W/} prefix stripped) or else {@code Content-MD5}; null when the server sends neither.
     */
    @Override
    public ObjectInfo stat(String key) throws IOException {
        HttpResponse<Void> r = send(request(key, "HEAD").timeout(readTimeout), HttpResponse.BodyHandlers.discarding(),
                "check", key);
        int status = r.statusCode();
        if (status == 404 || status == 410) {
            throw new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' ("
                    + RemoteException.redact(url) + ")");
        }
        if (status / 100 != 2) {
            throw statusFailure("check", key, status);
        }
        long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        String checksum = r.headers().firstValue("ETag").map(v -> v.replaceFirst("^W/", "").replace("\"", ""))
                .or(() -> r.headers().firstValue("Content-MD5")).filter(v -> !v.isBlank()).orElse(null);
        return new ObjectInfo(size, checksum == null ? null : "checksum", checksum);
    }

    @Override
    public boolean canList() {
        return false;
    }

    @Override
    public void list(String prefix, Consumer<String> sink) {
        throw new UnsupportedOperationException("remote '" + remoteName + "' (" + RemoteException.redact(url)
                + ") cannot be listed: HTTP has no listing, check objects one by one");
    }

    @Override
    public InputStream open(String key) throws IOException {
        HttpResponse<InputStream> r = send(request(key, "GET").timeout(readTimeout),
                HttpResponse.BodyHandlers.ofInputStream(), "read", key);
        int status = r.statusCode();
        if (status / 100 == 2) {
            return r.body();
        }
        r.body().close();
        if (status == 404 || status == 410) {
            throw new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' ("
                    + RemoteException.redact(url) + ")");
        }
        throw statusFailure("read", key, status);
    }

    @Override
    public void put(String key, Path source) throws IOException {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(source);
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(source.toString(), null,
                    "no such file to put into remote '" + remoteName + "' (" + RemoteException.redact(url) + ")");
        }
        HttpResponse<Void> r = send(request(key, method).method(method, body)
                .header("Content-Type", "application/octet-stream"), HttpResponse.BodyHandlers.discarding(),
                "upload", key);
        int status = r.statusCode();
        if (status / 100 == 2) {
            return;
        }
        if (status == 405 || status == 501) {
            throw new RemoteException("failed to upload to", remoteName, url, "the server does not accept " + method
                    + " (HTTP " + status + "); set the remote's 'method' option if it takes another", null);
        }
        throw statusFailure("upload", key, status);
    }

    @Override
    public void delete(String key) throws IOException {
        HttpResponse<Void> r = send(request(key, "DELETE").timeout(readTimeout).DELETE(),
                HttpResponse.BodyHandlers.discarding(), "delete", key);
        int status = r.statusCode();
        if (status / 100 == 2 || status == 404 || status == 410) {
            return;
        }
        if (status == 405 || status == 501) {
            throw new RemoteException("failed to delete from", remoteName, url,
                    "the server does not support DELETE (HTTP " + status + ")", null);
        }
        throw statusFailure("delete", key, status);
    }

    @Override
    public void close() {
        HttpClient c = client;
        if (c != null) {
            c.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "HttpBlobStore[" + remoteName + ", " + RemoteException.redact(url) + "]";
    }

    // ---- requests

    private HttpRequest.Builder request(String key, String requestMethod) {
        URI uri = URI.create(base + "/" + encodeKey(key));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (requestMethod.equals("HEAD")) {
            b.method("HEAD", HttpRequest.BodyPublishers.noBody());
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler, String op, String key)
            throws IOException {
        HttpRequest probe = b.copy().build();
        try {
            authorize(b, probe.method(), probe.uri(), false);
            HttpResponse<T> r = client().send(b.build(), handler);
            if (r.statusCode() == 401 && "digest".equals(auth) && isStale(r)) {
                // NOTE: servers expire digest nonces; one retry with the fresh challenge, never a loop
                discard(r);
                authorize(b, probe.method(), probe.uri(), true);
                r = client().send(b.build(), handler);
            }
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                discard(r);
                throw new RemoteException("access denied by", remoteName, url, "HTTP " + r.statusCode()
                        + (auth == null ? "; set the remote's auth, user and password" : "; check user and password"),
                        null);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what(op, key) + "interrupted");
        } catch (HttpConnectTimeoutException e) {
            throw new RemoteException("failed to reach", remoteName, url, "timed out connecting to " + hostPort(), e);
        } catch (HttpTimeoutException e) {
            throw new IOException(what(op, key) + "no answer within read_timeout (" + readTimeout.toSeconds() + " s)",
                    e);
        } catch (IOException e) {
            if (e.getCause() instanceof FileNotFoundException || e instanceof FileNotFoundException) {
                throw new NoSuchFileException(key, null, what(op, key) + "source vanished");
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConnectException) {
                    throw new RemoteException("failed to reach", remoteName, url, "connection refused to " + hostPort(),
                            e);
                }
                if (t instanceof UnknownHostException) {
                    throw new RemoteException("failed to reach", remoteName, url, "unknown host " + base.getHost(), e);
                }
                if (t instanceof SSLException) {
                    throw new RemoteException("failed to reach", remoteName, url, "TLS failure with " + hostPort()
                            + ": " + scrub(firstLine(t.getMessage()))
                            + " (ssl_verify may point to a CA bundle, or be false)", e);
                }
            }
            throw new IOException(what(op, key) + scrub(firstLine(String.valueOf(e.getMessage()))), e);
        }
    }

    private void authorize(HttpRequest.Builder b, String requestMethod, URI uri, boolean freshChallenge)
            throws IOException, InterruptedException {
        if (auth == null) {
            return;
        }
        switch (auth) {
            case "basic" -> b.setHeader("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password()).getBytes(StandardCharsets.UTF_8)));
            case "custom" -> b.setHeader(customHeader, password());
            case "digest" -> b.setHeader("Authorization", digest(requestMethod, uri, freshChallenge));
            default -> throw new IllegalStateException(auth);
        }
    }

    // ---- digest (RFC 7616 with MD5, qop=auth; RFC 2069 without qop)

    private String digest(String requestMethod, URI uri, boolean fresh) throws IOException, InterruptedException {
        Map<String, String> c = digestChallenge;
        if (c == null || fresh) {
            c = digestChallenge = fetchChallenge();
        }
        String realm = c.getOrDefault("realm", "");
        String nonce = c.getOrDefault("nonce", "");
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String ha1 = md5(user + ":" + realm + ":" + password());
        String ha2 = md5(requestMethod + ":" + path);
        String qop = c.get("qop");
        StringBuilder h = new StringBuilder("Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\""
                + nonce + "\", uri=\"" + path + "\", algorithm=MD5");
        if (qop != null && java.util.Arrays.stream(qop.split(",")).map(String::strip).anyMatch("auth"::equals)) {
            String nc = String.format("%08x", digestCount.incrementAndGet());
            byte[] cn = new byte[8];
            RANDOM.nextBytes(cn);
            String cnonce = HexFormat.of().formatHex(cn);
            h.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)).append('"');
        } else {
            h.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (c.containsKey("opaque")) {
            h.append(", opaque=\"").append(c.get("opaque")).append('"');
        }
        return h.toString();
    }

    private Map<String, String> fetchChallenge() throws IOException, InterruptedException {
        HttpResponse<Void> r = client().send(HttpRequest.newBuilder(URI.create(base + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(readTimeout).build(),
                HttpResponse.BodyHandlers.discarding());
        Map<String, String> c = parseDigest(r);
        if (c == null) {
            throw new RemoteException("failed to use", remoteName, url, "auth = digest, but the server sent no Digest "
                    + "challenge (HTTP " + r.statusCode() + ")", JdvcException.CONFIG, null);
        }
        return c;
    }

    private static Map<String, String> parseDigest(HttpResponse<?> r) {
        for (String h : r.headers().allValues("WWW-Authenticate")) {
            if (h.regionMatches(true, 0, "Digest ", 0, 7)) {
                Map<String, String> params = new HashMap<>();
                Matcher m = DIGEST_PARAM.matcher(h.substring(7));
                while (m.find()) {
                    params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
                }
                String algorithm = params.getOrDefault("algorithm", "MD5");
                if (algorithm.equalsIgnoreCase("MD5")) {
                    return params;
                }
            }
        }
        return null;
    }

    private boolean isStale(HttpResponse<?> r) {
        Map<String, String> c = parseDigest(r);
        return c != null && "true".equalsIgnoreCase(c.get("stale"));
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the client and secrets, made at first use

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    // NOTE: HTTP/1.1 like DVC's aiohttp; HTTP/2 would try an h2c upgrade on every plain-http request
                    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL);
                    if (base.getScheme().equals("https")) {
                        b.sslContext(sslContext());
                    }
                    c = client = b.build();
                }
            }
        }
        return c;
    }

    private SSLContext sslContext() {
        try {
            if (RemoteOptions.isTrue(sslVerify)) {
                return SSLContext.getDefault();
            }
            TrustManager[] trust;
            if (RemoteOptions.isFalse(sslVerify)) {
                // NOTE: an X509ExtendedTrustManager is used as is by the JDK, so skipping its checks also skips the
                // host name check (a plain X509TrustManager would be wrapped with one)
                trust = new TrustManager[] {new TrustAll()};
            } else {
                trust = caBundle(Path.of(sslVerify));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new RemoteException("failed to use", remoteName, url, "TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private TrustManager[] caBundle(Path bundle) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(bundle)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException e) {
            throw new RemoteException("invalid configuration of", remoteName, url,
                    "cannot read ssl_verify CA bundle " + bundle + ": " + e.getMessage(), JdvcException.CONFIG, e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private String password() {
        String p = password;
        if (p == null && askPassword) {
            synchronized (this) {
                p = password;
                if (p == null) {
                    Console console = System.console();
                    char[] answer = console == null ? null
                            : console.readPassword("Password for %s: ", RemoteException.redact(url));
                    if (answer == null) {
                        throw new RemoteException("invalid configuration of", remoteName, url, "ask_password needs an "
                                + "interactive terminal; set the password with 'jdvc remote modify --local' instead",
                                JdvcException.CONFIG, null);
                    }
                    p = password = new String(answer);
                }
            }
        }
        if (p == null) {
            throw new RemoteException("invalid configuration of", remoteName, url, "auth = " + auth
                    + " needs password (or ask_password)", JdvcException.CONFIG, null);
        }
        return p;
    }

    // ---- helpers

    /** Percent-encodes each key segment (keys are DVC paths: hex names, but stay safe for any other). */
    private static String encodeKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid key '" + key + "'");
        }
        StringBuilder out = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid key '" + key + "'");
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                char ch = (char) (b & 0xff);
                if (ch < 128 && (Character.isLetterOrDigit(ch) || "-._~".indexOf(ch) >= 0)) {
                    out.append(ch);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return out.toString();
    }

    private static void discard(HttpResponse<?> r) {
        if (r.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped instead of reused
            }
        }
    }

    private IOException statusFailure(String op, String key, int status) {
        return new IOException(what(op, key) + "HTTP " + status);
    }

    private String what(String op, String key) {
        return "failed to " + op + " '" + key + "' in remote '" + remoteName + "' (" + RemoteException.redact(url)
                + "): ";
    }

    private String hostPort() {
        int port = base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80;
        return base.getHost() + ":" + port;
    }

    private String scrub(String s) {
        String p = password;
        return p == null || p.isEmpty() ? s : s.replace(p, "***");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private RemoteException config(String detail) {
        return new RemoteException("invalid configuration of", remoteName, url, detail, JdvcException.CONFIG, null);
    }



}
