package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken input of every kind: jdvc prints one line naming the file (and line, where there is one), exits with DVC's
 * code, and modifies nothing (the whole tree, cache and .gitignore included, is compared byte for byte and mode for
 * mode). Corrupt cache data is never checked out.
 */
class BadInputTest {
    private static final String DATA_MD5 = "b1946ac92492d2347c6235b4d2611184"; // "hello\n"
    private static final String DATA_OBJECT = ".dvc/cache/files/md5/b1/946ac92492d2347c6235b4d2611184";

    @TempDir
    Path tmp;
    Path repo;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        ok("init", "-q");
        Files.writeString(repo.resolve("data.txt"), "hello\n");
        Files.writeString(repo.resolve("other.txt"), "other\n");
        ok("add", "-q", "data.txt", "other.txt");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Track data");
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** Runs a command that must fail with {@code exit} and {@code error}, leaving the tree exactly as it was. */
    private void fails(int exit, String error, String... args) throws IOException {
        Map<String, String> before = RepoTree.snapshot(tmp);
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(exit);
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo(error);
        assertThat(r.out()).isEmpty();
        assertThat(RepoTree.snapshot(tmp)).as("tree after " + String.join(" ", args)).isEqualTo(before);
    }

    @Test
    void malformedYamlInADvcFile() throws IOException {
        Files.writeString(repo.resolve("bad.txt.dvc"), "outs:\n- md5: [unclosed\n  path: bad.txt\n");
        Files.delete(repo.resolve("other.txt"));
        String error = "ERROR: './bad.txt.dvc' is invalid: did not find expected ',' or ']', in line 3, column 7\n";
        fails(1, error, "status");
        // NOTE: DVC's checkout lets the error reach main, which exits 255 (transcript 12.3); status catches it (1).
        fails(255, error, "checkout");
        fails(255, error, "checkout", "other.txt");
        Files.writeString(repo.resolve("new.txt"), "new\n");
        CliRunner.Result add = cli.run(repo, "add", "new.txt");
        assertThat(add.exit()).as(add.toString()).isNotZero();
        assertThat(add.err()).contains("'./bad.txt.dvc' is invalid").doesNotContain("\n\n");
        assertThat(repo.resolve("new.txt.dvc")).doesNotExist();
    }

