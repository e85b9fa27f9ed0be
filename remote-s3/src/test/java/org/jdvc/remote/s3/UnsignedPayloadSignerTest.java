package org.jdvc.remote.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What the signer changes and what it keeps. That S3 servers accept its signatures is shown by every S3 test that
 * pushes to S3Proxy (which checks SigV4) through the remote's client.
 */
class UnsignedPayloadSignerTest {
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T05:00:00Z"), ZoneOffset.UTC);

    @Test
    void theSdksOwnSignerHashesEveryBodyByteOverHttp() {
        // the reason the class exists: if a later SDK stops doing this, the class can go
        SignedRequest signed = sign(AwsV4HttpSigner.create(), "http://127.0.0.1:18080/bucket/key");
        assertThat(signed.request().firstMatchingHeader(CONTENT_SHA256)).get().asString().matches("[0-9a-f]{64}");
    }

    @Test
    void anHttpBodyGoesUnsignedAndTheRequestKeepsItsProtocolPortAndHost() {
        SignedRequest signed = sign(new UnsignedPayloadSigner(), "http://127.0.0.1:18080/bucket/key");
        SdkHttpRequest r = signed.request();
        assertThat(r.firstMatchingHeader(CONTENT_SHA256)).contains("UNSIGNED-PAYLOAD");
        assertThat(r.protocol()).isEqualTo("http");
        assertThat(r.port()).isEqualTo(18080);
        assertThat(r.firstMatchingHeader("Host")).contains("127.0.0.1:18080");
        assertThat(r.firstMatchingHeader("Authorization")).get().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=id/20261127/us-east-1/s3/aws4_request");
    }

    @Test
    void theDefaultHttpPortStaysOutOfTheSignedHostHeader() {
        SdkHttpRequest r = sign(new UnsignedPayloadSigner(), "http://minio.example/bucket/key").request();
        assertThat(r.firstMatchingHeader("Host")).contains("minio.example");
        assertThat(r.protocol()).isEqualTo("http");
        assertThat(r.port()).isEqualTo(80);
        assertThat(r.firstMatchingHeader(CONTENT_SHA256)).contains("UNSIGNED-PAYLOAD");
    }

    @Test
    void httpsIsSignedExactlyAsTheSdkSignsIt() {
        String url = "https://s3.example/bucket/key";
        assertThat(sign(new UnsignedPayloadSigner(), url).request().headers())
                .isEqualTo(sign(AwsV4HttpSigner.create(), url).request().headers());
    }

    private static SignedRequest sign(HttpSigner<AwsCredentialsIdentity> signer, String url) {
        URI uri = URI.create(url);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(uri).build();
        byte[] body = "some object bytes".getBytes(StandardCharsets.UTF_8);
        SignRequest<AwsCredentialsIdentity> sign = SignRequest.builder((AwsCredentialsIdentity)
                        AwsBasicCredentials.create("id", "secret"))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK)
                .build();
        return signer.sign(sign);
    }
}
