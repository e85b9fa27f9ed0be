package org.jdvc.jukebox.data;

import blue.strategic.parquet.Dehydrator;
import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import blue.strategic.parquet.ParquetWriter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and writes the two tables as Parquet files in upstream's schema.
 *
 * <p>Reading copes with what real files hold: the timestamp column named {@code event_timestamp} or (older versions)
 * {@code snapshot_date} or absent, pandas' {@code __index_level_0__} column (ignored), nulls in text columns (kept as
 * null) and in feature columns (the row is dropped and counted: a song without its features cannot be scored), and
 * integer columns stored as int32 or int64 and timestamps as nanos, micros or millis (told apart by magnitude),
 * dates or text.
 *
 * <p>Writing produces the current upstream schema ({@code event_timestamp} as {@code TIMESTAMP(NANOS)}; rankings with
 * {@code snapshot_date} as {@code DATE}); no pandas index column. Files are written to a temporary sibling and renamed
 * into place, so a reader never sees half a table. Not thread-safe per file; no locking.
 */
public final class SongTables {

    /** Songs read from a table, with the number of rows dropped for missing features. */
    public record SongTable(List<Song> songs, int droppedRows) {
    }

    private static final MessageType SONG_SCHEMA = Types.buildMessage()
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("spotify_id")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("name")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("artists")
            .optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.NANOS))
            .named("event_timestamp")
            .optional(PrimitiveTypeName.BOOLEAN).named("is_explicit")
            .optional(PrimitiveTypeName.INT64).named("duration_ms")
            .optional(PrimitiveTypeName.DOUBLE).named("danceability")
            .optional(PrimitiveTypeName.DOUBLE).named("energy")
            .optional(PrimitiveTypeName.INT64).named("key")
            .optional(PrimitiveTypeName.DOUBLE).named("loudness")
            .optional(PrimitiveTypeName.INT64).named("mode")
            .optional(PrimitiveTypeName.DOUBLE).named("speechiness")
            .optional(PrimitiveTypeName.DOUBLE).named("acousticness")
            .optional(PrimitiveTypeName.DOUBLE).named("instrumentalness")
            .optional(PrimitiveTypeName.DOUBLE).named("liveness")
            .optional(PrimitiveTypeName.DOUBLE).named("valence")
            .optional(PrimitiveTypeName.DOUBLE).named("tempo")
            .optional(PrimitiveTypeName.INT64).named("time_signature")
            .named("schema");

    private static final MessageType RANKING_SCHEMA = Types.buildMessage()
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("spotify_id")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("name")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("artists")
            .optional(PrimitiveTypeName.INT64).named("popularity")
            .optional(PrimitiveTypeName.INT64).named("daily_rank")
            .optional(PrimitiveTypeName.INT64).named("daily_movement")
            .optional(PrimitiveTypeName.INT64).named("weekly_movement")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("country")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("snapshot_date")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("album_name")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("album_release_date")
            .named("schema");

    private SongTables() {
    }

    /** Reads a {@code song_properties} Parquet file. */
    public static SongTable readSongs(Path file) throws IOException {
        List<Song> songs = new ArrayList<>();
        int[] dropped = {0};
        try (Stream<Map<String, Object>> rows = ParquetReader.streamContent(file.toFile(), ROW)) {
            rows.forEach(row -> {
                Song song = songOf(row);
                if (song == null) {
                    dropped[0]++;
                } else {
                    songs.add(song);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new SongTable(List.copyOf(songs), dropped[0]);
    }

    /** Reads a {@code song_rankings} Parquet file; rows without a song id or a rank are skipped. */
    public static List<Ranking> readRankings(Path file) throws IOException {
        List<Ranking> rankings = new ArrayList<>();
        try (Stream<Map<String, Object>> rows = ParquetReader.streamContent(file.toFile(), ROW)) {
            rows.forEach(row -> {
                String id = textOf(row.get("spotify_id"));
                Long rank = longOf(row.get("daily_rank"));
                if (id == null || rank == null) {
                    return;
                }
                String country = textOf(row.get("country"));
                rankings.add(new Ranking(id, textOf(row.get("name")), textOf(row.get("artists")),
                        intOr(row.get("popularity")), rank.intValue(), intOr(row.get("daily_movement")),
                        intOr(row.get("weekly_movement")), country == null ? "" : country,
                        dateOf(row.get("snapshot_date")), textOf(row.get("album_name")),
                        textOf(row.get("album_release_date"))));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rankings;
    }

    /** Writes songs in the current upstream schema, replacing {@code file} atomically. */
    public static void writeSongs(Path file, List<Song> songs) throws IOException {
        write(file, SONG_SCHEMA, songs, (Song s, blue.strategic.parquet.ValueWriter w) -> {
            putText(w, "spotify_id", s.spotifyId());
            putText(w, "name", s.name());
            putText(w, "artists", s.artists());
            if (s.timestamp() != null) {
                Instant t = s.timestamp();
                w.write("event_timestamp", t.getEpochSecond() * 1_000_000_000L + t.getNano());
            }
            w.write("is_explicit", s.explicit());
            w.write("duration_ms", s.durationMs());
            w.write("danceability", s.danceability());
            w.write("energy", s.energy());
            w.write("key", (long) s.key());
            w.write("loudness", s.loudness());
            w.write("mode", (long) s.mode());
            w.write("speechiness", s.speechiness());
            w.write("acousticness", s.acousticness());
            w.write("instrumentalness", s.instrumentalness());
            w.write("liveness", s.liveness());
            w.write("valence", s.valence());
            w.write("tempo", s.tempo());
            w.write("time_signature", (long) s.timeSignature());
        });
    }

    /** Writes rankings ({@code snapshot_date} as a Parquet DATE), replacing {@code file} atomically. */
    public static void writeRankings(Path file, List<Ranking> rankings) throws IOException {
        write(file, RANKING_SCHEMA, rankings, (Ranking r, blue.strategic.parquet.ValueWriter w) -> {
            putText(w, "spotify_id", r.spotifyId());
            putText(w, "name", r.name());
            putText(w, "artists", r.artists());
            w.write("popularity", (long) r.popularity());
            w.write("daily_rank", (long) r.dailyRank());
            w.write("daily_movement", (long) r.dailyMovement());
            w.write("weekly_movement", (long) r.weeklyMovement());
            putText(w, "country", r.country());
            if (r.snapshotDate() != null) {
                w.write("snapshot_date", (int) r.snapshotDate().toEpochDay());
            }
            putText(w, "album_name", r.albumName());
            putText(w, "album_release_date", r.albumReleaseDate());
        });
    }

    private static <T> void write(Path file, MessageType schema, List<T> rows, Dehydrator<T> dehydrator)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        // NOTE: parquet-floor refuses to overwrite; the temp file only reserves a unique name.
        Files.delete(tmp);
        try {
            try (ParquetWriter<T> writer = ParquetWriter.writeFile(schema, tmp.toFile(), dehydrator)) {
                for (T row : rows) {
                    writer.write(row);
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void putText(blue.strategic.parquet.ValueWriter w, String column, String value) {
        // NOTE: a null is simply not written: the optional column then holds a null for this row.
        if (value != null) {
            w.write(column, value);
        }
    }

    private static final Hydrator<Map<String, Object>, Map<String, Object>, String[]> ROW = new Hydrator<>() {
        @Override
        public Map<String, Object> start() {
            return new HashMap<>(32);
        }

        @Override
        public Map<String, Object> add(Map<String, Object> row, String[] path, Object value) {
            row.put(path[path.length - 1], value);
            return row;
        }

        @Override
        public Map<String, Object> finish(Map<String, Object> row) {
            return row;
        }
    };

    private static Song songOf(Map<String, Object> row) {
        String id = textOf(row.get("spotify_id"));
        Object explicit = row.get("is_explicit");
        Long duration = longOf(row.get("duration_ms"));
        Long key = longOf(row.get("key"));
        Long mode = longOf(row.get("mode"));
        Double[] d = new Double[9];
        String[] names = {"danceability", "energy", "loudness", "speechiness", "acousticness", "instrumentalness",
                "liveness", "valence", "tempo"};
        for (int i = 0; i < names.length; i++) {
            d[i] = doubleOf(row.get(names[i]));
            if (d[i] == null) {
                return null;
            }
        }
        if (id == null || explicit == null || duration == null || key == null || mode == null) {
            return null;
        }
        Object ts = row.containsKey("event_timestamp") ? row.get("event_timestamp") : row.get("snapshot_date");
        Long sig = longOf(row.get("time_signature"));
        return new Song(id, textOf(row.get("name")), textOf(row.get("artists")), instantOf(ts),
                explicit instanceof Boolean b ? b : Boolean.parseBoolean(explicit.toString()), duration,
                d[0], d[1], key.intValue(), d[2], mode.intValue(), d[3], d[4], d[5], d[6], d[7], d[8],
                sig == null ? 4 : sig.intValue());
    }

    private static Long longOf(Object v) {
        return switch (v) {
            case null -> null;
            case Number n -> n.longValue();
            case Boolean b -> b ? 1L : 0L;
            default -> {
                try {
                    yield (long) Double.parseDouble(v.toString());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    private static int intOr(Object v) {
        Long l = longOf(v);
        return l == null ? 0 : l.intValue();
    }

    private static Double doubleOf(Object v) {
        return switch (v) {
            case null -> null;
            case Number n -> Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
            default -> {
                try {
                    yield Double.parseDouble(v.toString());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    /** Timestamps as pandas writes them (nanos since the epoch), or DATE days, or ISO text. */
    private static Instant instantOf(Object v) {
        return switch (v) {
            case null -> null;
            case Long t -> {
                // NOTE: pandas writes nanoseconds, newer pyarrow microseconds, Spark millis: the magnitude tells
                // them apart for any date after 1973.
                long nanos = Math.abs(t) > 100_000_000_000_000_000L ? t
                        : Math.abs(t) > 100_000_000_000_000L ? t * 1_000L : t * 1_000_000L;
                yield Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                        Math.floorMod(nanos, 1_000_000_000L));
            }
            case Integer days -> LocalDate.ofEpochDay(days).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            default -> {
                // NOTE: text dates come as "2024-01-31", "2024-01-31 00:00:00" or ISO instants; unreadable -> null.
                String s = v.toString().strip();
                try {
                    yield Instant.parse(s);
                } catch (java.time.format.DateTimeParseException e) {
                    try {
                        yield LocalDate.parse(s.substring(0, Math.min(10, s.length())))
                                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                    } catch (java.time.format.DateTimeParseException e2) {
                        yield null;
                    }
                }
            }
        };
    }

    /** Text columns may be stored as other types by other writers; keep their text form. */
    private static String textOf(Object v) {
        return v == null ? null : v.toString();
    }

    private static LocalDate dateOf(Object v) {
        Instant i = instantOf(v);
        return i == null ? null : LocalDate.ofInstant(i, java.time.ZoneOffset.UTC);
    }
}
