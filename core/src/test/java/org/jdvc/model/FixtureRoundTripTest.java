package org.jdvc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every .dvc file DVC 3.64 wrote in fixtures 01-05 parses, re-emits byte-identically and rewrites to itself. */
class FixtureRoundTripTest {
    private static final Path FIXTURES = Path.of("../testing/src/main/resources/org/jdvc/testing/fixtures");

    @TempDir
    static Path dir;

    static List<Path> dvcFiles = new ArrayList<>();
    static List<Path> lockFiles = new ArrayList<>();

    @BeforeAll
    static void unpack() throws Exception {
        try (Stream<Path> tarballs = Files.list(FIXTURES)) {
            for (Path tgz : tarballs.filter(p -> p.toString().endsWith(".tar.gz")).sorted().toList()) {
                Process p = new ProcessBuilder("tar", "xzf", tgz.toAbsolutePath().toString(), "-C", dir.toString())
                        .inheritIO().start();
                assertThat(p.waitFor()).isZero();
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                if (p.toString().contains("/.git/") || p.toString().contains("/.dvc/")) {
                    continue;
                }
                if (p.getFileName().toString().endsWith(".dvc")) {
                    dvcFiles.add(p);
                } else if (p.getFileName().toString().equals("dvc.lock")) {
                    lockFiles.add(p);
                }
            }
        }
    }

    @Test
    void everyDvcFileRoundTrips() throws IOException {
        assertThat(dvcFiles).hasSizeGreaterThanOrEqualTo(7);
        for (Path p : dvcFiles) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            DvcFile f = DvcFile.parse(text, p.getFileName().toString());
            assertThat(f.outs()).as(p.toString()).isNotEmpty();
            assertThat(f.toYaml()).as(p.toString()).isEqualTo(text);
            assertThat(YamlRewriter.tryRewrite(text, f.toDict())).as(p.toString()).isEqualTo(text);
            assertThat(DvcFile.parse(f.toYaml(), "again")).isEqualTo(f);
        }
    }

    @Test
    void importsExposeRepoAndFrozen() throws IOException {
        Path p = dvcFiles.stream().filter(x -> x.toString().endsWith("05-imports/repo/data-v1.csv.dvc")).findFirst()
                .orElseThrow();
        DvcFile f = DvcFile.parse(Files.readString(p), "data-v1.csv.dvc");
        assertThat(f.frozen()).isTrue();
        assertThat(f.md5()).isEqualTo("a5ffe7318131178734e7cd0c79960bf7");
        Dependency dep = f.deps().getFirst();
        assertThat(dep.repo().rev()).isEqualTo("v1");
        assertThat(dep.repo().revLock()).isEqualTo("d5e3ed38310207ac80a44302d6cb23d468e11a8d");
        assertThat(dep.hash()).isNull();
        assertThat(dep.isLegacy()).isFalse();
        assertThat(f.toDict().keySet()).containsExactly("md5", "frozen", "deps", "outs");
    }

    @Test
    void lockFilesRoundTripThroughWriterAndRewriter() throws IOException {
        assertThat(lockFiles).isNotEmpty();
        for (Path p : lockFiles) {
            String text = Files.readString(p);
            @SuppressWarnings("unchecked")
            var data = (java.util.Map<String, Object>) YamlReader.load(text, "dvc.lock");
            assertThat(YamlWriter.write(data)).isEqualTo(text);
            assertThat(YamlRewriter.tryRewrite(text, data)).isEqualTo(text);
        }
    }
}
