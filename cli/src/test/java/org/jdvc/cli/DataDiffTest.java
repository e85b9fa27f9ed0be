package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data diff}: row-level table changes between revisions, read through the cache (the workspace untouched).
 * Small CSV tables with known answers, and the real jukebox tables with answers computed here independently.
 */
class DataDiffTest {
    private static final Path JUKEBOX = Path.of("/work/shared/jukebox-reference");

    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path repo;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp);
        repo = tmp.resolve("repo");
    }

    private void init() throws IOException {
        Files.createDirectories(repo);
        Git.run(repo, "init", "-q");
        ok("init", "-q");
    }

    private void commit(String rel, String text, String message) throws IOException {
        Path p = repo.resolve(rel);
        Files.deleteIfExists(p);
        Files.writeString(p, text);
        ok("add", "-q", rel);
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", message);
    }

    private String ok(String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r.out();
    }

    @Test
    void keyedCsvBetweenTwoCommits() throws IOException {
        init();
        commit("t.csv", "id,name,score\n1,a,10\n2,b,20\n3,c,30\n", "v1");
        Git.run(repo, "tag", "v1");
        commit("t.csv", "id,name,score\n1,a,10\n2,b,25\n4,d,40\n", "v2");
        assertThat(ok("data", "diff", "v1", "HEAD", "t.csv", "--key", "id")).isEqualTo("""
                Rows (key id): 3 -> 3
                    added: 1
                    removed: 1
                    changed: 1
                    unchanged: 1
                """);
        assertThat(ok("data", "diff", "v1", "HEAD", "t.csv", "--key", "id", "--show")).endsWith("""

                Added rows:
                    id=4, name=d, score=40

                Removed rows:
                    id=3, name=c, score=30

                Changed rows:
                    id=2  score: 20 -> 25
                """);
        assertThat(ok("data", "diff", "v1", "HEAD", "t.csv", "-k", "id", "--json", "--show")).isEqualTo(
                "{\"old\": {\"rev\": \"v1\", \"rows\": 3, \"columns\": [{\"name\": \"id\", \"type\": \"int64\"}, "
                + "{\"name\": \"name\", \"type\": \"string\"}, {\"name\": \"score\", \"type\": \"int64\"}]}, "
                + "\"new\": {\"rev\": \"HEAD\", \"rows\": 3, \"columns\": [{\"name\": \"id\", \"type\": \"int64\"}, "
                + "{\"name\": \"name\", \"type\": \"string\"}, {\"name\": \"score\", \"type\": \"int64\"}]}, "
                + "\"key\": \"id\", \"schema\": {\"added\": [], \"removed\": [], \"retyped\": [], \"renamed\": []}, "
                + "\"rows\": {\"added\": 1, \"removed\": 1, \"changed\": 1, \"unchanged\": 1}, "
                + "\"added_rows\": [{\"id\": 4, \"name\": \"d\", \"score\": 40}], "
                + "\"removed_rows\": [{\"id\": 3, \"name\": \"c\", \"score\": 30}], "
                + "\"changed_rows\": [{\"key\": 2, \"changes\": {\"score\": {\"old\": 20, \"new\": 25}}}]}\n");
    }

    @Test
    void aCloneWithAnEmptyCacheReadsBothVersionsFromTheRemote() throws IOException {
        init();
        ok("remote", "add", "-q", "-d", "store", tmp.resolve("store").toString());
        commit("t.csv", "id,v\n1,a\n", "v1");
        Git.run(repo, "tag", "v1");
        commit("t.csv", "id,v\n1,b\n", "v2");
        ok("push", "-q", "--rev", "v1");
        Path clone = tmp.resolve("clone");
        Git.run(tmp, "clone", "-q", repo.toString(), clone.toString());
        CliRunner.Result r = cli.run(clone, "data", "diff", "v1", "HEAD", "t.csv", "--key", "id");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("    changed: 1\n");
        assertThat(clone.resolve("t.csv")).doesNotExist();
        assertThat(clone.resolve(".dvc/cache/files")).doesNotExist();
    }

    @Test
    void unkeyedCsvAgainstTheWorkspaceIsAMultisetDifference() throws IOException {
        init();
        commit("t.csv", "x,y\n1,a\n1,a\n2,b\n", "v1");
        Files.delete(repo.resolve("t.csv"));
        Files.writeString(repo.resolve("t.csv"), "x,y\n1,a\n2,b\n3,c\n");
        String before = Files.readString(repo.resolve("t.csv"));
        assertThat(ok("data", "diff", "t.csv", "--show")).isEqualTo("""
                Rows: 3 -> 3
                    added: 1
                    removed: 1
                    unchanged: 2

                Added rows:
                    x=3, y=c

                Removed rows:
                    x=1, y=a
                """);
        assertThat(Files.readString(repo.resolve("t.csv"))).isEqualTo(before);
        assertThat(ok("data", "diff", "HEAD", "HEAD", "t.csv")).isEqualTo("No changes.\n");
    }

    @Test
    void retypedRemovedAddedAndRenamedCsvColumns() throws IOException {
        init();
        commit("t.csv", "id,code,old,when\n1,10,x,2024-01-01\n2,20,y,2024-01-02\n", "v1");
        Git.run(repo, "tag", "v1");
        // code: int64 -> string (values still equal by meaning for row 1); old removed; when renamed to at
        commit("t.csv", "id,code,at,extra\n1,10,2024-01-01,5\n2,B20,2024-01-02,6\n", "v2");
        assertThat(ok("data", "diff", "v1", "HEAD", "t.csv", "--key", "id", "--show")).isEqualTo("""
                Columns:
                    retyped: code (int64 -> string)
                    renamed: when -> at (string)
                    removed: old (string)
                    added: extra (int64)

                Rows (key id): 2 -> 2
                    added: 0
                    removed: 0
                    changed: 1
                    unchanged: 1

                Changed rows:
                    id=2  code: 20 -> B20
                """);
    }

    @Test
    void errorsAreOneLineAndWriteNothing() throws IOException {
        init();
        commit("t.csv", "id,v\n1,a\n1,b\n", "v1");
        CliRunner.Result r = cli.run(repo, "data", "diff", "t.csv", "--key", "id");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: key column 'id' is not unique in the old version: '1' appears more "
                + "than once\n");
        r = cli.run(repo, "data", "diff", "t.csv", "--key", "nope");
        assertThat(r.err()).isEqualTo("ERROR: key column 'nope' is not in the old version of the table\n");
        Files.writeString(repo.resolve("t.txt"), "x");
        r = cli.run(repo, "data", "diff", "t.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: 't.txt' is neither a CSV (.csv) nor a Parquet (.parquet) table\n");
    }

    @Test
    void realSongTablesKeyedBySpotifyId() throws IOException {
        Path small = JUKEBOX.resolve("small_song_properties.parquet");
        Path big = JUKEBOX.resolve("song_properties.parquet");
        assumeTrue(Files.isReadable(small) && Files.isReadable(big),
                "SKIPPED: the jukebox reference tables are not at " + JUKEBOX);
        init();
        Path table = repo.resolve("songs.parquet");
        Files.copy(small, table);
        ok("add", "-q", "songs.parquet");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "small");
        Git.run(repo, "tag", "small");
        Files.delete(table);
        Files.copy(big, table, StandardCopyOption.REPLACE_EXISTING);
        ok("add", "-q", "songs.parquet");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "big");

        // NOTE: the expected answer, computed here from the two files with the library alone
        Map<String, Map<String, Object>> a = rows(small);
        Map<String, Map<String, Object>> b = rows(big);
        Set<String> aCols = columns(small);
        Set<String> bCols = columns(big);
        assertThat(aCols).contains("snapshot_date").doesNotContain("event_timestamp");
        assertThat(bCols).contains("event_timestamp").doesNotContain("snapshot_date");
        long added = b.keySet().stream().filter(k -> !a.containsKey(k)).count();
        long removed = a.keySet().stream().filter(k -> !b.containsKey(k)).count();
        Set<String> common = aCols.stream().filter(bCols::contains).collect(Collectors.toSet());
        boolean sameTimes = a.keySet().stream().filter(b::containsKey).allMatch(
                k -> String.valueOf(a.get(k).get("snapshot_date")).equals(String.valueOf(b.get(k).get("event_timestamp"))));
        if (sameTimes) {
            common.add("__renamed__");
        }
        long changed = a.keySet().stream().filter(b::containsKey).filter(k -> common.stream().anyMatch(c ->
                c.equals("__renamed__") ? false : !String.valueOf(a.get(k).get(c)).equals(String.valueOf(b.get(k).get(c)))))
                .count();
        long unchanged = a.keySet().stream().filter(b::containsKey).count() - changed;

        String out = ok("data", "diff", "small", "HEAD", "songs.parquet", "--key", "spotify_id", "--json");
        assertThat(out).contains("\"rows\": {\"added\": " + added + ", \"removed\": " + removed + ", \"changed\": "
                + changed + ", \"unchanged\": " + unchanged + "}");
        assertThat(out).contains("\"old\": {\"rev\": \"small\", \"rows\": " + a.size());
        assertThat(out).contains("\"new\": {\"rev\": \"HEAD\", \"rows\": " + b.size());
        if (sameTimes) {
            assertThat(out).contains("\"renamed\": [{\"old_name\": \"snapshot_date\", \"new_name\": "
                    + "\"event_timestamp\"");
        } else {
            assertThat(out).contains("\"removed\": [{\"name\": \"snapshot_date\"");
            assertThat(out).contains("\"added\": [{\"name\": \"event_timestamp\"");
        }
        String text = ok("data", "diff", "small", "HEAD", "songs.parquet", "--key", "spotify_id");
        assertThat(text).contains("Rows (key spotify_id): " + a.size() + " -> " + b.size() + "\n")
                .contains("    added: " + added + "\n").contains("    changed: " + changed + "\n");
        assertThat(text).contains(sameTimes ? "renamed: snapshot_date -> event_timestamp"
                : "removed: snapshot_date");
    }

    private static final Hydrator<Map<String, Object>, Map<String, Object>, String[]> ROW = new Hydrator<>() {
        @Override
        public Map<String, Object> start() {
            return new HashMap<>();
        }

        @Override
        public Map<String, Object> add(Map<String, Object> row, String[] path, Object value) {
            row.put(path[0], value);
            return row;
        }

        @Override
        public Map<String, Object> finish(Map<String, Object> row) {
            return row;
        }
    };

    private static Map<String, Map<String, Object>> rows(Path file) throws IOException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        try (Stream<Map<String, Object>> s = ParquetReader.streamContent(file.toFile(), ROW)) {
            s.forEach(r -> {
                Map<String, Object> norm = new HashMap<>();
                // NOTE: values compared by their number value or text, like the command promises
                r.forEach((k, v) -> norm.put(k, v instanceof Number n ? normalize(n) : v == null ? null
                        : v instanceof org.apache.parquet.io.api.Binary bin ? bin.toStringUsingUTF8() : v.toString()));
                out.put(String.valueOf(norm.get("spotify_id")), norm);
            });
        }
        return out;
    }

    private static String normalize(Number n) {
        return (n instanceof Double || n instanceof Float ? new java.math.BigDecimal(n.toString())
                : new java.math.BigDecimal(n.longValue())).stripTrailingZeros().toPlainString();
    }

    private static Set<String> columns(Path file) throws IOException {
        return ParquetReader.readMetadata(file.toFile()).getFileMetaData().getSchema().getFields().stream()
                .map(org.apache.parquet.schema.Type::getName).collect(Collectors.toSet());
    }
}
