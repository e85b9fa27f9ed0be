package org.jdvc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.jdvc.JdvcException;
import org.jdvc.remote.BlobStore;
import org.jdvc.remote.LocalBlobStore;
import org.jdvc.remote.RemoteException;
import org.jdvc.remote.RemoteRegistry;
import org.junit.jupiter.api.Test;

// NOTE: lives in testing, not core: core's tests cannot depend on testing (testing depends on core).
class LocalBlobStoreTest extends BlobStoreContractTest {

    @Override
    protected BlobStore newStore() throws Exception {
        return RemoteRegistry.open("local", tmp.resolve("remote").toString(), Map.of());
    }

    @Test
    void objectsAreReadOnlyAndTempFilesHidden() throws Exception {
        store.put("files/md5/ab/cdef", file("x".getBytes()));
        Path root = ((LocalBlobStore) store).root();
        Path object = root.resolve("files/md5/ab/cdef");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(object))).isEqualTo("r--r--r--");
        Files.writeString(root.resolve("files/md5/ab/.Zm9vYmFyYmF6cXV4cXV1eA.tmp"), "partial");
        assertThat(list("")).containsExactly("files/md5/ab/cdef");
        // replacing a read-only object works (rename over it)
        store.put("files/md5/ab/cdef", file("y".getBytes()));
        assertThat(read("files/md5/ab/cdef")).isEqualTo("y".getBytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(object))).isEqualTo("r--r--r--");
        try (var names = Files.list(object.getParent())) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("cdef", ".Zm9vYmFyYmF6cXV4cXV1eA.tmp");
        }
    }

    @Test
    void staleTempFilesInTheObjectFoldersAreRemovedFreshOnesAndObjectsKept() throws Exception {
        checkStaleTempSweep(((LocalBlobStore) store).root());
    }

    @Test
    void registryMapsFileUrlsAndRejectsUnknownSchemes() {
        try (BlobStore s = RemoteRegistry.open("r", tmp.resolve("x").toUri().toString(), Map.of())) {
            assertThat(s).isInstanceOf(LocalBlobStore.class);
            assertThat(((LocalBlobStore) s).root()).isEqualTo(tmp.resolve("x"));
        }
        assertThatThrownBy(() -> RemoteRegistry.open("backup", "gdrive://user:pw@folder/x", Map.of()))
                .isInstanceOf(RemoteException.class)
                .hasMessage("unsupported URL scheme 'gdrive' of remote 'backup' (gdrive://folder/x): "
                        + "no jdvc remote module for it is installed")
                .extracting(e -> ((JdvcException) e).exitCode()).isEqualTo(JdvcException.CONFIG);
    }

    @Test
    void keysCannotEscapeTheRoot() {
        for (String bad : new String[] {"../x", "a/../../x", "/x", "a//b", "a/"}) {
            assertThatThrownBy(() -> store.exists(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
