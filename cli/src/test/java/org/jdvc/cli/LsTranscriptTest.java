package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcript 10 (dvc ls) replayed with jdvc on a real git repository, plus a listing through a clone. */
class LsTranscriptTest {
    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path repo;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRunner(tmp);
        repo = Files.createDirectories(tmp.resolve("repo"));
        Git.run(repo, "init", "-q");
        ok(repo, "init", "-q");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "Initialize DVC");
        write("README.md", "# demo\n");
        write("src/train.py", "print(1)\n");
        write("data.txt", "hello dvc\n");
        ok(repo, "add", "-q", "data.txt");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v1");
        Git.run(repo, "tag", "v1");
        write("dir/a.txt", "a\n");
        write("dir/sub/b.txt", "bb\n");
        ok(repo, "add", "-q", "dir");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v2");
    }

    private void write(String rel, String text) throws IOException {
        Path p = repo.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private String ok(Path cwd, String... args) {
        CliRunner.Result r = cli.run(cwd, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r.out();
    }

    private static final String TOP = """
            .dvcignore
            .gitignore
            README.md
            data.txt
            data.txt.dvc
            dir
            dir.dvc
            src
            """;

    @Test
    void plainRecursiveAndDvcOnly() {
        assertThat(ok(repo, "ls", ".")).isEqualTo(TOP);
        assertThat(ok(repo, "ls", "-R", ".")).isEqualTo("""
                .dvcignore
                .gitignore
                README.md
                data.txt
                data.txt.dvc
                dir.dvc
                dir/a.txt
                dir/sub/b.txt
                src/train.py
                """);
        assertThat(ok(repo, "ls", "--dvc-only", ".")).isEqualTo("data.txt\ndir\n");
        assertThat(ok(repo, "ls", "-R", "--dvc-only", ".")).isEqualTo("data.txt\ndir/a.txt\ndir/sub/b.txt\n");
    }

    @Test
    void json() throws IOException {
        long dvcignore = Files.size(repo.resolve(".dvcignore"));
        long dirSize = Files.size(repo.resolve("dir"));
        long srcSize = Files.size(repo.resolve("src"));
        assertThat(ok(repo, "ls", "--json", ".")).isEqualTo("[{\"isout\": false, \"isdir\": false, \"isexec\": false, "
                + "\"size\": " + dvcignore + ", \"md5\": null, \"path\": \".dvcignore\"}, {\"isout\": false, \"isdir\": "
                + "false, \"isexec\": false, \"size\": 15, \"md5\": null, \"path\": \".gitignore\"}, {\"isout\": false, "
                + "\"isdir\": false, \"isexec\": false, \"size\": 7, \"md5\": null, \"path\": \"README.md\"}, "
                + "{\"isout\": true, \"isdir\": false, \"isexec\": false, \"size\": 10, \"md5\": "
                + "\"a4f92ec3d78ed1ee2c736947b0b92007\", \"path\": \"data.txt\"}, {\"isout\": false, \"isdir\": false, "
                + "\"isexec\": false, \"size\": 86, \"md5\": null, \"path\": \"data.txt.dvc\"}, {\"isout\": true, "
                + "\"isdir\": true, \"isexec\": false, \"size\": " + dirSize + ", \"md5\": "
                + "\"3ccabac68ff12f7672d6f8e3bb43c241.dir\", \"path\": \"dir\"}, {\"isout\": false, \"isdir\": false, "
                + "\"isexec\": false, \"size\": 96, \"md5\": null, \"path\": \"dir.dvc\"}, {\"isout\": false, "
                + "\"isdir\": true, \"isexec\": false, \"size\": " + srcSize + ", \"md5\": null, \"path\": \"src\"}]\n");
    }

    @Test
    void sizesAndHashes() throws IOException {
        // NOTE: folder sizes are the file system's (4096 on ext4, as in the transcript); the test reads them
        String dir = org.jdvc.cli.commands.LsCmd.humanSize(Files.size(repo.resolve("dir")));
        String src = org.jdvc.cli.commands.LsCmd.humanSize(Files.size(repo.resolve("src")));
        int w = Math.max(3, Math.max(dir.length(), src.length()));
        String expected = pad("139", w) + "  .dvcignore\n" + pad("15", w) + "  .gitignore\n" + pad("7", w)
                + "  README.md\n" + pad("10", w) + "  data.txt\n" + pad("86", w) + "  data.txt.dvc\n" + pad(dir, w)
                + "  dir\n" + pad("96", w) + "  dir.dvc\n" + pad(src, w) + "  src\n";
        assertThat(ok(repo, "ls", "--size", ".")).isEqualTo(expected);
        assertThat(ok(repo, "ls", "-R", "--size", "--show-hash", ".")).isEqualTo("""
                139  -                                 .dvcignore
                 15  -                                 .gitignore
                  7  -                                 README.md
                 10  a4f92ec3d78ed1ee2c736947b0b92007  data.txt
                 86  -                                 data.txt.dvc
                 96  -                                 dir.dvc
                  2  60b725f10c9c85c70d97880dfe8191b3  dir/a.txt
                  3  bfcc9da4f2e1d313c63cd0a4ee7604e9  dir/sub/b.txt
                  9  -                                 src/train.py
                """);
    }

    private static String pad(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    @Test
    void revisionPathTreeAndOtherDirectory() {
        assertThat(ok(repo, "ls", "--rev", "v1", ".")).isEqualTo("""
                .dvcignore
                .gitignore
                README.md
                data.txt
                data.txt.dvc
                src
                """);
        assertThat(ok(repo, "ls", ".", "dir")).isEqualTo("a.txt\nsub\n");
        assertThat(ok(repo, "ls", "-T", ".")).isEqualTo("""
                .
                ├── .dvcignore
                ├── .gitignore
                ├── README.md
                ├── data.txt
                ├── data.txt.dvc
                ├── dir
                │   ├── a.txt
                │   └── sub
                │       └── b.txt
                ├── dir.dvc
                └── src
                    └── train.py
                """);
        assertThat(ok(tmp, "ls", "repo", "dir/sub")).isEqualTo("b.txt\n");
    }

    @Test
    void missingPathIsAnError() {
        CliRunner.Result r = cli.run(repo, "ls", ".", "nosuch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ERROR: [Errno 2] No such file or directory: '" + repo.resolve("nosuch")
                + "'\n");
    }

    @Test
    void clonedUrlListsHeadThroughTheSourceRemote() {
        // NOTE: file:// is cloned by JGit; the listing is HEAD's tree, the directory's manifest from the remote the
        // committed .dvc/config names
        ok(repo, "remote", "add", "-q", "-d", "store", tmp.resolve("store").toString());
        ok(repo, "push", "-q");
        Git.run(repo, "commit", "-q", "-am", "remote");
        String url = repo.toUri().toString();
        assertThat(ok(tmp, "ls", url)).isEqualTo(TOP);
        assertThat(ok(tmp, "ls", "-R", "--dvc-only", "--show-hash", url, "dir")).isEqualTo("""
                60b725f10c9c85c70d97880dfe8191b3  a.txt
                bfcc9da4f2e1d313c63cd0a4ee7604e9  sub/b.txt
                """);
    }
}
