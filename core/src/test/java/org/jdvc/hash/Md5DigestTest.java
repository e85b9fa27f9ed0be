package org.jdvc.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class Md5DigestTest {
    @Test
    void theNativeDigestIsInUseOnThisMachine() {
        // NOTE: Debian always has libcrypto.so.3 (apt, ssh, git need it): without it the tests below would only
        // check Java's MD5 against itself.
        assertThat(NativeMd5.AVAILABLE).isTrue();
    }

    @Test
    void randomSlicesGiveJavasDigest() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] content = new byte[random.nextInt(round < 190 ? 200_000 : 3 << 20)];
            random.nextBytes(content);
            Md5Digest digest = new Md5Digest();
            for (int off = 0; off < content.length; ) {
                int n = Math.min(content.length - off, random.nextInt(70_000));
                digest.update(content, off, n);
                off += n;
            }
            assertThat(digest.digest()).as("round %d, %d bytes", round, content.length)
                    .isEqualTo(MessageDigest.getInstance("MD5").digest(content));
        }
    }

    @Test
    void interleavedDigestsOnManyThreadsStayApartAndContextsAreReusedCleanly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        byte[] a = new byte[random.nextInt(5000)];
                        byte[] b = new byte[random.nextInt(5000)];
                        random.nextBytes(a);
                        random.nextBytes(b);
                        Md5Digest da = new Md5Digest();
                        Md5Digest db = new Md5Digest();
                        da.update(a, 0, a.length / 2);
                        db.update(b, 0, b.length);
                        da.update(a, a.length / 2, a.length - a.length / 2);
                        if (!java.util.Arrays.equals(da.digest(), MessageDigest.getInstance("MD5").digest(a))
                                || !java.util.Arrays.equals(db.digest(), MessageDigest.getInstance("MD5").digest(b))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDigestFedFromSeveralThreadsInTurn() throws Exception {
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        Md5Digest digest = new Md5Digest();
        int part = content.length / 8;
        for (int i = 0; i < 8; i++) {
            int from = i * part;
            Thread t = Thread.ofPlatform().start(() -> digest.update(content, from, part));
            t.join();
        }
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("MD5").digest(content));
    }

    @Test
    void aSpentDigestAndBadSlicesAreRefused() {
        Md5Digest digest = new Md5Digest();
        assertThatThrownBy(() -> digest.update(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        digest.digest();
        assertThatThrownBy(() -> digest.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(digest::digest).isInstanceOf(IllegalStateException.class);
    }
}
