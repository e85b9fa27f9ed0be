package org.jdvc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void listsAndStatsExactlyLikeNio() throws IOException {
        assumeTrue(NativeDirectory.AVAILABLE, "Linux only");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // more than one getdents64 buffer
            String name = "f-\u00e9\u6587-" + i + (i % 3 == 0 ? ".txt" : "");
            Files.writeString(tmp.resolve(name), "x".repeat(i % 17));
            expected.add(name);
        }
        Files.setLastModifiedTime(tmp.resolve(expected.get(5)), FileTime.from(1_234_567_890_123_456_789L,
                TimeUnit.NANOSECONDS));
        Files.createDirectory(tmp.resolve("sub"));
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("sub"));
        expected.add("sub");
        expected.add("link");
        try (NativeDirectory dir = NativeDirectory.open(tmp)) {
            assertThat(dir.names()).containsExactlyInAnyOrderElementsOf(expected);
            for (String name : expected) {
                Map<String, Object> nio = Files.readAttributes(tmp.resolve(name), "unix:mode,ino,size,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
                NativeDirectory.Stat st = dir.stat(name);
                assertThat(st).as(name).isEqualTo(new NativeDirectory.Stat((Integer) nio.get("mode"),
                        (Long) nio.get("ino"), (Long) nio.get("size"),
                        ((FileTime) nio.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)));
            }
            assertThat(dir.stat("gone")).isNull();
        }
    }

    @Test
    void entriesKeepNameBytesAndStatLikeStatOfTheirName() throws IOException, InterruptedException {
        assumeTrue(NativeDirectory.AVAILABLE, "Linux only");
        List<String> names = new ArrayList<>(List.of("plain", "a-b.c", "\u00e9t\u00e9", "\ud83d\ude00", "..x",
                ".hidden"));
        for (int i = 0; i < 2500; i++) { // more than one getdents64 buffer
            names.add("n" + i);
        }
        for (String name : names) {
            Files.writeString(tmp.resolve(name), name);
        }
        Files.createDirectory(tmp.resolve("dir"));
        names.add("dir");
        // NOTE: not valid UTF-8: decoding and encoding the name gives other bytes, so stat(name) misses the file
        Process p = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'bad\\377')\"").directory(tmp.toFile())
                .inheritIO().start();
        assertThat(p.waitFor()).isZero();
        try (NativeDirectory dir = NativeDirectory.open(tmp)) {
            NativeDirectory.Entries entries = dir.entries();
            List<String> listed = new ArrayList<>();
            NativeDirectory.StatSlot slot = new NativeDirectory.StatSlot();
            for (int i = 0; i < entries.count(); i++) {
                String name = entries.name(i);
                listed.add(name);
                byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                boolean ascii = name.chars().allMatch(c -> c < 0x80);
                assertThat(entries.bytesAreChars(i)).as(name).isEqualTo(ascii);
                if (ascii) {
                    assertThat(entries.nameLength(i)).isEqualTo(bytes.length);
                    for (int k = 0; k < bytes.length; k++) {
                        assertThat(entries.nameByte(i, k)).isEqualTo(bytes[k]);
                    }
                }
                NativeDirectory.Stat expected = dir.stat(name);
                assertThat(entries.stat(i, slot)).as(name).isEqualTo(expected != null);
                if (expected != null) {
                    assertThat(new NativeDirectory.Stat(slot.mode(), slot.inode(), slot.size(), slot.mtimeNanos()))
                            .as(name).isEqualTo(expected);
                }
            }
            // NOTE: names() refuses the name the JDK cannot represent (no Path can name that file); entries keep it
            try (NativeDirectory again = NativeDirectory.open(tmp)) {
                assertThatThrownBy(again::names).isInstanceOf(NativeDirectory.UndecodableNameException.class)
                        .hasMessageContaining("bad\\xff");
            }
            assertThat(listed).containsAll(names).hasSize(names.size() + 1).contains("bad\ufffd");
            assertThat(dir.stat("bad\ufffd")).isNull();
        }
    }

    @Test
    void aMissingDirectoryIsNamed() {
        assumeTrue(NativeDirectory.AVAILABLE, "Linux only");
        assertThatThrownBy(() -> NativeDirectory.open(tmp.resolve("nope")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
    }
}
