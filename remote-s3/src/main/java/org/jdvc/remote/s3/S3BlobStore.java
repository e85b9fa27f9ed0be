package org.jdvc.remote.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import org.jdvc.JdvcException;
import org.jdvc.remote.BlobStore;
import org.jdvc.remote.BoundedInputStream;
import org.jdvc.remote.RemoteException;
import org.jdvc.remote.RemoteOptions;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * A {@link BlobStore} over {@code s3://bucket/prefix} (AWS S3 or a compatible server) with DVC's S3 remote options.
 * Objects above {@value #DEFAULT_MULTIPART_THRESHOLD} bytes go up as multipart uploads, which S3 makes visible only at
 * completion (a failed one is aborted, or left incomplete and invisible when the server is gone). The SDK client is
 * built at the first request: it costs ~400 ms, which commands that never touch S3 must not pay.
 */
final class S3BlobStore implements BlobStore {

    // NOTE: rclone's upload cut-off. Below it one PUT beats parts: a server assembles a multipart object by copying
    // its parts (S3Proxy: a 100 MB object took 1.05 s as 2 parts, 0.47 s as one PUT, for rclone and jdvc alike).
    static final long DEFAULT_MULTIPART_THRESHOLD = 200L << 20;
    static final long DEFAULT_PART_SIZE = 64L << 20;
    private static final int MAX_PARTS = 10_000;
    /** Parallel part uploads of one multipart upload. */
    static final int UPLOAD_STREAMS = 4;
    /**
     * Multipart uploads of a key begun longer ago than this are leftovers (a push killed mid-upload cannot abort its
     * own) and are aborted before the key is uploaded again; younger ones may be another client's, in flight.
     */
    static java.time.Duration staleUploadAge = java.time.Duration.ofHours(1);

    private final String remoteName;
    private final String url;
    private final String bucket;
    private final String base; // "" or "some/prefix/"
    private final Map<String, String> options;
    private final URI endpoint; // null for AWS
    private final long multipartThreshold;
    private final long partSize;
    private final ObjectCannedACL acl;
    private final ServerSideEncryption sse;
    private final String sseCustomerKey;
    private final String sseCustomerKeyMd5;

    private volatile S3Client client;
    private volatile boolean bucketSeen;

    S3BlobStore(String remoteName, String url, Map<String, String> options) {
        this(remoteName, url, options, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    /** With multipart sizes of choice, so tests can cross part boundaries with small files. */
    S3BlobStore(String remoteName, String url, Map<String, String> options, long multipartThreshold, long partSize) {
        this.remoteName = remoteName;
        this.url = url;
        this.options = Map.copyOf(options);
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw config("invalid URL");
        }
        bucket = u.getHost() != null ? u.getHost() : u.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw config("no bucket in the URL");
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        base = path.isEmpty() ? "" : path + "/";
        endpoint = endpointFromOptions();
        acl = options.containsKey("acl") ? ObjectCannedACL.fromValue(options.get("acl")) : null;
        if (acl == ObjectCannedACL.UNKNOWN_TO_SDK_VERSION) {
            throw config("unknown acl '" + options.get("acl") + "'");
        }
        if (acl != null && options.keySet().stream().anyMatch(k -> k.startsWith("grant_"))) {
            throw config("'acl' and 'grant_*' options are mutually exclusive");
        }
        sse = options.containsKey("sse") ? ServerSideEncryption.fromValue(options.get("sse")) : null;
        if (sse == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
            throw config("unknown sse '" + options.get("sse") + "'");
        }
        sseCustomerKey = options.get("sse_customer_key");
        sseCustomerKeyMd5 = sseCustomerKey == null ? null : md5Base64(sseCustomerKey);
    }

    // ---- BlobStore

    @Override
    public boolean exists(String key) throws IOException {
        try {
            client().headObject(HeadObjectRequest.builder().bucket(bucket).key(base + key)
                    .sseCustomerAlgorithm(sseCustomerAlgorithm()).sseCustomerKey(sseCustomerKey)
                    .sseCustomerKeyMD5(sseCustomerKeyMd5).build());
            bucketSeen = true;
            return true;
        } catch (NoSuchKeyException e) {
            checkBucketAfterNotFound();
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                checkBucketAfterNotFound();
                return false;
            }
            throw translate("check", key, e);
        } catch (SdkException e) {
            throw translate("check", key, e);
        }
    }

    /** HEAD: size and the ETag (quotes stripped; {@code <md5>-<parts>} for multipart uploads), kept as {@code etag}. */
    @Override
    public ObjectInfo stat(String key) throws IOException {
        try {
            var head = client().headObject(HeadObjectRequest.builder().bucket(bucket).key(base + key)
                    .sseCustomerAlgorithm(sseCustomerAlgorithm()).sseCustomerKey(sseCustomerKey)
                    .sseCustomerKeyMD5(sseCustomerKeyMd5).build());
            bucketSeen = true;
            String etag = head.eTag() == null ? null : head.eTag().replace("\"", "");
            long size = head.contentLength() == null ? -1 : head.contentLength();
            return new ObjectInfo(size, etag == null ? null : "etag", etag);
        } catch (NoSuchKeyException e) {
            checkBucketAfterNotFound();
            throw noSuchKey(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                checkBucketAfterNotFound();
                throw noSuchKey(key);
            }
            throw translate("check", key, e);
        } catch (SdkException e) {
            throw translate("check", key, e);
        }
    }

    @Override
    public void list(String prefix, Consumer<String> sink) throws IOException {
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(base + prefix)
                    .maxKeys(1000).build();
            for (ListObjectsV2Response page : client().listObjectsV2Paginator(request)) {
                bucketSeen = true;
                for (S3Object o : page.contents()) {
                    String key = o.key().substring(base.length());
                    // NOTE: "dir/" marker objects made by consoles and other tools are folders, not objects
                    if (!key.isEmpty() && !key.endsWith("/")) {
                        sink.accept(key);
                    }
                }
            }
        } catch (SdkException e) {
            throw translate("list", prefix, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return get(key, null);
    }

    /** A GET with a {@code Range} header; the size comes from {@code Content-Range} (or the length of a 200). */
    @Override
    public Range openRange(String key, long offset, long length) throws IOException {
        if (length <= 0) {
            return new Range(InputStream.nullInputStream(), -1);
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = get(key, "bytes=" + offset + "-" + (offset + length - 1));
        } catch (IOException e) {
            // NOTE: S3 answers 416 to any range of an empty object (and to ranges past the end): read it whole
            if (e.getCause() instanceof S3Exception s3 && s3.statusCode() == 416) {
                ResponseInputStream<GetObjectResponse> whole = get(key, null);
                long size = whole.response().contentLength() == null ? -1 : whole.response().contentLength();
                if (offset > 0) {
                    whole.abort();
                    return new Range(InputStream.nullInputStream(), size);
                }
                return new Range(whole, size);
            }
            throw e;
        }
        GetObjectResponse r = in.response();
        String contentRange = r.contentRange();
        long size = -1;
        if (contentRange != null && contentRange.lastIndexOf('/') > 0) {
            String total = contentRange.substring(contentRange.lastIndexOf('/') + 1).trim();
            if (!total.equals("*")) {
                size = Long.parseLong(total);
            }
        } else if (r.contentLength() != null) {
            // a server that ignores Range sends the whole object (200): its length is the size
            size = r.contentLength();
            if (offset > 0) {
                in.skipNBytes(Math.min(offset, size));
            }
        }
        return new Range(in, size);
    }

    @Override
    public boolean readsRanges() {
        return true;
    }

    private ResponseInputStream<GetObjectResponse> get(String key, String range) throws IOException {
        try {
            return client().getObject(GetObjectRequest.builder().bucket(bucket).key(base + key).range(range)
                    .sseCustomerAlgorithm(sseCustomerAlgorithm()).sseCustomerKey(sseCustomerKey)
                    .sseCustomerKeyMD5(sseCustomerKeyMd5).build());
        } catch (NoSuchKeyException e) {
            throw noSuchKey(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                throw noSuchKey(key);
            }
            throw translate("read", key, e);
        } catch (SdkException e) {
            throw translate("read", key, e);
        }
    }

    @Override
    public void put(String key, Path source) throws IOException {
        long size;
        try {
            size = Files.size(source);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(source.toString(), null,
                    "no such file to put into remote '" + remoteName + "' (" + url + ")");
        }
        try {
            if (size <= multipartThreshold) {
                client().putObject(putRequest(key), RequestBody.fromFile(source));
            } else {
                putMultipart(key, source, size);
            }
            bucketSeen = true;
        } catch (SdkException e) {
            throw translate("upload", key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client().deleteObject(b -> b.bucket(bucket).key(base + key));
        } catch (NoSuchKeyException e) {
            // absent is fine (S3 itself answers 204; some compatible servers answer 404)
        } catch (SdkException e) {
            throw translate("delete", key, e);
        }
    }

    @Override
    public void close() {
        S3Client c = client;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + remoteName + ", " + url + "]";
    }

    // ---- uploads

    private PutObjectRequest putRequest(String key) {
        return PutObjectRequest.builder().bucket(bucket).key(base + key).acl(acl)
                .grantRead(options.get("grant_read")).grantReadACP(options.get("grant_read_acp"))
                .grantWriteACP(options.get("grant_write_acp")).grantFullControl(options.get("grant_full_control"))
                .serverSideEncryption(sse).ssekmsKeyId(options.get("sse_kms_key_id"))
                .sseCustomerAlgorithm(sseCustomerAlgorithm()).sseCustomerKey(sseCustomerKey)
                .sseCustomerKeyMD5(sseCustomerKeyMd5).build();
    }

    private void putMultipart(String key, Path source, long size) throws IOException {
        S3Client c = client();
        // NOTE: S3 allows at most 10,000 parts, so parts grow for objects above 10,000 x partSize (640 GB).
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        PutObjectRequest p = putRequest(key);
        abortStaleUploads(c, p.key());
        String uploadId = c.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket)
                .key(p.key()).acl(p.acl()).grantRead(p.grantRead()).grantReadACP(p.grantReadACP())
                .grantWriteACP(p.grantWriteACP()).grantFullControl(p.grantFullControl())
                .serverSideEncryption(p.serverSideEncryption()).ssekmsKeyId(p.ssekmsKeyId())
                .sseCustomerAlgorithm(p.sseCustomerAlgorithm()).sseCustomerKey(p.sseCustomerKey())
                .sseCustomerKeyMD5(p.sseCustomerKeyMD5()).build()).uploadId();
        boolean completed = false;
        try {
            int count = (int) ((size + part - 1) / part);
            CompletedPart[] parts = new CompletedPart[count];
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            // NOTE: parts go up on UPLOAD_STREAMS parallel connections (one stream is bound by its round trips and
            // by the server's per-connection throughput, like aws s3 cp's max_concurrent_requests); each worker
            // reads its slices of the source itself.
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < Math.min(UPLOAD_STREAMS, count); w++) {
                // NOTE: platform threads: see ObjectStore.downloadInParts (a virtual thread on a socket makes the
                // JVM's exit wait 0.3 s)
                workers.add(Thread.ofPlatform().daemon().name("upload-part-" + w).start(() -> {
                    for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
                        int n = i + 1;
                        long offset = (long) i * part;
                        long length = Math.min(part, size - offset);
                        try {
                            String etag = c.uploadPart(UploadPartRequest.builder().bucket(bucket).key(p.key())
                                            .uploadId(uploadId).partNumber(n).contentLength(length)
                                            .sseCustomerAlgorithm(p.sseCustomerAlgorithm())
                                            .sseCustomerKey(sseCustomerKey).sseCustomerKeyMD5(sseCustomerKeyMd5)
                                            .build(),
                                    RequestBody.fromContentProvider(() -> slice(source, offset, length), length,
                                            "application/octet-stream")).eTag();
                            parts[i] = CompletedPart.builder().partNumber(n).eTag(etag).build();
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, e);
                    workers.forEach(Thread::interrupt);
                    Thread.currentThread().interrupt();
                }
            }
            Throwable f = failure.get();
            if (f instanceof SdkException sdk) {
                throw sdk;
            }
            if (f instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("upload of '" + key + "' to remote '" + remoteName
                        + "' (" + url + ") was interrupted");
            }
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            c.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(p.key())
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts)).build());
            completed = true;
        } finally {
            if (!completed) {
                abort(c, p.key(), uploadId);
            }
        }
    }

    /** Aborts the multipart uploads of {@code fullKey} begun more than {@link #staleUploadAge} ago. Best effort. */
    private void abortStaleUploads(S3Client c, String fullKey) {
        try {
            abortStale(c, fullKey, java.util.List.of(fullKey), staleUploadAge, true);
        } catch (SdkException e) {
            // NOTE: a server that cannot list uploads (or a key without the right) still takes the new upload
        }
    }

    /**
     * Aborts the multipart uploads under {@code prefix} whose key starts with one of {@code starts} (or equals it,
     * when {@code exact}) begun more than {@code age} ago; returns how many.
     */
    private int abortStale(S3Client c, String prefix, java.util.Collection<String> starts, java.time.Duration age,
            boolean exact) {
        java.time.Instant before = java.time.Instant.now().minus(age);
        int aborted = 0;
        for (var page : c.listMultipartUploadsPaginator(
                software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest.builder().bucket(bucket)
                        .prefix(prefix).build())) {
            for (software.amazon.awssdk.services.s3.model.MultipartUpload u : page.uploads()) {
                boolean ours = starts.stream().anyMatch(k -> exact ? u.key().equals(k) : u.key().startsWith(k));
                if (ours && u.initiated() != null && !u.initiated().isAfter(before)) {
                    abort(c, u.key(), u.uploadId());
                    aborted++;
                }
            }
        }
        return aborted;
    }

    @Override
    public int removeStaleTemps(java.util.Collection<String> folders, java.time.Duration age) throws IOException {
        try {
            return abortStale(client(), base, folders.stream().map(f -> base + f).toList(), age, false);
        } catch (SdkException e) {
            throw translate("clean up", "multipart uploads", e);
        }
    }

    private void abort(S3Client c, String fullKey, String uploadId) {
        try {
            c.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(fullKey)
                    .uploadId(uploadId).build());
        } catch (SdkException ignored) {
            // NOTE: an incomplete upload is invisible to readers; bucket lifecycle rules reclaim its parts
        }
    }

    /** A fresh stream over {@code length} bytes of {@code source} from {@code offset} (the SDK may re-read on retry). */
    private static InputStream slice(Path source, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(source, StandardOpenOption.READ);
            ch.position(offset);
            return new BoundedInputStream(Channels.newInputStream(ch), length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- the client, built once at first use

    private S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = client = buildClient();
                }
            }
        }
        return c;
    }

    private S3Client buildClient() {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(RemoteOptions.seconds(options, "connect_timeout", 60, this::config))
                .socketTimeout(RemoteOptions.seconds(options, "read_timeout", 60, this::config));
        String sslVerify = options.getOrDefault("ssl_verify", "true");
        S3ClientBuilder b = S3Client.builder()
                // NOTE: DVC verifies content by its md5 name; the SDK's default CRC checksums (aws-chunked bodies) cost
                // CPU on every byte and are rejected by some S3-compatible servers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .putAuthScheme(UnsignedPayloadSigner.scheme())
                .credentialsProvider(credentials());
        boolean plainHttp = endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
        if (plainHttp) {
            // NOTE: the client sets up TLS when it is built, whatever the scheme: the default trust managers parse
            // the JDK's ~150 CA certificates (~20 ms of every command). A plain-http endpoint never uses them.
            http.tlsTrustManagersProvider(() -> new javax.net.ssl.TrustManager[0]);
        } else if (!RemoteOptions.isFalse(sslVerify) && !RemoteOptions.isTrue(sslVerify)) {
            http.tlsTrustManagersProvider(() -> trustManagers(Path.of(sslVerify)));
        }
        b.httpClient(!plainHttp && RemoteOptions.isFalse(sslVerify)
                ? http.buildWithDefaults(
                        AttributeMap.builder().put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build())
                : http.build());
        String region = options.get("region");
        if (endpoint != null) {
            b.endpointOverride(endpoint).forcePathStyle(true).region(Region.of(region == null ? "us-east-1" : region));
        } else if (region != null) {
            b.region(Region.of(region));
        } else {
            // NOTE: like boto, no region means us-east-1 with redirects followed to the bucket's own region
            b.region(Region.US_EAST_1).crossRegionAccessEnabled(true);
        }
        return b.build();
    }

    private AwsCredentialsProvider credentials() {
        String keyId = options.get("access_key_id");
        String secret = options.get("secret_access_key");
        if (keyId != null && secret != null) {
            String token = options.get("session_token");
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(keyId, secret)
                    : AwsSessionCredentials.create(keyId, secret, token));
        }
        AwsCredentialsProvider chain;
        String profile = options.get("profile");
        String credentialPath = options.get("credentialpath");
        String configPath = options.get("configpath");
        if (profile != null || credentialPath != null || configPath != null) {
            ProfileCredentialsProvider.Builder p = ProfileCredentialsProvider.builder();
            if (profile != null) {
                p.profileName(profile);
            }
            if (credentialPath != null || configPath != null) {
                ProfileFile.Aggregator files = ProfileFile.aggregator();
                if (configPath != null) {
                    files.addFile(ProfileFile.builder().content(Path.of(configPath))
                            .type(ProfileFile.Type.CONFIGURATION).build());
                }
                if (credentialPath != null) {
                    files.addFile(ProfileFile.builder().content(Path.of(credentialPath))
                            .type(ProfileFile.Type.CREDENTIALS).build());
                }
                p.profileFile(files.build());
            }
            chain = p.build();
        } else {
            chain = DefaultCredentialsProvider.builder().build();
        }
        if (RemoteOptions.isTrue(options.getOrDefault("allow_anonymous_login", "false"))) {
            return AwsCredentialsProviderChain.of(chain, AnonymousCredentialsProvider.create());
        }
        return chain;
    }

    private javax.net.ssl.TrustManager[] trustManagers(Path caBundle) {
        try (InputStream in = Files.newInputStream(caBundle)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw config("cannot read ssl_verify CA bundle " + caBundle + ": " + e.getMessage());
        }
    }

    private URI endpointFromOptions() {
        String e = options.get("endpointurl");
        boolean ssl = !RemoteOptions.isFalse(options.getOrDefault("use_ssl", "true"));
        if (e == null) {
            if (ssl) {
                return null;
            }
            String region = options.getOrDefault("region", "us-east-1");
            return URI.create("http://s3." + region + ".amazonaws.com");
        }
        if (!e.contains("://")) {
            e = (ssl ? "https://" : "http://") + e;
        }
        try {
            return URI.create(e);
        } catch (IllegalArgumentException ex) {
            throw config("invalid endpointurl '" + e + "'");
        }
    }

    // ---- errors

    private void checkBucketAfterNotFound() throws IOException {
        // NOTE: HEAD answers carry no body, so "no such key" and "no such bucket" look alike; ask about the bucket
        // once, or every missing object on a misspelt bucket would read as simply "absent".
        if (bucketSeen) {
            return;
        }
        try {
            client().headBucket(b -> b.bucket(bucket));
            bucketSeen = true;
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw noBucket(e);
            }
            throw translate("check", "", e);
        } catch (SdkException e) {
            throw translate("check", "", e);
        }
    }

    private RemoteException noBucket(Throwable cause) {
        return new RemoteException("failed to use", remoteName, url, "bucket '" + bucket + "' does not exist",
                cause);
    }

    private NoSuchFileException noSuchKey(String key) {
        return new NoSuchFileException(key, null, "no such object in remote '" + remoteName + "' (" + url + ")");
    }

    private IOException translate(String op, String key, SdkException e) {
        if (e instanceof NoSuchBucketException || (e instanceof S3Exception s && "NoSuchBucket".equals(errorCode(s)))) {
            throw noBucket(e);
        }
        if (e instanceof S3Exception s) {
            String code = errorCode(s);
            if (s.statusCode() == 403 || s.statusCode() == 401 || code.equals("InvalidAccessKeyId")
                    || code.equals("SignatureDoesNotMatch") || code.equals("ExpiredToken")) {
                throw new RemoteException("access denied by", remoteName, url,
                        "HTTP " + s.statusCode() + (code.isEmpty() ? "" : " " + code)
                                + "; check the credentials and their permissions on bucket '" + bucket + "'", e);
            }
            return new IOException("failed to " + op + " '" + key + "' in remote '" + remoteName + "' (" + url
                    + "): HTTP " + s.statusCode() + (code.isEmpty() ? "" : " " + code), e);
        }
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException ie = new InterruptedIOException("failed to " + op + " '" + key + "' in remote '"
                    + remoteName + "' (" + url + "): interrupted");
            ie.initCause(e);
            return ie;
        }
        if (e instanceof SdkClientException) {
            String where = endpoint != null ? endpoint.toString() : "https://s3.amazonaws.com";
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConnectException) {
                    throw new RemoteException("failed to reach", remoteName, url, "connection refused to " + where, e);
                }
                if (t instanceof UnknownHostException) {
                    throw new RemoteException("failed to reach", remoteName, url, "unknown host in " + where, e);
                }
                if (t instanceof SocketTimeoutException) {
                    throw new RemoteException("failed to reach", remoteName, url, "timed out talking to " + where, e);
                }
                if (t instanceof SSLException) {
                    throw new RemoteException("failed to reach", remoteName, url,
                            "TLS failure with " + where + ": " + scrub(t.getMessage()), e);
                }
                if (t instanceof java.io.UncheckedIOException u && u.getCause() instanceof NoSuchFileException) {
                    return new IOException("failed to " + op + " '" + key + "' in remote '" + remoteName + "' ("
                            + url + "): source vanished", e);
                }
            }
            if (e.getMessage() != null && e.getMessage().contains("credentials")) {
                throw new RemoteException("no credentials for", remoteName, url,
                        "set access_key_id/secret_access_key, a profile, or AWS_* environment variables", e);
            }
            return new IOException("failed to " + op + " '" + key + "' in remote '" + remoteName + "' (" + url
                    + "): " + scrub(firstLine(e.getMessage())), e);
        }
        return new IOException("failed to " + op + " '" + key + "' in remote '" + remoteName + "' (" + url + "): "
                + scrub(firstLine(e.getMessage())), e);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    /** Drops any secret that an underlying message might echo. */
    private String scrub(String s) {
        if (s == null) {
            return "";
        }
        for (String k : List.of("secret_access_key", "session_token", "sse_customer_key")) {
            String v = options.get(k);
            if (v != null && !v.isEmpty()) {
                s = s.replace(v, "***");
            }
        }
        return s;
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

    // ---- option parsing

    private String sseCustomerAlgorithm() {
        String a = options.get("sse_customer_algorithm");
        return a == null && sseCustomerKey != null ? "AES256" : a;
    }




    private String md5Base64(String base64Key) {
        try {
            byte[] key = Base64.getDecoder().decode(base64Key);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
        } catch (IllegalArgumentException | java.security.NoSuchAlgorithmException e) {
            throw config("sse_customer_key must be base64");
        }
    }
}
