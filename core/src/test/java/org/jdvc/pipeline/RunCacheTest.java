package org.jdvc.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdvc.internal.TempName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCacheTest {
    @TempDir
    Path cache;

    private static LockEntry entry(String outMd5) {
        return new LockEntry("cp in out", List.of(Map.of("path", "in", "hash", "md5", "md5",
                "b1946ac92492d2347c6235b4d2611184")), Map.of(), List.of(Map.of("path", "out", "hash", "md5", "md5",
                outMd5)));
    }

    /**
     * A run killed while saving leaves the entry's temp file, complete or not: it is no entry (a lookup that took it
     * would restore the outputs and never record the run).
     */
    @Test
    void aTempFileBesideTheEntriesIsNoEntry() throws Exception {
        RunCache runs = new RunCache(cache);
        LockEntry saved = entry("0123456789abcdef0123456789abcdef");
        String key = RunCache.key(saved);
        Path dir = Files.createDirectories(cache.resolve("runs").resolve(key.substring(0, 2)).resolve(key));
        Files.writeString(dir.resolve(TempName.next()), org.jdvc.model.YamlWriter.write(saved.toDict()));
        assertThat(runs.lookup(saved)).isEmpty();
        runs.save(saved);
        assertThat(runs.lookup(saved)).containsExactly(saved);
    }
}
