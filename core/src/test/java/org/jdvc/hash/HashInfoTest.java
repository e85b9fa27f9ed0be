package org.jdvc.hash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashInfoTest {
    @Test
    void directoryOidKeepsSuffixAndDigestDropsIt() {
        HashInfo h = HashInfo.md5("5ea40360f5b4ec688df672a4db9c17d1.dir");
        assertThat(h.isDir()).isTrue();
        assertThat(h.digest()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1");
        assertThat(h.isLegacy()).isFalse();
    }
}
