package org.jdvc.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jdvc.JdvcException;
import org.jdvc.api.Jdvc;
import org.jdvc.hash.FileStamp;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.NativeDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(3);
    private static final String[] PIECES = {"a", "b", "B", "a-b", "a.b", "-", "_", ".x", "x.", "0", "Z", "\u00e9",
        "e\u0301", "\u4e2d\u6587", "\ud83d\ude00", "\ud834\udd1e", "\uff21", "sp ace", "\u007f", "\u0001"};

    @TempDir
    Path repo;

    @AfterAll
    static void shutdown() {
        POOL.shutdown();
    }

    @Test
    void listsFilesWithPosixRelpathsAndOneStatStamps() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("a.csv"), "12345");
        write(data.resolve("sub/deeper/b.bin"), "x");
        Files.createDirectories(data.resolve("empty/also-empty"));
        Files.setLastModifiedTime(data.resolve("a.csv"), FileTime.from(1_700_000_000_123_456_789L, TimeUnit.NANOSECONDS));
        Map<String, Workspace.FileEntry> byPath = scan(data, "data");
        assertThat(byPath).containsOnlyKeys("a.csv", "sub/deeper/b.bin");
        Workspace.FileEntry a = byPath.get("a.csv");
        assertThat(a.path()).isEqualTo(data.resolve("a.csv").toAbsolutePath());
        long inode = (Long) Files.getAttribute(a.path(), "unix:ino");
        assertThat(a.stamp()).isEqualTo(new FileStamp(inode, 1_700_000_000_123_456_789L, 5));
        assertThat(a.executable()).isFalse();
    }

    @Test
    void executableBit() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(data.resolve("run.sh"), PosixFilePermissions.fromString("rw-r-xr--"));
        assertThat(scan(data, "data").get("run.sh").executable()).isTrue();
    }

    @Test
    void directorySymlinksSkippedFileSymlinksFollowed() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        Path outside = Files.createDirectories(repo.resolve("outside"));
        write(outside.resolve("target.txt"), "target!");
        write(outside.resolve("inner/file"), "i");
        Files.createSymbolicLink(data.resolve("link.txt"), outside.resolve("target.txt"));
        Files.createSymbolicLink(data.resolve("linkdir"), outside.resolve("inner"));
        Map<String, Workspace.FileEntry> byPath = scan(data, "data");
        assertThat(byPath).containsOnlyKeys("link.txt");
        Workspace.FileEntry link = byPath.get("link.txt");
        assertThat(link.path()).isEqualTo(data.resolve("link.txt").toAbsolutePath());
        assertThat(link.stamp().size()).isEqualTo(7);
        assertThat(link.stamp().inode()).isEqualTo(Files.getAttribute(outside.resolve("target.txt"), "unix:ino"));
        assertThat(link.stamp().inode())
                .isNotEqualTo(Files.getAttribute(link.path(), "unix:ino", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void danglingSymlinkIsAnError() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        Files.createSymbolicLink(data.resolve("dangling"), repo.resolve("nowhere"));
        assertThatThrownBy(() -> scan(data, "data")).isInstanceOf(JdvcException.class).hasMessageContaining("dangling");
    }

    @Test
    void appliesDvcIgnoreRulesFromRootAndSubdirectories() throws IOException {
        write(repo.resolve(".dvcignore"), "*.tmp\ndata/skip/\n");
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("keep.csv"), "k");
        write(data.resolve("x.tmp"), "t");
        write(data.resolve("skip/inside.csv"), "s");
        write(data.resolve("deep/x.tmp"), "t");
        write(data.resolve("deep/y.csv"), "y");
        write(data.resolve(".git"), "gitdir: x");
        write(data.resolve("nested/.dvc/config"), "");
        write(data.resolve("nested/file"), "n");
        assertThat(scan(data, "data")).containsOnlyKeys("keep.csv", "deep/y.csv");
    }

    @Test
    void dvcignoreInsideTrackedDirectoryIsAnError() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        write(data.resolve("sub/.dvcignore"), "*\n");
        assertThatThrownBy(() -> scan(data, "data")).isInstanceOf(JdvcException.class)
                .hasMessageContaining("'.dvcignore' file should not be in collected dir path");
    }

    /** Both walks (NIO, and getdents64 + statx) refuse a folder holding a name that is not UTF-8, naming it. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aNameThatIsNotUtf8IsAnErrorNotASkippedFile(boolean nativeCalls) throws Exception {
        Path data = Files.createDirectories(repo.resolve("data/sub"));
        write(data.resolve("ok.txt"), "ok");
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf x > \"$(printf 'caf\\351.txt')\"")
                .directory(data.toFile()).start();
        assertThat(p.waitFor()).isZero();
        assertThatThrownBy(() -> new Workspace(POOL, nativeCalls).scan(repo.resolve("data"), DvcIgnore.load(repo),
                "data")).isInstanceOf(JdvcException.class)
                .hasMessage("'data/sub': the name of 'caf\\xe9.txt' in it is not UTF-8; jdvc cannot track files "
                        + "whose names are not UTF-8 (rename it)");
    }

    @Test
    void largeDirectoriesAreSlicedAndNothingIsLostOrDuplicated() throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        for (int d = 0; d < 3; d++) {
            for (int f = 0; f < 1300; f++) {
                write(data.resolve("d" + d + "/f" + f), "");
            }
            Files.createDirectories(data.resolve("d" + d + "/sub" + d));
            write(data.resolve("d" + d + "/sub" + d + "/leaf"), "l");
        }
        List<Workspace.FileEntry> entries = new Workspace(POOL).scan(data, DvcIgnore.load(repo), "data");
        assertThat(entries).hasSize(3 * 1301);
        assertThat(entries.stream().map(Workspace.FileEntry::relpath).distinct().count()).isEqualTo(3 * 1301);
        assertThat(entries).extracting(Workspace.FileEntry::relpath).contains("d2/sub2/leaf", "d0/f1299");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomTreesFingerprintLikeTheScan(long seed) throws IOException {
        Path data = nativeData();
        Random r = new Random(seed);
        List<Path> dirs = new ArrayList<>(List.of(data));
        int n = 50 + r.nextInt(400);
        for (int i = 0; i < n; i++) {
            Path dir = dirs.get(r.nextInt(dirs.size()));
            Path p = dir.resolve(component(r));
            if (Files.exists(p)) {
                continue;
            }
            if (r.nextInt(5) == 0 && data.relativize(p).getNameCount() < 12) {
                dirs.add(Files.createDirectory(p)); // some stay empty
            } else {
                byte[] content = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(300)];
                r.nextBytes(content);
                Files.write(p, content);
                Files.setLastModifiedTime(p, FileTime.from(1_600_000_000_000_000_000L + r.nextLong(1L << 50),
                        TimeUnit.NANOSECONDS));
            }
        }
        assertSameAsScan(data);
    }

    @Test
    void smallTreesAreWalkedWithoutTheNativeCallsLargeOrUnknownOnesWithThem() throws IOException {
        Path data = nativeData();
        write(data.resolve("a"), "a");
        DvcIgnore ignore = DvcIgnore.load(repo);
        assertThat(Workspace.forExpectedFiles(1).fingerprint(data, ignore, "data")).as("NIO: no fingerprint walk")
                .isNull();
        assertThat(Workspace.forExpectedFiles(Workspace.NATIVE_CALLS_FROM_FILES - 1).fingerprint(data, ignore, "data"))
                .isNull();
        assertThat(Workspace.forExpectedFiles(Workspace.NATIVE_CALLS_FROM_FILES).fingerprint(data, ignore, "data"))
                .isNotNull();
        assertThat(Workspace.forExpectedFiles(-1).fingerprint(data, ignore, "data")).as("never scanned").isNotNull();
        assertThat(Workspace.forExpectedFiles(1).scan(data, ignore, "data")).extracting(Workspace.FileEntry::relpath)
                .containsExactly("a");
    }

    @Test
    void handMadeTreeWithUnicodeDeepNestingAndEmptyParts() throws IOException {
        Path data = nativeData();
        write(data.resolve("a-b"), "1");
        write(data.resolve("a.b"), "12");
        write(data.resolve("a/b"), "");
        write(data.resolve("\u00e9t\u00e9/\u4e2d\u6587.txt"), "x");
        write(data.resolve("\ud83d\ude00/\ud834\udd1e"), "astral");
        write(data.resolve("e\u0301"), "decomposed");
        Files.createDirectories(data.resolve("empty/also-empty"));
        Path deep = data;
        for (int i = 0; i < 40; i++) {
            deep = deep.resolve("d" + i);
        }
        write(deep.resolve("leaf"), "deep");
        assertSameAsScan(data);
    }

    @Test
    void anEmptyDirectoryFingerprintsToNothing() throws IOException {
        Path data = nativeData();
        DirectoryStates.Fingerprint fp = fingerprint(data);
        assertThat(fp).isEqualTo(new DirectoryStates.Fingerprint());
        assertSameAsScan(data);
    }

    @Test
    void largeDirectoriesFingerprintLikeTheScan() throws IOException {
        Path data = nativeData();
        for (int i = 0; i < 2000; i++) {
            write(data.resolve("big/f" + i + (i % 7 == 0 ? "-\u00e9" : "")), i % 3 == 0 ? "" : "x".repeat(i % 11));
        }
        write(data.resolve("big/sub/leaf"), "l");
        for (int i = 0; i < 1100; i++) {
            write(data.resolve("f" + i), "y");
        }
        DirectoryStates.Fingerprint fp = assertSameAsScan(data);
        assertThat(fp.nfiles()).isEqualTo(3101);
    }

    /** The fingerprint walk declines a folder with a name that is not UTF-8; the full scan then reports it. */
    @Test
    void aNameThatIsNotValidInTheFileNameCharsetIsLeftToTheScan() throws IOException, InterruptedException {
        Path data = nativeData();
        write(data.resolve("ok"), "1");
        Process p = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'bad\\377name')\"").directory(data.toFile())
                .inheritIO().start();
        assertThat(p.waitFor()).isZero();
        assertThat(fingerprint(data)).isNull();
        assertThatThrownBy(() -> scan(data, "data")).isInstanceOf(JdvcException.class).hasMessageContaining("bad\\xffname");
    }

    /** Makes something in a tracked directory; returns the path to delete again. */
    private interface Fixture {
        Path make(Path data) throws IOException, InterruptedException;
    }

    @Test
    void declinesTheSubtleCases() throws IOException, InterruptedException {
        Path data = nativeData();
        write(data.resolve("sub/file"), "f");
        List<Fixture> subtle = List.of(
                d -> Files.createSymbolicLink(d.resolve("sub/link"), d.resolve("sub/file")),
                d -> Files.createSymbolicLink(d.resolve("dirlink"), d.resolve("sub")),
                d -> {
                    Process mkfifo = new ProcessBuilder("mkfifo", d.resolve("sub/fifo").toString()).inheritIO().start();
                    assertThat(mkfifo.waitFor()).isZero();
                    return d.resolve("sub/fifo");
                },
                d -> Files.createDirectories(d.resolve("sub/nested/.dvc")),
                d -> write(d.resolve("sub/.git"), "gitdir: x"),
                d -> write(d.resolve("sub/.dvcignore"), ""));
        for (Fixture fixture : subtle) {
            assertSameAsScan(data);
            Path made = fixture.make(data);
            assertThat(fingerprint(data)).as(made.toString()).isNull();
            Files.delete(made);
        }
        assertSameAsScan(data);
    }

    @Test
    void declinesWhenDvcIgnorePatternsCouldApply() throws IOException {
        Path data = nativeData();
        write(data.resolve("keep.csv"), "k");
        write(repo.resolve(".dvcignore"), "# comments only\n\n");
        assertSameAsScan(data);
        write(repo.resolve(".dvcignore"), "*.tmp\n");
        assertThat(fingerprint(data)).isNull();
    }

    @Test
    void declinesWhenTheDirectoryCannotBeListed() {
        assumeTrue(NativeDirectory.AVAILABLE, "Linux only");
        assertThat(new Workspace(POOL).fingerprint(repo.resolve("missing"), DvcIgnore.load(repo), "missing")).isNull();
    }

    @Test
    void anyChangeToAFileChangesTheFingerprint() throws IOException {
        Path data = nativeData();
        Path f = data.resolve("d00/f00306.bin");
        write(f, "abc");
        write(data.resolve("d00/other"), "o");
        write(data.resolve("d01/x"), "x");
        FileTime t = FileTime.from(1_700_000_000_000_000_001L, TimeUnit.NANOSECONDS);
        Files.setLastModifiedTime(f, t);
        DirectoryStates.Fingerprint before = assertSameAsScan(data);
        assertThat(fingerprint(data)).isEqualTo(before);

        Files.setLastModifiedTime(f, FileTime.from(1_700_000_000_000_000_002L, TimeUnit.NANOSECONDS));
        assertThat(assertSameAsScan(data)).isNotEqualTo(before);
        Files.writeString(f, "abd");
        Files.setLastModifiedTime(f, t);
        assertThat(assertSameAsScan(data)).isEqualTo(before); // DVC's rule: same stamp, same content
        Files.writeString(f, "abcd");
        Files.setLastModifiedTime(f, t);
        assertThat(assertSameAsScan(data)).isNotEqualTo(before);
        Files.writeString(f, "abc");
        Files.setLastModifiedTime(f, t);
        assertThat(fingerprint(data)).isEqualTo(before);

        write(data.resolve("d01/new"), "");
        assertThat(assertSameAsScan(data)).isNotEqualTo(before);
        Files.delete(data.resolve("d01/new"));
        assertThat(fingerprint(data)).isEqualTo(before);
        Files.delete(data.resolve("d01/x"));
        assertThat(assertSameAsScan(data)).isNotEqualTo(before);
        write(data.resolve("d01/x"), "x");
        Files.setLastModifiedTime(data.resolve("d01/x"), t);
        DirectoryStates.Fingerprint restored = assertSameAsScan(data);
        Files.move(data.resolve("d01/x"), data.resolve("d01/y")); // same inode, stamp and size, another name
        assertThat(assertSameAsScan(data)).isNotEqualTo(restored);
        Files.move(data.resolve("d01/y"), data.resolve("d00/x")); // same name, another directory
        assertThat(assertSameAsScan(data)).isNotEqualTo(restored);
        Files.move(data.resolve("d00/x"), data.resolve("d01/x"));
        assertThat(fingerprint(data)).isEqualTo(restored);
    }

    @Test
    void hashShallowAnswersAnUnchangedDirectoryFromTheFingerprintAndRehashesAChangedOne() throws IOException {
        Path data = nativeData();
        Jdvc.init(repo, Map.of()).noScm(true).call();
        write(data.resolve("a"), "a");
        write(data.resolve("s/b"), "b");
        // NOTE: enough files for the native fingerprint walk (Workspace.NATIVE_CALLS_FROM_FILES), all empty
        for (int i = 0; i < Workspace.NATIVE_CALLS_FROM_FILES; i++) {
            Files.createFile(Files.createDirectories(data.resolve("many/" + i % 20)).resolve("f" + i));
        }
        int nfiles = Workspace.NATIVE_CALLS_FROM_FILES + 2;
        Repository repository = Repository.at(repo, Map.of());
        WorkspaceHasher hasher = new WorkspaceHasher(repository);
        HashedPath full = hasher.hash(data, HashInfo.MD5);

        HashedPath quick = hasher.hashShallow(data, HashInfo.MD5);
        assertThat(quick.isShallow()).isTrue();
        assertThat(quick.files()).isEmpty(); // NOTE: the fingerprint walk answered, no scan
        assertThat(quick.hash()).isEqualTo(full.hash());
        assertThat(quick.size()).isEqualTo(2);
        assertThat(quick.nfiles()).isEqualTo(nfiles);

        write(data.resolve("s/b"), "bb");
        HashedPath changed = hasher.hashShallow(data, HashInfo.MD5);
        assertThat(changed.isShallow()).isFalse();
        assertThat(changed.hash()).isNotEqualTo(full.hash()).isEqualTo(hasher.hash(data, HashInfo.MD5).hash());
    }

    @Test
    void hashShallowAnswersASmallUnchangedDirectoryFromTheScanAndRehashesAChangedOne() throws IOException {
        Jdvc.init(repo, Map.of()).noScm(true).call();
        Path data = repo.resolve("data");
        write(data.resolve("a"), "a");
        write(data.resolve("s/b"), "b");
        WorkspaceHasher hasher = new WorkspaceHasher(Repository.at(repo, Map.of()));
        HashedPath full = hasher.hash(data, HashInfo.MD5);

        HashedPath quick = hasher.hashShallow(data, HashInfo.MD5);
        assertThat(quick.isShallow()).isTrue();
        assertThat(quick.files()).extracting(Workspace.FileEntry::relpath).containsExactlyInAnyOrder("a", "s/b");
        assertThat(quick.hash()).isEqualTo(full.hash());

        write(data.resolve("a"), "aa");
        HashedPath changed = hasher.hashShallow(data, HashInfo.MD5);
        assertThat(changed.isShallow()).isFalse();
        assertThat(changed.hash()).isNotEqualTo(full.hash()).isEqualTo(hasher.hash(data, HashInfo.MD5).hash());
    }

    /** {@code repo/data}, for the fingerprint walk (Linux only). */
    private Path nativeData() throws IOException {
        assumeTrue(NativeDirectory.AVAILABLE, "Linux only");
        return Files.createDirectories(repo.resolve("data"));
    }

    private DirectoryStates.Fingerprint fingerprint(Path data) {
        return new Workspace(POOL).fingerprint(data, DvcIgnore.load(repo), "data");
    }

    /** Asserts that the fingerprint walk answers with the scan's fingerprint, count and size; returns it. */
    private DirectoryStates.Fingerprint assertSameAsScan(Path data) {
        DirectoryStates.Fingerprint fast = fingerprint(data);
        List<Workspace.FileEntry> files = new Workspace(POOL).scan(data, DvcIgnore.load(repo), "data");
        DirectoryStates.Fingerprint scanned = DirectoryStates.fingerprint(files);
        assertThat(fast).isNotNull().isEqualTo(scanned);
        assertThat(DirectoryStates.fingerprint(new Workspace(POOL, false).scan(data, DvcIgnore.load(repo), "data")))
                .as("the NIO scan (small trees) sees the same files and stamps").isEqualTo(scanned);
        assertThat(fast.nfiles()).isEqualTo(files.size());
        assertThat(fast.size()).isEqualTo(files.stream().mapToLong(e -> e.stamp().size()).sum());
        return fast;
    }

    /** One to three random pieces: ASCII, punctuation, accents, CJK, astral chars, control chars. */
    private static String component(Random r) {
        return r.ints(1 + r.nextInt(3), 0, PIECES.length).mapToObj(i -> PIECES[i]).collect(Collectors.joining());
    }

    private Map<String, Workspace.FileEntry> scan(Path dir, String rel) {
        return new Workspace(POOL).scan(dir, DvcIgnore.load(repo), rel).stream()
                .collect(Collectors.toMap(Workspace.FileEntry::relpath, e -> e));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
