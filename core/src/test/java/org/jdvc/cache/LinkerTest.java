package org.jdvc.cache;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jdvc.cache.LinkType.COPY;
import static org.jdvc.cache.LinkType.HARDLINK;
import static org.jdvc.cache.LinkType.REFLINK;
import static org.jdvc.cache.LinkType.SYMLINK;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jdvc.internal.NativeFileOps;

class LinkerTest {
    static final byte[] FOO_BYTES = "foo".getBytes(US_ASCII);
    static final HashInfo FOO = HashInfo.md5("acbd18db4cc2f85cedef654fccc4a4d8");
    static final HashInfo EMPTY = HashInfo.md5("d41d8cd98f00b204e9800998ecf8427e");

    @TempDir
    Path tmp;
    LocalCache cache;
    Path obj;
    Path ws;

    @BeforeEach
    void setUp() throws IOException {
        cache = new LocalCache(tmp.resolve("cache"));
        Path src = tmp.resolve("src");
        Files.write(src, FOO_BYTES);
        cache.add(FOO, src, false);
        obj = cache.pathOf(FOO);
        ws = tmp.resolve("ws");
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino");
    }

    void assertCacheObjectIntact() throws IOException {
        assertThat(obj).hasBinaryContent(FOO_BYTES);
        assertThat(mode(obj)).isEqualTo(0444);
        assertThat(cache.contains(FOO)).isTrue();
    }

    @Test
    void parsesConfigValues() {
        assertThat(LinkType.parseList("reflink,copy")).containsExactly(REFLINK, COPY);
        assertThat(LinkType.parseList(" Hardlink , symlink,hardlink ")).containsExactly(HARDLINK, SYMLINK);
        assertThat(LinkType.parseList(null)).containsExactly(REFLINK, COPY);
        assertThat(LinkType.parseList("")).isEqualTo(LinkType.DEFAULT);
        assertThatThrownBy(() -> LinkType.parseList("hardlink,softlink"))
                .isInstanceOf(JdvcException.class)
                .satisfies(e -> assertThat(((JdvcException) e).exitCode()).isEqualTo(JdvcException.CONFIG))
                .hasMessageContaining("softlink");
    }

    @Test
    void hardlinkSharesTheInodeAndIsReadOnly() throws IOException {
        Path f = ws.resolve("a/b/foo"); // parents are created on demand
        assertThat(new Linker(List.of(HARDLINK)).link(obj, f, false)).isEqualTo(HARDLINK);

        assertThat(inode(f)).isEqualTo(inode(obj));
        assertThat(mode(f)).isEqualTo(0444);
        assertThat(new Linker(List.of(HARDLINK)).isLinkedTo(f, obj)).isTrue();
    }

    @Test
    void emptyObjectIsMaterialisedAsAFreshEmptyFile() throws IOException {
        cache.addBytes(EMPTY, new byte[0]);
        Path f = ws.resolve("empty");
        assertThat(new Linker(List.of(HARDLINK)).link(cache.pathOf(EMPTY), f, false)).isEqualTo(HARDLINK);

        assertThat(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.size(f)).isZero();
        assertThat(inode(f)).isNotEqualTo(inode(cache.pathOf(EMPTY)));
        assertThat(Files.getAttribute(cache.pathOf(EMPTY), "unix:nlink")).isEqualTo(1);
    }

    @Test
    void symlinkPointsAtTheAbsoluteCachePath() throws IOException {
        Path f = ws.resolve("foo");
        Path relativeObj = Path.of("").toAbsolutePath().relativize(obj);
        Linker linker = new Linker(List.of(SYMLINK));
        assertThat(linker.link(relativeObj, f, false)).isEqualTo(SYMLINK);

        assertThat(Files.isSymbolicLink(f)).isTrue();
        assertThat(Files.readSymbolicLink(f)).isEqualTo(obj).isAbsolute();
        assertThat(f).hasBinaryContent(FOO_BYTES);
        assertThat(linker.isLinkedTo(f, obj)).isTrue();
    }

    @Test
    void copyIsWritableWithTheRightBytes() throws IOException {
        Path f = ws.resolve("foo");
        Linker linker = new Linker(List.of(COPY));
        assertThat(linker.link(obj, f, false)).isEqualTo(COPY);

        assertThat(f).hasBinaryContent(FOO_BYTES);
        assertThat(mode(f)).isEqualTo(0666 & ~Umask.get());
        assertThat(inode(f)).isNotEqualTo(inode(obj));
        assertThat(linker.isLinkedTo(f, obj)).isFalse();
        assertNoTempFiles();
        assertCacheObjectIntact();
    }

    @Test
    void reflinkOnThisFileSystemFallsThroughToTheNextType() throws IOException {
        Linker linker = new Linker(LinkType.parseList("reflink,hardlink,copy"));
        LinkType used = linker.link(obj, ws.resolve("foo"), false);
        // NOTE: the test machine's ext4 has no reflinks; on btrfs/xfs the clone itself must be a writable copy
        if (used == REFLINK) {
            assertThat(mode(ws.resolve("foo"))).isEqualTo(0666 & ~Umask.get());
            assertThat(inode(ws.resolve("foo"))).isNotEqualTo(inode(obj));
        } else {
            assertThat(used).isEqualTo(HARDLINK);
            assertThat(inode(ws.resolve("foo"))).isEqualTo(inode(obj));
            assertThat(linker.link(obj, ws.resolve("foo2"), false)).isEqualTo(HARDLINK);
        }
        assertThat(ws.resolve("foo")).hasBinaryContent(FOO_BYTES);
        assertNoTempFiles();
    }

