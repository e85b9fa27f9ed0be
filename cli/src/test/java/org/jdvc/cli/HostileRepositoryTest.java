package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A repository is untrusted input: a cloned {@code .dvc} file, {@code dvc.yaml} or {@code dvc.lock} may name a path
 * outside the workspace, directly ({@code ../}, an absolute path, {@code ..} in the middle, {@code //}) or through a
 * symlinked folder inside it (chains included). Every command that would write, delete or run there refuses with one
 * line naming the file, and not one byte outside the workspace changes (a scratch folder beside it, with a file and a
 * folder of files a checkout could overwrite or delete, is compared byte for byte before and after).
 */
class HostileRepositoryTest {
    @TempDir
    Path tmp;
    Path repo;
    Path outside;
    CliRunner cli;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("evil.txt"), "the user's own file\n");
        Files.createDirectories(outside.resolve("dir"));
        Files.writeString(outside.resolve("dir/keep.txt"), "keep me\n");
        Files.writeString(outside.resolve("dir/also.txt"), "and me\n");
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        ok("init", "-q");
        Files.writeString(repo.resolve("data.txt"), "hello\n");
        Files.createDirectories(repo.resolve("folder"));
        Files.writeString(repo.resolve("folder/a.txt"), "a\n");
        ok("add", "-q", "data.txt", "folder");
        ok("remote", "add", "-d", "store", tmp.resolve("store").toString());
        ok("push", "-q");
        before = RepoTree.snapshot(outside);
    }

    private void ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Runs {@code args}: refused in one line naming {@code mentions}; nothing outside changed. */
    private void refused(String mentions, String... args) throws IOException {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).as(r.toString()).startsWith("ERROR: ").contains(mentions).hasLineCount(1)
                .doesNotContain("unexpected error");
        assertThat(RepoTree.snapshot(outside)).as("outside after " + String.join(" ", args)).isEqualTo(before);
    }

    private void retarget(String dvcFile, String path) throws IOException {
        Path f = repo.resolve(dvcFile);
        String text = Files.readString(f);
        String old = dvcFile.substring(0, dvcFile.length() - ".dvc".length());
        Files.writeString(f, text.replace("path: " + old, "path: " + path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/evil.txt", "data/../../outside/evil.txt", "..//outside/evil.txt",
            "ABSOLUTE"})
    void aDvcFileOutputOutsideIsRefusedByEveryCommand(String path) throws IOException {
        String p = path.equals("ABSOLUTE") ? outside.resolve("evil.txt").toString() : path;
        retarget("data.txt.dvc", p);
        for (String[] args : new String[][] {{"checkout"}, {"checkout", "-f"}, {"pull"}, {"pull", "-f"},
                {"commit", "-f"}, {"status"}, {"push"}, {"remove", "--outs", "data.txt.dvc"}, {"unprotect", p}}) {
            refused("outside of DVC project", args);
        }
    }

    /** A directory output pointed at a folder outside: checkout -f would have deleted the files already there. */
    @Test
    void aDirectoryOutputOutsideIsNeitherWrittenNorEmptied() throws IOException {
        retarget("folder.dvc", "../outside/dir");
        refused("./folder.dvc", "checkout", "-f");
        refused("./folder.dvc", "pull", "-f");
    }

    /** An output inside by name, outside through a symlinked folder (and a chain of two). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anOutputThroughASymlinkedFolderIsRefused(int links) throws IOException {
        if (links == 1) {
            Files.createSymbolicLink(repo.resolve("sl"), Path.of("../outside"));
        } else {
            Files.createSymbolicLink(repo.resolve("hop"), Path.of("../outside"));
            Files.createSymbolicLink(repo.resolve("sl"), Path.of("hop"));
        }
        retarget("data.txt.dvc", "sl/new.txt");
        refused("through the symlink sl", "checkout", "-f");
        refused("through the symlink sl", "pull");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void addThroughASymlinkedFolderWritesNothingThere() throws IOException {
        Files.createSymbolicLink(repo.resolve("d"), Path.of("../outside"));
        refused("outside of DVC project", "add", "d/evil.txt");
        assertThat(outside.resolve("evil.txt.dvc")).doesNotExist();
    }

    /** A stage whose output is outside: repro refuses before deleting the output or running the command. */
    @Test
    void aStageOutputOutsideIsRefusedBeforeAnythingRuns() throws IOException {
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  evil:\n    cmd: touch ran.txt && echo x > "
                + "../outside/evil.txt\n    outs:\n    - ../outside/evil.txt\n");
        refused("./dvc.yaml", "repro");
        refused("./dvc.yaml", "repro", "-f");
        refused("./dvc.yaml", "checkout");
        refused("./dvc.yaml", "status");
        assertThat(repo.resolve("ran.txt")).as("the command did not run").doesNotExist();
    }

    /** The same through a dvc.lock that records it (dvc.yaml's path is what is written). */
    @Test
    void aLockedStageOutputOutsideIsRefused() throws IOException {
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  evil:\n    cmd: echo x\n    outs:\n"
                + "    - ../outside/evil.txt\n");
        Files.writeString(repo.resolve("dvc.lock"), "schema: '2.0'\nstages:\n  evil:\n    cmd: echo x\n    outs:\n"
                + "    - path: ../outside/evil.txt\n      hash: md5\n      md5: b1946ac92492d2347c6235b4d2611184\n"
                + "      size: 6\n");
        refused("./dvc.yaml", "checkout", "-f");
        refused("./dvc.yaml", "pull", "-f");
    }

    @Test
    void aStageRunningOutsideIsRefused() throws IOException {
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  evil:\n    cmd: touch ran.txt\n    wdir: ../outside\n");
        refused("wdir", "repro");
        assertThat(outside.resolve("ran.txt")).doesNotExist();
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  evil:\n    cmd: touch ran.txt\n    wdir: sl\n");
        Files.createSymbolicLink(repo.resolve("sl"), Path.of("../outside"));
        refused("through the symlink sl", "repro");
        assertThat(outside.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void aDvcFileWdirOutsideIsRefused() throws IOException {
        Path f = repo.resolve("data.txt.dvc");
        Files.writeString(f, "wdir: ../outside\n" + Files.readString(f).replace("path: data.txt", "path: evil.txt"));
        refused("./data.txt.dvc", "checkout", "-f");
    }

    /**
     * Backslashes are not separators on POSIX (nor for DVC there): {@code ..\\outside\\evil.txt} names a file in
     * the workspace root, which checkout may create there; nothing outside changes.
     */
    @Test
    void backslashesDoNotLeadOutside() throws IOException {
        retarget("data.txt.dvc", "..\\outside\\evil.txt");
        CliRunner.Result r = cli.run(repo, "checkout", "-f");
        assertThat(r.err()).doesNotContain("unexpected error");
        assertThat(RepoTree.snapshot(outside)).isEqualTo(before);
        if (r.exit() == 0) {
            assertThat(repo.resolve("..\\outside\\evil.txt")).hasContent("hello");
        }
    }

    /** An output that is itself a symlink leading outside is replaced, never written through. */
    @Test
    void anOutputThatIsASymlinkIsReplacedNotWrittenThrough() throws IOException {
        Files.delete(repo.resolve("data.txt"));
        Files.createSymbolicLink(repo.resolve("data.txt"), Path.of("../outside/evil.txt"));
        ok("checkout", "-f");
        assertThat(RepoTree.snapshot(outside)).isEqualTo(before);
        assertThat(Files.isSymbolicLink(repo.resolve("data.txt"))).isFalse();
        assertThat(repo.resolve("data.txt")).hasContent("hello");
    }

    /** A symlinked subfolder of a tracked folder is replaced by the tracked files, never written through. */
    @Test
    void aSymlinkedSubfolderOfATrackedFolderIsReplacedNotWrittenThrough() throws IOException {
        Path folder = repo.resolve("folder");
        Files.writeString(folder.resolve("a.txt"), "changed\n");
        Files.createSymbolicLink(folder.resolve("sub"), Path.of("../../outside/dir"));
        // a manifest with sub/keep.txt, properly hashed: checkout would write keep.txt through the link
        String manifest = "[{\"md5\": \"" + RepoTree.md5("a\n") + "\", \"relpath\": \"a.txt\"}, {\"md5\": \""
                + RepoTree.md5("hello\n") + "\", \"relpath\": \"sub/keep.txt\"}]";
        pointFolderAt(manifest);
        CliRunner.Result r = cli.run(repo, "checkout", "-f");
        assertThat(RepoTree.snapshot(outside)).as(r.toString()).isEqualTo(before);
        // the link is not the folder's: checkout replaces it by the folder the manifest describes
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.isSymbolicLink(folder.resolve("sub"))).isFalse();
        assertThat(folder.resolve("sub/keep.txt")).hasContent("hello");
    }

    /** A properly hashed manifest whose relpath climbs out is corrupt: nothing is written for it. */
    @Test
    void aManifestEntryClimbingOutIsRefused() throws IOException {
        String manifest = "[{\"md5\": \"" + RepoTree.md5("hello\n") + "\", \"relpath\": \"../../outside/evil.txt\"}]";
        pointFolderAt(manifest);
        for (String[] args : new String[][] {{"checkout", "-f"}, {"pull", "-f"}}) {
            CliRunner.Result r = cli.run(repo, args);
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.err()).as(r.toString()).contains("is a corrupted directory manifest: relpath "
                    + "'../../outside/evil.txt' escapes the directory").doesNotContain("unexpected error");
            assertThat(RepoTree.snapshot(outside)).isEqualTo(before);
        }
    }

    /** Writes {@code manifest} as a valid .dir object in the cache and the remote, and points folder.dvc at it. */
    private void pointFolderAt(String manifest) throws IOException {
        String md5 = RepoTree.md5(manifest);
        for (Path store : new Path[] {repo.resolve(".dvc/cache"), tmp.resolve("store")}) {
            Path object = Files.createDirectories(store.resolve("files/md5").resolve(md5.substring(0, 2)))
                    .resolve(md5.substring(2) + ".dir");
            Files.writeString(object, manifest);
        }
        Path dvc = repo.resolve("folder.dvc");
        Files.writeString(dvc, Files.readString(dvc).replaceAll("md5: [0-9a-f]{32}\\.dir", "md5: " + md5 + ".dir"));
    }

    /**
     * git can carry {@code .dvc/cache} as a symlink: pull would write objects, gc delete them, in a folder of the
     * repository's choosing. It is refused, naming the way to use that folder on purpose ({@code cache dir}).
     */
    @Test
    void aSymlinkedCacheLeadingOutsideIsRefused() throws IOException {
        org.jdvc.repo.WorkspaceCheckout.deleteAny(repo.resolve(".dvc/cache"));
        Files.createSymbolicLink(repo.resolve(".dvc/cache"), Path.of("../../outside"));
        refused("'.dvc/cache' is a symbolic link", "pull");
        CliRunner.Result gc = cli.run(repo, "gc", "-w", "-f");
        assertThat(gc.exit()).as(gc.toString()).isEqualTo(1);
        assertThat(gc.err()).as(gc.toString()).contains("ERROR: '.dvc/cache' is a symbolic link to '"
                + outside.toRealPath() + "', outside the workspace");
        assertThat(RepoTree.snapshot(outside)).isEqualTo(before);
        refused("'.dvc/cache' is a symbolic link", "add", "data.txt");
    }

    /** A NUL in a path is not a path: one line, not a Java exception. */
    @Test
    void aNulInAPathIsAnError() throws IOException {
        retarget("data.txt.dvc", "\"data\\0.txt\"");
        refused("invalid path", "checkout");
    }

    /**
     * A file whose name is not UTF-8 cannot be named by the JDK: jdvc refuses the folder, naming the file, instead of
     * leaving it out of the folder's record (which made {@code add u} record 1 of 3 files and exit 0).
     */
    @Test
    void aFileNameThatIsNotUtf8IsReportedNotSkipped() throws Exception {
        Files.createDirectories(repo.resolve("u"));
        Files.writeString(repo.resolve("u/fine.txt"), "fine\n");
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf x > \"$(printf 'u/caf\\351.txt')\"")
                .directory(repo.toFile()).start();
        assertThat(p.waitFor()).isZero();
        CliRunner.Result add = cli.run(repo, "add", "u");
        assertThat(add.exit()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).isEqualTo("ERROR: 'u': the name of 'caf\\xe9.txt' in it is not UTF-8; jdvc cannot "
                + "track files whose names are not UTF-8 (rename it)\n");
        assertThat(repo.resolve("u.dvc")).doesNotExist();
    }

    /** A remote's manifest whose bytes are not what its name says is reported as corrupt, not as missing, exit 1. */
    @Test
    void fetchReportsACorruptManifestAsCorrupt() throws IOException {
        String dir = Files.readAllLines(repo.resolve("folder.dvc")).stream().filter(l -> l.contains("md5:"))
                .findFirst().orElseThrow().replaceAll(".*md5: ", "").strip();
        Path object = tmp.resolve("store/files/md5").resolve(dir.substring(0, 2)).resolve(dir.substring(2));
        object.toFile().setWritable(true);
        Files.writeString(object, "[{\"md5\": \"b1946ac92492d2347c6235b4d2611184\", \"relpath\": \"../../evil\"}]");
        org.jdvc.repo.WorkspaceCheckout.deleteAny(repo.resolve(".dvc/cache"));
        CliRunner.Result fetch = cli.run(repo, "fetch");
        assertThat(fetch.exit()).as(fetch.toString()).isEqualTo(1);
        assertThat(fetch.err()).contains("object " + dir + " in remote 'store' is corrupt")
                .doesNotContain("Missing cache files");
    }
}
