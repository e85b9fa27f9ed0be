package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.api.DataVersion;
import org.jdvc.api.Jdvc;
import org.jdvc.hash.HashInfo;
import org.jdvc.repo.WorkspaceCheckout;
import org.jdvc.testing.DvcFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Jdvc.dataAt(rev)}: tracked data as a revision recorded it, read without a checkout. */
class DataAtRevisionTest {
    @TempDir
    Path tmp;

    private Path fixture03WithEmptyWorkspace() throws IOException {
        Path repo = DvcFixtures.unpack(DvcFixtures.TWO_VERSIONS, tmp).resolve("repo");
        Files.delete(repo.resolve("data.csv"));
        return repo;
    }

    @Test
    void readsEachVersionFromTheCache() throws IOException {
        Path repo = fixture03WithEmptyWorkspace();
        Jdvc jdvc = Jdvc.open(repo, Map.of());
        try (DataVersion v1 = jdvc.dataAt("v1"); DataVersion v2 = jdvc.dataAt("v2")) {
            assertThat(new String(v1.readAllBytes("data.csv"), StandardCharsets.UTF_8)).isEqualTo("id,value\n1,10\n2,20\n");
            assertThat(new String(v2.readAllBytes("data.csv"), StandardCharsets.UTF_8))
                    .isEqualTo("id,value\n1,10\n2,20\n3,30\n");
            assertThat(v1.hash("data.csv")).contains(HashInfo.md5("ef5b0ff5762bac4466f906872710eb34"));
            assertThat(v1.commit()).isEqualTo("d5e3ed38310207ac80a44302d6cb23d468e11a8d");
        }
        assertThat(repo.resolve("data.csv")).doesNotExist();
    }

    @Test
    void readsFromTheRemoteWhenTheCacheIsEmpty() throws IOException {
        Path repo = fixture03WithEmptyWorkspace();
        WorkspaceCheckout.deleteAny(repo.resolve(".dvc/cache"));
        try (DataVersion v1 = Jdvc.open(repo, Map.of()).dataAt("v1")) {
            assertThat(new String(v1.readAllBytes("data.csv"), StandardCharsets.UTF_8)).isEqualTo("id,value\n1,10\n2,20\n");
        }
        assertThat(repo.resolve(".dvc/cache/files")).doesNotExist(); // a read-only view fills no cache
    }

    /**
     * Same size, seven bytes changed, mode kept (0444 is what the cache trusts without re-hashing): the bytes a reader
     * gets must still be the ones the revision recorded.
     */
    private static void corrupt(Path object) throws IOException {
        byte[] b = Files.readAllBytes(object);
        for (int i = 0; i < 7 && i < b.length; i++) {
            b[i] ^= 0x20;
        }
        object.toFile().setWritable(true);
        Files.write(object, b);
        object.toFile().setWritable(false);
    }

    @Test
    void aCorruptCacheObjectIsNeverReturned() throws IOException {
        Path repo = fixture03WithEmptyWorkspace();
        Path object = repo.resolve(".dvc/cache/files/md5/ef/5b0ff5762bac4466f906872710eb34");
        corrupt(object);
        try (DataVersion v1 = Jdvc.open(repo, Map.of()).dataAt("v1")) {
            // a stream fails at the end instead of reporting it
            assertThatThrownBy(() -> {
                try (var in = v1.open("data.csv")) {
                    in.readAllBytes();
                }
            }).isInstanceOf(JdvcException.class).hasMessageContaining("ef5b0ff5762bac4466f906872710eb34");
            assertThat(object).as("quarantined").doesNotExist();
        }
        corrupt(repo.resolveSibling("remote").resolve("files/md5/ef/5b0ff5762bac4466f906872710eb34"));
        Files.createDirectories(object.getParent());
        Files.copy(repo.resolveSibling("remote").resolve("files/md5/ef/5b0ff5762bac4466f906872710eb34"), object);
        try (DataVersion v1 = Jdvc.open(repo, Map.of()).dataAt("v1")) {
            assertThatThrownBy(() -> v1.readAllBytes("data.csv")).hasMessageContaining("is corrupt");
        }
    }

    @Test
    void aCorruptCacheObjectIsReplacedByTheRemotesGoodCopy() throws IOException {
        Path repo = fixture03WithEmptyWorkspace();
        corrupt(repo.resolve(".dvc/cache/files/md5/ef/5b0ff5762bac4466f906872710eb34"));
        try (DataVersion v1 = Jdvc.open(repo, Map.of()).dataAt("v1")) {
            assertThat(new String(v1.readAllBytes("data.csv"), StandardCharsets.UTF_8)).isEqualTo("id,value\n1,10\n2,20\n");
        }
    }

    @Test
    void aCorruptRemoteObjectIsRefusedNotReturned() throws IOException {
        Path repo = fixture03WithEmptyWorkspace();
        WorkspaceCheckout.deleteAny(repo.resolve(".dvc/cache"));
        corrupt(repo.resolveSibling("remote").resolve("files/md5/ef/5b0ff5762bac4466f906872710eb34"));
        try (DataVersion v1 = Jdvc.open(repo, Map.of()).dataAt("v1")) {
            assertThatThrownBy(() -> v1.readAllBytes("data.csv")).hasMessageContaining("is corrupt")
                    .hasMessageContaining("remote 'local'");
        }
    }

    @Test
    void filesInsideATrackedDirectory() throws IOException {
        Path repo = DvcFixtures.unpack(DvcFixtures.NESTED_DIR, tmp).resolve("repo");
        try (DataVersion head = Jdvc.open(repo, Map.of()).dataAt("HEAD")) {
            assertThat(head.files("data")).hasSize(7).contains("data/sub/b.txt");
            assertThat(new String(head.readAllBytes("data/sub/b.txt"), StandardCharsets.UTF_8)).isEqualTo("beta\n");
        }
    }

    @Test
    void badInput() throws IOException {
        Path repo = fixture03WithEmptyWorkspace();
        Jdvc jdvc = Jdvc.open(repo, Map.of());
        assertThatThrownBy(() -> jdvc.dataAt("nosuch")).isInstanceOf(JdvcException.class)
                .hasMessage("unknown Git revision 'nosuch'");
        try (DataVersion v1 = jdvc.dataAt("v1")) {
            assertThatThrownBy(() -> v1.open("other.csv")).isInstanceOf(JdvcException.class)
                    .hasMessage("'other.csv' is not tracked by DVC at revision 'v1'");
        }
        try (DataVersion init = jdvc.dataAt("HEAD~3")) {
            assertThat(init.index().entries()).isEmpty();
        }
    }
}