    @Test
    void chainWithoutCopyFailsWhenNothingWorks() throws IOException {
        Linker linker = new Linker(List.of(REFLINK));
        if (NativeFileOps.ficlone(obj, tmp.resolve("probe")) == 0) {
            return; // reflinks work here: nothing to fall through
        }
        assertThatThrownBy(() -> linker.link(obj, ws.resolve("foo"), false))
                .isInstanceOf(JdvcException.class)
                .hasMessageContaining("no possible cache link type");
        assertThat(Files.exists(ws.resolve("foo"))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(LinkType.class)
    void executableFilesNeverChangeTheCacheObject(LinkType type) throws IOException {
        Path f = ws.resolve("run.sh");
        LinkType used = new Linker(List.of(type)).link(obj, f, true);

        assertThat(mode(f) & 0100).isEqualTo(0100);
        assertThat(f).hasBinaryContent(FOO_BYTES);
        assertThat(used).isIn(REFLINK, COPY);
        assertThat(Files.isSymbolicLink(f)).isFalse();
        assertThat(inode(f)).isNotEqualTo(inode(obj));
        assertCacheObjectIntact();
    }

    @Test
    void existingTargetIsReplaced() throws IOException {
        Files.createDirectories(ws);
        for (LinkType type : LinkType.values()) {
            Path f = ws.resolve("foo-" + type);
            Files.createDirectories(ws);
        Files.writeString(f, "old content");
            new Linker(List.of(type, COPY)).link(obj, f, false);
            assertThat(f).hasBinaryContent(FOO_BYTES);
        }
        assertNoTempFiles();
        assertCacheObjectIntact();
    }

    @Test
    void missingCacheObjectIsAnError() {
        Path missing = cache.pathOf(HashInfo.md5("0123456789abcdef0123456789abcdef"));
        for (LinkType type : List.of(REFLINK, HARDLINK, COPY)) { // symlink(2) links blindly
            assertThatThrownBy(() -> new Linker(List.of(type)).link(missing, ws.resolve("x"), false))
                    .isInstanceOf(java.nio.file.NoSuchFileException.class);
        }
        assertThat(Files.exists(ws.resolve("x"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(LinkType.class)
    void unprotectLeavesAWritableRegularFileAndAnIntactObject(LinkType type) throws IOException {
        Linker linker = new Linker(List.of(type, COPY));
        Path f = ws.resolve("foo");
        linker.link(obj, f, false);

        linker.unprotect(f);

        assertThat(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(f).hasBinaryContent(FOO_BYTES);
        assertThat(mode(f)).isEqualTo(0666 & ~Umask.get());
        assertThat(Files.getAttribute(f, "unix:nlink")).isEqualTo(1);
        assertThat(inode(f)).isNotEqualTo(inode(obj));
        assertThat(linker.isLinkedTo(f, obj)).isFalse();
        assertNoTempFiles();
        assertCacheObjectIntact();
        assertThat(Files.getAttribute(obj, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void unprotectOfADirectoryAppliesToEveryFileAndKeepsExecBits() throws IOException {
        Linker hard = new Linker(List.of(HARDLINK), true);
        hard.link(obj, ws.resolve("d/a"), false);
        hard.link(obj, ws.resolve("d/sub/b"), false);
        hard.link(obj, ws.resolve("d/run"), true); // exec: a copy

        hard.unprotect(ws.resolve("d"));

        for (String name : List.of("d/a", "d/sub/b")) {
            assertThat(mode(ws.resolve(name))).isEqualTo(0664); // shared cache
            assertThat(Files.getAttribute(ws.resolve(name), "unix:nlink")).isEqualTo(1);
        }
        assertThat(mode(ws.resolve("d/run"))).isEqualTo(0664 | 0100);
        assertCacheObjectIntact();
    }

    @Test
    void linkAllLinksEverythingAndReportsFailures() throws Exception {
        List<LinkRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            requests.add(new LinkRequest(obj, ws.resolve("d" + (i % 7) + "/f" + i), i % 100 == 0));
        }
        Path missing = cache.pathOf(HashInfo.md5("0123456789abcdef0123456789abcdef"));
        requests.add(new LinkRequest(missing, ws.resolve("d0/missing"), false));
        Linker linker = new Linker(List.of(HARDLINK, COPY));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<Path, Exception> failures;
        try {
            failures = linker.linkAll(requests, pool);
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).containsOnlyKeys(ws.resolve("d0/missing"));
        for (LinkRequest r : requests.subList(0, 1000)) {
            assertThat(r.workspaceFile()).hasBinaryContent(FOO_BYTES);
            assertThat(linker.isLinkedTo(r.workspaceFile(), obj)).isEqualTo(!r.isExec());
        }
        assertThat(Files.getAttribute(obj, "unix:nlink")).isEqualTo(1 + 990);
        assertCacheObjectIntact();
    }

    @Test
    void copyReplacesAnExistingFileAndKeepsTheExecBit() throws IOException {
        Path f = ws.resolve("foo");
        Files.createDirectories(ws);
        Files.writeString(f, "old content");
        Path exe = ws.resolve("sub/run");
        Linker linker = new Linker(List.of(COPY));

        assertThat(linker.link(obj, f, false)).isEqualTo(COPY);
        assertThat(linker.link(obj, exe, true)).isEqualTo(COPY);

        assertThat(f).hasBinaryContent(FOO_BYTES);
        assertThat(mode(f)).isEqualTo(0666 & ~Umask.get());
        assertThat(exe).hasBinaryContent(FOO_BYTES);
        assertThat(mode(exe)).isEqualTo((0666 & ~Umask.get()) | 0100);
        assertNoTempFiles();
        assertCacheObjectIntact();
    }

    void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }
}
