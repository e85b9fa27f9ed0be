package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random trees (unicode names with astral and combining characters, gitignore metacharacters, spaces, names
 * that sort around {@code /}, empty files, deep nesting) survive add, delete, checkout byte for byte; the cached
 * manifest is the one computed here independently; status is clean and a second add changes nothing.
 */
class RoundTripPropertyTest {
    private static final String[] PIECES = {"a", "b", "A", "z", "0", "9", "-", ".", "_", " ", "[", "]", "*", "?",
        "!", "#", "é", "e\u0301", "ß", "日本", "\uD83D\uDE00", "\uD834\uDD1E", "\u00A0", "~", "=", "+", ",", "'",
        "(", ")", "@", "$", "%", "&", ";"};

    @TempDir
    Path tmp;

    private static String component(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        String s = sb.toString().strip(); // NOTE: DVC strips .gitignore lines; leading/trailing blanks are not ours
        if (s.isEmpty() || s.equals(".") || s.equals("..") || s.startsWith("#") || s.equals(".dvc")
                || s.equals(".git") || s.equals(".dvcignore") || s.endsWith(".dvc") || s.equals(".gitignore")) {
            return "x" + s + "x";
        }
        return s;
    }

    static List<RepoTree.FileSpec> randomTree(Random r) {
        int n = 1 + r.nextInt(60);
        Set<String> taken = new HashSet<>();
        Set<String> dirs = new HashSet<>();
        List<String> parents = new ArrayList<>(List.of(""));
        List<RepoTree.FileSpec> files = new ArrayList<>();
        // the names that sort right before '/' (code point 0x2f) next to a directory of the same stem
        for (String fixed : List.of("a/b", "a-b", "a.b", "a b")) {
            taken.add(fixed);
            files.add(new RepoTree.FileSpec(fixed, bytes(r)));
        }
        dirs.add("a");
        taken.add("a");
        for (int i = 0; i < n; i++) {
            String parent = parents.get(r.nextInt(parents.size()));
            String path = parent + component(r);
            if (taken.contains(path) || dirs.contains(path)) {
                continue;
            }
            if (r.nextInt(3) == 0 && parent.length() < 200) {
                dirs.add(path);
                taken.add(path);
                parents.add(path + "/");
                continue;
            }
            taken.add(path);
            files.add(new RepoTree.FileSpec(path, bytes(r)));
        }
        // deep nesting
        StringBuilder deep = new StringBuilder();
        for (int i = 0, depth = 20 + r.nextInt(20); i < depth; i++) {
            deep.append("d").append(i).append('/');
        }
        files.add(new RepoTree.FileSpec(deep + "leaf", bytes(r)));
        // keep only files whose ancestors are not files (a directory created later may shadow an earlier file name)
        Set<String> filePaths = new HashSet<>();
        files.forEach(f -> filePaths.add(f.relpath()));
        return files.stream().filter(f -> {
            String p = f.relpath();
            for (int s = p.indexOf('/'); s >= 0; s = p.indexOf('/', s + 1)) {
                if (filePaths.contains(p.substring(0, s))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    private static byte[] bytes(Random r) {
        if (r.nextInt(5) == 0) {
            return new byte[0];
        }
        byte[] b = new byte[r.nextInt(3000)];
        r.nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void addDeleteCheckoutRoundTrips(long seed) throws IOException {
        Random r = new Random(seed);
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRunner cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        assertThat(cli.run(repo, "init", "-q").exit()).isZero();
        String top = "tree " + component(r);
        List<RepoTree.FileSpec> files = randomTree(r);
        RepoTree.write(repo.resolve(top), files);
        Map<String, String> expectedContents = RepoTree.contents(repo.resolve(top));
        assertThat(expectedContents).hasSize(files.size());

        CliRunner.Result add = cli.run(repo, "add", "-q", top);
        assertThat(add.exit()).as(add.toString()).isZero();
        String manifest = RepoTree.manifest(files);
        String dirMd5 = RepoTree.md5(manifest);
        long size = files.stream().mapToLong(f -> f.content().length).sum();
        Path dvcFile = repo.resolve(top + ".dvc");
        byte[] dvcBytes = Files.readAllBytes(dvcFile);
        assertThat(new String(dvcBytes, StandardCharsets.UTF_8)).startsWith("outs:\n- md5: " + dirMd5 + ".dir\n  size: "
                + size + "\n  nfiles: " + files.size() + "\n  hash: md5\n  path: ");
        Path object = repo.resolve(".dvc/cache/files/md5/" + dirMd5.substring(0, 2) + "/" + dirMd5.substring(2)
                + ".dir");
        assertThat(Files.readString(object, StandardCharsets.US_ASCII)).isEqualTo(manifest);
        assertThat(cli.run(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
        // git itself agrees the output is ignored, whatever its name contains
        assertThat(List.of(Git.run(repo, "status", "--porcelain", "--untracked-files=all", "-z").split("\0")))
                .noneMatch(e -> e.startsWith("?? " + top + "/")).contains("?? " + top + ".dvc");

        Map<String, String> before = RepoTree.snapshot(repo);
        CliRunner.Result again = cli.run(repo, "add", "-q", top);
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(Files.readAllBytes(dvcFile)).isEqualTo(dvcBytes);
        assertThat(RepoTree.snapshot(repo)).isEqualTo(before);

        org.jdvc.repo.WorkspaceCheckout.deleteAny(repo.resolve(top));
        CliRunner.Result checkout = cli.run(repo, "checkout");
        assertThat(checkout.exit()).as(checkout.toString()).isZero();
        assertThat(RepoTree.contents(repo.resolve(top))).isEqualTo(expectedContents);
        assertThat(cli.run(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    /**
     * Single-file outputs with hostile names: escaped .gitignore entries that git reads back as the same file. (A name
     * ending in a backslash is left out: DVC does not escape it, so git never matches that entry, in DVC too.)
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void singleFilesWithMetacharacterNamesAreIgnoredByGit(long seed) throws IOException {
        Random r = new Random(seed);
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRunner cli = new CliRunner(tmp);
        Git.run(repo, "init", "-q");
        assertThat(cli.run(repo, "init", "-q").exit()).isZero();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : List.of("[abc]", "*", "a?b", "!bang", "sp ace", "\uD83D\uDE00e\u0301")) {
            files.put(name, bytes(r));
        }
        for (int i = 0; i < 5; i++) {
            files.put("f" + i + component(r), bytes(r));
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(repo.resolve(f.getKey()), f.getValue());
        }
        Files.writeString(repo.resolve("abc"), "decoy: matched by an unescaped [abc]\n");
        List<String> args = new ArrayList<>(List.of("add", "-q"));
        args.addAll(files.keySet());
        CliRunner.Result add = cli.run(repo, args.toArray(String[]::new));
        assertThat(add.exit()).as(add.toString()).isZero();
        String untracked = Git.run(repo, "status", "--porcelain", "--untracked-files=all", "-z");
        List<String> entries = List.of(untracked.split("\0"));
        for (String name : files.keySet()) {
            assertThat(entries).as(name).doesNotContain("?? " + name);
            assertThat(entries).as(name).contains("?? " + name + ".dvc");
        }
        assertThat(entries).contains("?? abc");
        for (String name : files.keySet()) {
            Files.delete(repo.resolve(name));
        }
        assertThat(cli.run(repo, "checkout").exit()).isZero();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertThat(Files.readAllBytes(repo.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        }
        assertThat(cli.run(repo, "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }
}
