package org.jdvc.jukebox;

import org.jdvc.jukebox.data.KaggleCsv;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.assertj.core.api.Assertions.assertThat;

/** The real tables load with their real schema; our own files round-trip. */
class SongTablesTest {

    @Test
    void realSongPropertiesLoad() throws Exception {
        SongTables.SongTable t = SongTables.readSongs(Reference.file("song_properties.parquet"));
        assertThat(t.songs().size() + t.droppedRows()).isEqualTo(14_245);
        assertThat(t.songs().size()).isGreaterThan(14_000);
        Song first = t.songs().getFirst();
        assertThat(first.spotifyId()).isEqualTo("59NraMJsLaMCVtwXTSia8i");
        assertThat(first.name()).isEqualTo("Prada");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2023-10-18T00:00:00Z"));
        assertThat(first.explicit()).isTrue();
        assertThat(first.durationMs()).isEqualTo(132_359);
        assertThat(first.key()).isEqualTo(8);
        assertThat(first.tempo()).isEqualTo(141.904);
        // edge cases of the real data are kept, not dropped
        assertThat(t.songs()).anyMatch(s -> s.tempo() == 0);
    }

    @Test
    void olderTableWithSnapshotDateLoads() throws Exception {
        SongTables.SongTable t = SongTables.readSongs(Reference.file("small_song_properties.parquet"));
        assertThat(t.songs().size() + t.droppedRows()).isEqualTo(5_000);
        assertThat(t.songs().getFirst().timestamp()).isEqualTo(Instant.parse("2023-10-18T00:00:00Z"));
    }

    @Test
    void newSongWithoutTimestampLoads() throws Exception {
        List<Song> songs = SongTables.readSongs(Reference.file("fav_new_song_properties.parquet")).songs();
        assertThat(songs).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("Live Forever");
            assertThat(s.artists()).isEqualTo("Oasis");
            assertThat(s.timestamp()).isNull();
        });
    }

    @Test
    void kaggleCsvSplitsIntoBothTables() throws Exception {
        KaggleCsv.Tables t = KaggleCsv.read(Reference.file("kaggle-one-day-sample.csv"));
        assertThat(t.rankings().size()).isEqualTo(1_423);
        assertThat(t.rankings().getFirst().global()).isTrue();
        assertThat(t.rankings().getFirst().snapshotDate()).isEqualTo(LocalDate.of(2025, 1, 8));
        assertThat(t.rankings().stream().map(Ranking::country).distinct().count()).isEqualTo(29);
        assertThat(t.songs()).isNotEmpty().allMatch(s -> s.spotifyId().length() == 22);
        assertThat(t.songs().stream().map(Song::spotifyId).distinct().count()).isEqualTo(t.songs().size());
    }

    @Test
    void csvCopesWithQuotesNullsAndZeroTempo() throws Exception {
        String csv = """
                "spotify_id","name","artists","daily_rank","country","snapshot_date","is_explicit","duration_ms",\
                "danceability","energy","key","loudness","mode","speechiness","acousticness","instrumentalness",\
                "liveness","valence","tempo","time_signature"
                "a","Say ""hi"", twice","","1","DE","2025-01-08","True","0","0.5","0.5","1","-5","1","0.1","0.1",\
                "0","0.1","0.5","0","4"
                "b","no features","x","2","DE","2025-01-08","False","1000","","0.5","1","-5","1","0.1","0.1","0",\
                "0.1","0.5","120","4"
                """;
        KaggleCsv.Tables t = KaggleCsv.read(new StringReader(csv));
        assertThat(t.rankings()).hasSize(2);
        assertThat(t.songs()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("Say \"hi\", twice");
            assertThat(s.artists()).isNull();
            assertThat(s.tempo()).isZero();
            assertThat(s.durationMs()).isZero();
        });
        assertThat(t.droppedSongs()).isEqualTo(1);
    }

    /** Rankings as upstream's pandas ETL writes them: timestamp snapshot_date, int32 counts, an index column. */
    @Test
    void pandasStyleRankingsLoad(@TempDir Path dir) throws Exception {
        var schema = org.apache.parquet.schema.Types.buildMessage()
                .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("spotify_id")
                .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("name")
                .optional(INT32).named("daily_rank")
                .optional(INT64).named("popularity")
                .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("country")
                .optional(INT64).as(LogicalTypeAnnotation.timestampType(false,
                        LogicalTypeAnnotation.TimeUnit.NANOS)).named("snapshot_date")
                .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("album_release_date")
                .optional(INT64).named("__index_level_0__")
                .named("schema");
        Path file = dir.resolve("song_rankings.parquet");
        try (var w = blue.strategic.parquet.ParquetWriter.writeFile(schema, file.toFile(),
                (Object[] row, blue.strategic.parquet.ValueWriter v) -> {
                    String[] names = {"spotify_id", "name", "daily_rank", "popularity", "country", "snapshot_date",
                            "album_release_date", "__index_level_0__"};
                    for (int i = 0; i < names.length; i++) {
                        if (row[i] != null) {
                            v.write(names[i], row[i]);
                        }
                    }
                })) {
            w.write(new Object[] {"a", "A", 3, 80L, "DE", 1_704_067_200_000_000_000L, "2023", 7L});
            w.write(new Object[] {"b", null, 1, null, null, 1_704_153_600_000_000_000L, null, 8L});
            w.write(new Object[] {null, "no id", 2, 1L, "FR", null, null, 9L});
        }
        List<Ranking> r = SongTables.readRankings(file);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.get(0)).isEqualTo(new Ranking("a", "A", null, 80, 3, 0, 0, "DE", LocalDate.of(2024, 1, 1),
                null, "2023"));
        assertThat(r.get(1).global()).isTrue();
        assertThat(r.get(1).snapshotDate()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(r.get(1).name()).isNull();
    }

    @Test
    void syntheticTablesRoundTripThroughParquet(@TempDir Path dir) throws Exception {
        SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(1).withSongs(300).withDays(3));
        List<Song> songs = gen.songs();
        List<Ranking> rankings = gen.rankings(songs, 2);
        assertThat(rankings).hasSize(73 * 50 * 3);
        SongTables.writeSongs(dir.resolve("p.parquet"), songs);
        SongTables.writeRankings(dir.resolve("r.parquet"), rankings);
        assertThat(SongTables.readSongs(dir.resolve("p.parquet")).songs()).isEqualTo(songs);
        assertThat(SongTables.readRankings(dir.resolve("r.parquet"))).isEqualTo(rankings);
        // overwriting replaces the file
        SongTables.writeSongs(dir.resolve("p.parquet"), songs.subList(0, 10));
        assertThat(SongTables.readSongs(dir.resolve("p.parquet")).songs()).hasSize(10);
    }
}