    /**
     * Inputs that once ended in "unexpected error - <Java exception>" (a fuzzing campaign found them): each is now a
     * message naming the file, with the exit code of the file's other errors, and changes nothing.
     */
    @Test
    void hostileContentIsAMessageNotAJavaException() throws IOException {
        Files.delete(repo.resolve("data.txt"));
        Path dvc = repo.resolve("data.txt.dvc");
        String good = Files.readString(dvc);
        // collections nested 20,000 deep (the YAML parser recursed until the stack overflowed)
        Files.writeString(dvc, "outs: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
        fails(1, "ERROR: './data.txt.dvc' is invalid: collections are nested too deeply\n", "status");
        // nested deeper than the readers allow, but not enough to overflow the parser
        Files.writeString(dvc, "outs: " + "[".repeat(600) + "]".repeat(600) + "\n");
        fails(1, "ERROR: './data.txt.dvc' is invalid: collections are nested more than 500 deep, in line 1, "
                + "column 506\n", "status");
        // an md5 that is not one, or that would name a path outside the cache: no object has it, as DVC finds
        for (String md5 : new String[] {"g".repeat(32), "../../../../../etc/passwd"}) {
            Files.writeString(dvc, good.replace(DATA_MD5, md5));
            CliRunner.Result status = cli.run(repo, "status");
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("not in cache:       data.txt");
            fails(255, "ERROR: Checkout failed for following targets:\ndata.txt\nIs your cache up to date?\n"
                    + "<https://error.dvc.org/missing-files>\n", "checkout");
        }
        // bytes that are not UTF-8
        Files.write(dvc, new byte[] {'o', 'u', 't', 's', ':', ' ', (byte) 0xff, '\n'});
        fails(1, "ERROR: './data.txt.dvc' is invalid: not UTF-8 text (byte 0xff at offset 6)\n", "status");
        Files.writeString(dvc, good);
        // dvc.lock: a number where an output belongs, text that is not UTF-8
        Files.writeString(repo.resolve("dvc.yaml"), "stages:\n  s:\n    cmd: echo\n    outs:\n    - o.txt\n");
        Files.writeString(repo.resolve("dvc.lock"), "schema: '2.0'\nstages:\n  s:\n    cmd: echo\n    outs:\n"
                + "    - 5\n");
        fails(1, "ERROR: './dvc.lock' validation failed: expected a dictionary, in stages -> s -> outs -> 0\n",
                "status");
        Files.write(repo.resolve("dvc.lock"), new byte[] {(byte) 0xc3, '('});
        CliRunner.Result ls = cli.run(repo, "ls", ".");
        assertThat(ls.exit()).isNotZero();
        assertThat(ls.err()).isEqualTo("ERROR: 'dvc.lock' is invalid: not UTF-8 text (byte 0xc3 at offset 0)\n");
    }

    @Test
    void unknownKeysInADvcFile() throws IOException {
        Files.writeString(repo.resolve("data.txt.dvc"), "outs:\n- md5: " + DATA_MD5 + "\n  size: 6\n"
                + "  path: data.txt\n  colour: red\nfrobnicate: 1\n");
        Files.delete(repo.resolve("data.txt"));
        String error = "ERROR: './data.txt.dvc' validation failed: extra keys not allowed, in outs -> 0 -> colour, "
                + "line 2, column 3; extra keys not allowed, in frobnicate\n";
        fails(1, error, "status");
        fails(255, error, "checkout");
        fails(1, error, "commit", "-f");
    }

    @Test
    void malformedConfig() throws IOException {
        Files.writeString(repo.resolve(".dvc/config"), "[core\nremote = x\n");
        Files.delete(repo.resolve("data.txt"));
        String error = "ERROR: configuration error - config file error: " + repo.resolve(".dvc/config")
                + ": Invalid line ('[core') (matched as neither section nor keyword) at line 1.\n";
        fails(251, error, "status");
        fails(251, error, "config", "-l");
        fails(251, error, "checkout");
        Files.writeString(repo.resolve("new.txt"), "new\n");
        fails(251, error, "add", "new.txt");
    }

    @Test
    void unknownConfigOption() throws IOException {
        Files.writeString(repo.resolve(".dvc/config"), "[core]\n    nosuchoption = 1\n");
        Files.delete(repo.resolve("data.txt"));
        // NOTE: DVC's own words (transcript 12.6); voluptuous names the option, not the file.
        String error = "ERROR: configuration error - config file error: extra keys not allowed @ "
                + "data['core']['nosuchoption']\n";
        fails(251, error, "status");
        fails(251, error, "checkout");
    }

    @Test
    void targetOutsideTheRepository() throws IOException {
        Path outside = tmp.resolve("outside.txt");
        Files.writeString(outside, "outside\n");
        fails(1, "ERROR: Cached output(s) outside of DVC project: " + outside + ". See <https://dvc.org/doc/user-"
                + "guide/data-management/importing-external-data> for more info.\n", "add", "../outside.txt");
        fails(1, "ERROR: Cached output(s) outside of DVC project: " + outside + ". See <https://dvc.org/doc/user-"
                + "guide/data-management/importing-external-data> for more info.\n", "add", outside.toString());
        fails(255, "ERROR: Did you mean `git checkout ../outside.txt`?: '../outside.txt' does not exist as an output "
                + "or a stage name in 'dvc.yaml': 'dvc.yaml' does not exist\n", "checkout", "../outside.txt");
    }

    @Test
    void targetTrackedByGit() throws IOException {
        Files.writeString(repo.resolve("notes.txt"), "notes\n");
        Git.run(repo, "add", "notes.txt");
        Git.run(repo, "commit", "-q", "-m", "notes");
        Map<String, String> before = RepoTree.snapshot(tmp);
        CliRunner.Result r = cli.run(repo, "add", "notes.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("ERROR:  output 'notes.txt' is already tracked by SCM (e.g. Git).")
                .endsWith("\n").hasLineCount(1);
        assertThat(RepoTree.snapshot(tmp)).isEqualTo(before);
    }

    /** A user who edits a cache object must chmod it first; DVC then re-hashes it and deletes it as corrupt. */
    @Test
    void writableCorruptedCacheObjectIsReportedAndNeverCheckedOut() throws IOException {
        Path object = repo.resolve(DATA_OBJECT);
        Files.setPosixFilePermissions(object, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(object, "evil\n");
        Files.delete(repo.resolve("data.txt"));
        Files.delete(repo.resolve("other.txt"));

        assertThat(ok("status").out()).isEqualTo("data.txt.dvc:\n\tchanged outs:\n\t\tnot in cache:       data.txt\n"
                + "other.txt.dvc:\n\tchanged outs:\n\t\tdeleted:            other.txt\n");
        // NOTE: as DVC does (spec §2.3), the corrupt object is deleted so that a later fetch can restore it.
        assertThat(object).doesNotExist();
        Map<String, String> before = RepoTree.snapshot(tmp);

        CliRunner.Result checkout = cli.run(repo, "checkout");
        assertThat(checkout.exit()).isEqualTo(255);
        assertThat(checkout.err()).isEqualTo("ERROR: Checkout failed for following targets:\ndata.txt\n"
                + "Is your cache up to date?\n<https://error.dvc.org/missing-files>\n");
        assertThat(checkout.out()).isEqualTo("A       other.txt\n");
        assertThat(repo.resolve("data.txt")).doesNotExist();
        before.put("repo/other.txt", "file rw-r--r-- " + RepoTree.md5("other\n"));
        assertThat(RepoTree.snapshot(tmp)).isEqualTo(before);
    }

    /** The warning about a removed object is one line on stderr (not java.util.logging's two-line, dated default). */
    @Test
    void corruptedObjectWarningIsOneLine() throws Exception {
        Path object = repo.resolve(DATA_OBJECT);
        Files.setPosixFilePermissions(object, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(object, "evil\n");
        JdvcProcess.Finished status = JdvcProcess.run(repo, cli.env(), "status");
        assertThat(status.exit()).isZero();
        assertThat(status.err()).isEqualTo("WARNING: corrupted cache object removed: " + object + "\n");
        assertThat(status.out()).isEqualTo("data.txt.dvc:\n\tchanged outs:\n\t\tnot in cache:       data.txt\n");
    }

    /** With the workspace copy still present, a corrupt object is not a reason to touch the workspace. */
    @Test
    void writableCorruptedObjectWithIntactWorkspace() throws IOException {
        Path object = repo.resolve(DATA_OBJECT);
        Files.setPosixFilePermissions(object, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(object, "evil\n");
        CliRunner.Result checkout = cli.run(repo, "checkout", "-f");
        assertThat(checkout.exit()).isEqualTo(255);
        assertThat(checkout.err()).contains("Checkout failed for following targets:\ndata.txt\n");
        assertThat(Files.readString(repo.resolve("data.txt"))).isEqualTo("hello\n");
        assertThat(object).doesNotExist();
    }

    /**
     * Decision (documented in LocalCache): jdvc trusts an object whose mode is exactly 0444 without re-hashing, as DVC
     * does (spec §2.3) — re-hashing the whole cache on every status would cost what the rule exists to save. Such an
     * object can only arise by chmod-ing, editing and chmod-ing back; the damage then shows as soon as it reaches the
     * workspace: status reports the checked-out file as modified, and the cache keeps no second copy to restore.
     */
    @Test
    void corruptedObjectLeftReadOnlyIsTrustedLikeDvcAndShowsAsModifiedOnceCheckedOut() throws IOException {
        Path object = repo.resolve(DATA_OBJECT);
        Files.setPosixFilePermissions(object, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(object, "evil\n");
        Files.setPosixFilePermissions(object, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        Files.delete(repo.resolve("data.txt"));
        assertThat(ok("status").out()).isEqualTo("data.txt.dvc:\n\tchanged outs:\n\t\tdeleted:            data.txt\n");
        assertThat(ok("checkout").out()).isEqualTo("A       data.txt\n");
        assertThat(ok("status").out()).isEqualTo("data.txt.dvc:\n\tchanged outs:\n\t\tmodified:           data.txt\n");
        assertThat(Files.readString(object)).isEqualTo("evil\n");
    }

    @Test
    void missingCacheEntryFailsListingTheTargetAndRestoresTheOthers() throws IOException {
        Files.createDirectories(repo.resolve("dir/sub"));
        Files.writeString(repo.resolve("dir/a"), "a\n");
        Files.writeString(repo.resolve("dir/sub/b"), "b\n");
        ok("add", "-q", "dir");
        Files.delete(repo.resolve(DATA_OBJECT));
        Files.delete(repo.resolve(".dvc/cache/files/md5/" + RepoTree.md5("b\n").substring(0, 2) + "/"
                + RepoTree.md5("b\n").substring(2)));
        Files.delete(repo.resolve("data.txt"));
        Files.delete(repo.resolve("other.txt"));
        org.jdvc.repo.WorkspaceCheckout.deleteAny(repo.resolve("dir"));
        CliRunner.Result r = cli.run(repo, "checkout");
        assertThat(r.exit()).isEqualTo(255);
        assertThat(r.err()).isEqualTo("ERROR: Checkout failed for following targets:\ndata.txt\ndir\n"
                + "Is your cache up to date?\n<https://error.dvc.org/missing-files>\n");
        assertThat(r.out()).isEqualTo("A       other.txt\n");
        assertThat(Files.readString(repo.resolve("other.txt"))).isEqualTo("other\n");
        assertThat(repo.resolve("data.txt")).doesNotExist();
        assertThat(repo.resolve("dir")).doesNotExist();
        CliRunner.Result allow = cli.run(repo, "checkout", "--allow-missing");
        assertThat(allow.exit()).as(allow.toString()).isZero();
    }

    /** Stores {@code json} as a (validly hashed, 0444) .dir object and writes {@code name}.dvc pointing at it. */
    private void hostileDir(String name, String json) throws IOException {
        String md5 = RepoTree.md5(json);
        Path object = repo.resolve(".dvc/cache/files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2) + ".dir");
        Files.createDirectories(object.getParent());
        Files.write(object, json.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(object, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        Files.writeString(repo.resolve(name + ".dvc"), "outs:\n- md5: " + md5 + ".dir\n  size: 6\n  nfiles: 1\n"
                + "  hash: md5\n  path: " + name + "\n");
    }

    private static String entry(String relpath) {
        return "{\"md5\": \"" + DATA_MD5 + "\", \"relpath\": \"" + relpath + "\"}";
    }

    @Test
    void hostileManifestsAreRefusedWritingNothing() throws IOException {
        hostileDir("esc", "[" + entry("../escape") + "]");
        fails(255, "ERROR: 'esc' is a corrupted directory manifest: relpath '../escape' escapes the directory\n",
                "checkout", "esc");
        Files.delete(repo.resolve("esc.dvc"));

        Path absolute = tmp.resolve("absolute");
        hostileDir("abs", "[" + entry(absolute.toString()) + "]");
        fails(255, "ERROR: 'abs' is a corrupted directory manifest: relpath '" + absolute + "' is absolute\n",
                "checkout", "abs");
        Files.delete(repo.resolve("abs.dvc"));

        hostileDir("dup", "[" + entry("a") + ", " + entry("a") + "]");
        fails(255, "ERROR: 'dup' is a corrupted directory manifest: duplicate relpath 'a'\n", "checkout", "dup");
        Files.delete(repo.resolve("dup.dvc"));

        // a file and a directory of the same name cannot both exist
        hostileDir("clash", "[" + entry("a") + ", " + entry("a-b") + ", " + entry("a/b") + "]");
        fails(255, "ERROR: 'clash' is a corrupted directory manifest: relpath 'a/b' is inside file 'a'\n",
                "checkout", "clash");
        Files.delete(repo.resolve("clash.dvc"));

        hostileDir("badmd5", "[{\"md5\": \"../../../../x\", \"relpath\": \"a\"}]");
        fails(255, "ERROR: 'badmd5' is a corrupted directory manifest: md5 '../../../../x' is not an md5 hex digest\n",
                "checkout", "badmd5");
    }

    /**
     * A directory symlink inside a tracked directory is invisible to DVC's walk; checkout must not write through it
     * into whatever it points at. It replaces the link (which holds no data itself) with the real directory.
     */
    @Test
    void checkoutNeverWritesThroughASymlinkInsideTheOutput() throws IOException {
        hostileDir("out", "[" + entry("sub/x") + "]");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(repo.resolve("out"));
        Files.createSymbolicLink(repo.resolve("out/sub"), elsewhere);
        CliRunner.Result r = cli.run(repo, "checkout", "out");
        assertThat(r.exit()).as(r.toString()).isZero();
        try (var ls = Files.list(elsewhere)) {
            assertThat(ls.toList()).isEmpty();
        }
        assertThat(Files.isSymbolicLink(repo.resolve("out/sub"))).isFalse();
        assertThat(Files.readString(repo.resolve("out/sub/x"))).isEqualTo("hello\n");
    }
}
