package org.jdvc.hash;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors V1-V10 of /work/shared/spec/dvc-golden-vectors.md. */
class GoldenVectorsTest {
    @TempDir
    Path tmp;

    private Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    @ParameterizedTest(name = "V1 md5({0})")
    @CsvSource(delimiter = '|', textBlock = """
            foo    | acbd18db4cc2f85cedef654fccc4a4d8
            bar    | 37b51d194a7513e45b56f6524f2d51f2
            ''     | d41d8cd98f00b204e9800998ecf8427e
            foo\\n | d3b07384d113edec49eaa6238ad5ff00
            bar\\n | c157a79031e1c40f85931829bc5fc552
            baz\\n | 258622b1688250cb619f3c9ccaefb7eb
            one    | f97c5d29941bfb1b2fdab0874906ab82
            two    | b8a9f715dbb64fd5c56e7783c6820a61
            subfoo | 4ce8d2a2cf314a52fa7f315ca37ca445
            subbar | 68dde2c3c4e7953c2290f176bbdc9a54
            bar2   | 224e2539f52203eb33728acd228b4432
            file   | 8c7dd922ad47494fc02c388e12c00eac
            """)
    void v1FileHashes(String content, String md5) throws IOException {
        byte[] bytes = content.replace("\\n", "\n").getBytes(US_ASCII);
        Path f = write("f", bytes);
        assertThat(FileHasher.md5(f)).isEqualTo(md5);
        assertThat(FileHasher.md5(bytes)).isEqualTo(md5);
        assertThat(FileHasher.hash(f, HashInfo.MD5)).isEqualTo(HashInfo.md5(md5));
    }

    @Test
    void v1SymlinksAreFollowed() throws IOException {
        Path target = write("target", "foo".getBytes(US_ASCII));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertThat(FileHasher.md5(link)).isEqualTo("acbd18db4cc2f85cedef654fccc4a4d8");
    }

