package org.jdvc.jukebox.demo;

import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.registry.Recovery;
import org.jdvc.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo on S3 (S3Proxy 4.1.0 in its own process, filesystem backend): the tables go to bucket {@code data}, the
 * versions to {@code data-cache}, and v1 still comes back byte for byte after the local cache is deleted, that is
 * from the S3 bucket.
 */
class DemoS3Test {

    @Test
    void storyRunsOnS3Buckets(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.started(dir.resolve("s3"))) {
            s3.createBucket("data");
            s3.createBucket("data-cache");
            List<String> log = new ArrayList<>();
            Demo.Options o = new Demo.Options(dir.resolve("demo"), 400, 12, 3, null, "data", "data-cache", null, null)
                    .withS3(s3.endpoint().toString(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
            Demo.Outcome out = new Demo(o, log::add).run();

            Recovery.Result r = out.recovered();
            assertThat(r.exact()).isTrue();
            assertThat(r.checks()).extracting(Recovery.Check::path).contains(Layout.PROPERTIES, Layout.RANKINGS);
            // the ingest wrote the day-2 tables to bucket data; the versions are content-addressed in data-cache
            assertThat(s3.blobsDir().resolve("data").resolve(Layout.PROPERTIES)).isNotEmptyFile();
            String v1Properties = out.v1().dataMd5().get(Layout.PROPERTIES);
            try (Stream<Path> files = Files.walk(s3.blobsDir().resolve("data-cache"))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .contains(v1Properties.substring(2), out.v2().dataMd5().get(Layout.PROPERTIES).substring(2));
            }
            assertThat(String.join("\n", log)).contains("remote add data-source s3://data",
                    "remote add -d versions s3://data-cache").doesNotContain(S3ProxyServer.SECRET_KEY);
            assertThat(dir.resolve("demo/project/.dvc/config")).content().doesNotContain(S3ProxyServer.SECRET_KEY);
        }
    }
}
