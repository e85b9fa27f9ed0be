package org.jdvc.remote.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 that leaves request bodies unsigned ({@code x-amz-content-sha256: UNSIGNED-PAYLOAD}) on plain {@code http}
 * endpoints as well, as the SDK already does on {@code https}. Headers, method, path and query stay signed.
 *
 * <p>The SDK signs every body byte with SHA-256 when the endpoint is {@code http://} (a MinIO or S3Proxy on the local
 * network). That costs CPU on every byte pushed (100 MB: ~0.3 s with the SHA-256 intrinsic, and the intrinsic exists
 * only in the C2 compiler, whose own start-up work then costs more than the upload), while it protects nothing a
 * content-addressed remote does not already check: every object's key is the md5 of its bytes and every download is
 * verified against it before it enters a cache. The server pays too: S3Proxy spent 0.77 s of CPU on a 100 MB push
 * with signed bodies, 0.23-0.34 s without (0.24 s for rclone's upload of the same file). What is given up: over
 * plain http a man in the middle could swap a body; one who can do that reads everything anyway, and the swap would
 * be caught as a corrupt object on the next download.
 *
 * <p>The SDK decides from the request's protocol alone, so the request is signed as if it were {@code https} (with
 * the port that gives the same {@code Host} header) and handed back with its real protocol and port.
 */
final class UnsignedPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {

    private final AwsV4HttpSigner delegate = AwsV4HttpSigner.create();

    /** The SigV4 auth scheme with this signer, for {@code S3ClientBuilder.putAuthScheme}. */
    static AuthScheme<AwsCredentialsIdentity> scheme() {
        UnsignedPayloadSigner signer = new UnsignedPayloadSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return providers.identityProvider(AwsCredentialsIdentity.class);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest http = request.request();
        // NOTE: port 443 over http would sign a Host header without the port that the client then sends with it
        if (!"http".equals(http.protocol()) || http.port() == 443) {
            return delegate.sign(request);
        }
        int port = http.port();
        SdkHttpRequest asHttps = http.toBuilder().protocol("https").port(port == 80 ? 443 : port).build();
        SignedRequest signed = delegate.sign(request.copy(b -> b.request(asHttps)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        SdkHttpRequest back = signed.request().toBuilder().protocol("http").port(port).build();
        return signed.copy(b -> b.request(back));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return delegate.signAsync(request); // jdvc's client is synchronous
    }
}