    private static TreeManifest.Entry e(String relpath, String content) {
        return new TreeManifest.Entry(relpath, FileHasher.md5(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void assertManifest(TreeManifest m, String bytes, String oid) {
        assertThat(new String(m.toBytes(), ISO_8859_1)).isEqualTo(bytes);
        assertThat(m.hashInfo()).isEqualTo(HashInfo.md5(oid));
        assertThat(m.digest() + ".dir").isEqualTo(oid);
        assertThat(TreeManifest.parse(bytes.getBytes(US_ASCII), "v")).isEqualTo(m);
    }

    @Test
    void v2FlatDirectory() {
        TreeManifest m = TreeManifest.of(List.of(e("foo", "foo"), e("bar", "bar")));
        assertManifest(m, "[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"}, "
                + "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]",
                "5ea40360f5b4ec688df672a4db9c17d1.dir");
        assertThat(m.toBytes()).hasSize(126);
    }

    @Test
    void v3AndV5() {
        assertThat(TreeManifest.of(List.of(e("two", "two"), e("one", "one"))).hashInfo().value())
                .isEqualTo("6b18131dc289fd37006705affe961ef8.dir");
        assertThat(TreeManifest.of(List.of(e("baz", "baz\n"), e("bar", "bar\n"))).hashInfo().value())
                .isEqualTo("1f69c66028c35037e8bf67e5bc4ceb6a.dir");
    }

    @Test
    void v4NestedDirectoryIsFlat() {
        TreeManifest m = TreeManifest.of(List.of(e("subdir/subfoo", "subfoo"), e("foo", "foo"),
                e("subdir/subbar", "subbar"), e("bar", "bar")));
        assertManifest(m, "[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"}, "
                + "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}, "
                + "{\"md5\": \"68dde2c3c4e7953c2290f176bbdc9a54\", \"relpath\": \"subdir/subbar\"}, "
                + "{\"md5\": \"4ce8d2a2cf314a52fa7f315ca37ca445\", \"relpath\": \"subdir/subfoo\"}]",
                "1aca2c799df82929bbdd976557975546.dir");
    }

    @Test
    void v6IdenticalContents() {
        assertThat(TreeManifest.of(List.of(e("foo", "foo"), e("bar", "foo"))).hashInfo().value())
                .isEqualTo("ed7214b961855526e699126940c4fbe8.dir");
    }

    @Test
    void v6bEtagManifestKeepsItsMemberName() {
        String json = "[{\"etag\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"bar\"}, "
                + "{\"etag\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]";
        // as staged from a cloud-versioned files: list, with meta members that must not be hashed
        String withMeta = "[{\"relpath\": \"foo\", \"etag\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"size\": 3,"
                + " \"version_id\": \"v1\", \"isexec\": false},"
                + " {\"etag\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"bar\", \"size\": 3, \"version_id\": null}]";
        TreeManifest m = TreeManifest.parse(withMeta.getBytes(US_ASCII), "cloud");
        assertThat(m.hashName()).isEqualTo("etag");
        assertThat(new String(m.toBytes(), US_ASCII)).isEqualTo(json);
        assertThat(m.hashInfo().value()).isEqualTo("77e8000f532886eef8ee1feba82e9bad.dir");
        assertThat(TreeManifest.of(m.entries(), "etag")).isEqualTo(m);
        assertThat(TreeManifest.of(m.entries()).hashInfo().value()).isEqualTo("ed7214b961855526e699126940c4fbe8.dir");
    }

    @Test
    void v7EmptyDirectory() {
        TreeManifest m = TreeManifest.of(List.of());
        assertManifest(m, "[]", "d751713988987e9331980363e24189ce.dir");
    }

    @Test
    void v8OrderingAndEscaping() {
        TreeManifest m = TreeManifest.of(List.of(e("a/b", "1"), e("a.b", "2"), e("a-b", "3"), e("B", "4"),
                e("\u00e9", "5"), e("\ud83d\ude00", "6"), e("\uff21", "7")));
        assertManifest(m, "[{\"md5\": \"a87ff679a2f3e71d9181a67b7542122c\", \"relpath\": \"B\"}, "
                + "{\"md5\": \"eccbc87e4b5ce2fe28308fd9f2a7baf3\", \"relpath\": \"a-b\"}, "
                + "{\"md5\": \"c81e728d9d4c2f636f067f89cc14862c\", \"relpath\": \"a.b\"}, "
                + "{\"md5\": \"c4ca4238a0b923820dcc509a6f75849b\", \"relpath\": \"a/b\"}, "
                + "{\"md5\": \"e4da3b7fbbce2345d7772b0674a318d5\", \"relpath\": \"\\u00e9\"}, "
                + "{\"md5\": \"8f14e45fceea167a5a36dedd4bea2543\", \"relpath\": \"\\uff21\"}, "
                + "{\"md5\": \"1679091c5a880faf6fb5e6087eb1b2dc\", \"relpath\": \"\\ud83d\\ude00\"}]",
                "a48c7128dee8ae2d1ac1b66389b915b5.dir");
    }

    @Test
    void v9StageChecksumDropsAnnotationsAndFlags() {
        Map<String, Object> dep = new LinkedHashMap<>();
        dep.put("md5", "acbd18db4cc2f85cedef654fccc4a4d8");
        dep.put("size", 3);
        dep.put("hash", "md5");
        dep.put("path", "foo");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("md5", "acbd18db4cc2f85cedef654fccc4a4d8");
        out.put("size", 3);
        out.put("hash", "md5");
        out.put("path", "bar");
        out.put("desc", "output");
        out.put("type", "mytype");
        out.put("labels", List.of("l1", "l2"));
        out.put("meta", Map.of("key", "value"));
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("md5", "00000000000000000000000000000000");
        stage.put("frozen", true);
        stage.put("desc", "a stage");
        stage.put("wdir", ".");
        stage.put("deps", List.of(dep));
        stage.put("outs", List.of(out));
        assertThat(StageChecksum.compute(stage)).isEqualTo("8fc199641730e3f512deac0bd9a0e0b6");
        stage.put("wdir", "sub");
        assertThat(StageChecksum.compute(stage)).isNotEqualTo("8fc199641730e3f512deac0bd9a0e0b6");
    }

    @Test
    void v10Dos2UnixSmallFiles() throws IOException {
        Path crlf = write("crlf", "a\r\nb\r\nc".getBytes(US_ASCII));
        assertThat(FileHasher.md5(crlf)).isEqualTo("17800212205a0baee12dcf34c0748370");
        assertThat(FileHasher.md5Dos2Unix(crlf)).isEqualTo("c32b2057b9bd62caa835386346177935");
        assertThat(FileHasher.hash(crlf, HashInfo.MD5_DOS2UNIX))
                .isEqualTo(new HashInfo(HashInfo.MD5_DOS2UNIX, "c32b2057b9bd62caa835386346177935"));
        assertThat(FileHasher.md5Dos2Unix(write("foo", "foo".getBytes(US_ASCII))))
                .isEqualTo("acbd18db4cc2f85cedef654fccc4a4d8");
        byte[] binary = ("\0\r\n" + "x".repeat(10)).getBytes(US_ASCII);
        assertThat(FileHasher.md5Dos2Unix(write("bin", binary))).isEqualTo("e274af5c52e9e7baa5f32f0cba75f5dd");
        assertThat(FileHasher.md5Dos2Unix(write("empty", new byte[0]))).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void v10Dos2UnixDecidesPerMebibyteChunk() throws IOException {
        // Text first chunk, binary-ish (>30% non-text) second chunk containing CRLF: the DVC 3 variant converts only
        // the first chunk. Expected values from Python (spec's verify_vectors.py construction).
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] line = "hello\r\n".getBytes(US_ASCII);
        for (int i = 0; i < (1 << 20) / 7 + 1; i++) {
            b.write(line);
        }
        byte[] head = java.util.Arrays.copyOf(b.toByteArray(), 1 << 20);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(head);
        for (int i = 0; i < 200; i++) {
            all.write(new byte[] {(byte) 0xff, (byte) 0xfe, '\r', '\n'});
        }
        Path big = write("big", all.toByteArray());
        assertThat(FileHasher.md5(big)).isEqualTo("5aadfc3838fd8260048c37fa71405c04");
        assertThat(FileHasher.md5Dos2Unix(big)).isEqualTo("f8382386d1bca7c20a98b84f05627a0a");
        // (the DVC 2 whole-file decision would give 09292e040d2a117d7b62c7db663a2f61)
    }

    @Test
    void v10CrlfSplitAcrossChunkBoundaryIsNotConverted() throws IOException {
        byte[] content = ("x".repeat((1 << 20) - 1) + "\r\ny\r\n").getBytes(US_ASCII);
        assertThat(FileHasher.md5Dos2Unix(write("split", content))).isEqualTo("e1825541a28894307881fc219afcc49f");
    }
}
