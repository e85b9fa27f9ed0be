package org.jdvc.jukebox.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the upstream Kaggle CSV ("Top Spotify Songs in 73 Countries", 25 columns, one row per song, playlist and day)
 * into the two tables: the rankings as they are, the songs once each (first row wins), as upstream's ETL splits it.
 *
 * <p>RFC 4180 quoting (doubled quotes, commas and newlines inside quotes). Columns are found by header name, so
 * their order does not matter. Empty or unparsable numbers: a ranking keeps 0, a song with a missing feature is left
 * out of {@link Tables#songs()} and counted. Values such as tempo 0 or duration 0 are kept as they are: they are real.
 */
public final class KaggleCsv {

    /** Both tables from one CSV. */
    public record Tables(List<Song> songs, List<Ranking> rankings, int droppedSongs) {
    }

    private KaggleCsv() {
    }

    /** Reads a UTF-8 CSV file. */
    public static Tables read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    /** Reads CSV text. */
    public static Tables read(Reader in) throws IOException {
        CsvRecords records = new CsvRecords(in);
        List<String> header = records.next();
        if (header == null) {
            return new Tables(List.of(), List.of(), 0);
        }
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).strip().replace("\uFEFF", ""), i);
        }
        for (String required : List.of("spotify_id", "daily_rank", "country", "snapshot_date")) {
            if (!col.containsKey(required)) {
                throw new IOException("not a Kaggle rankings CSV: no column '" + required + "'");
            }
        }
        Map<String, Song> songs = new LinkedHashMap<>();
        List<Ranking> rankings = new ArrayList<>();
        java.util.Set<String> incomplete = new java.util.HashSet<>();
        List<String> r;
        while ((r = records.next()) != null) {
            if (r.size() == 1 && r.getFirst().isEmpty()) {
                continue;
            }
            Row row = new Row(r, col);
            String id = row.text("spotify_id");
            if (id == null) {
                continue;
            }
            String date = row.text("snapshot_date");
            rankings.add(new Ranking(id, row.text("name"), row.text("artists"), (int) row.number("popularity", 0),
                    (int) row.number("daily_rank", 0), (int) row.number("daily_movement", 0),
                    (int) row.number("weekly_movement", 0), row.text("country") == null ? "" : row.text("country"),
                    date == null ? null : LocalDate.parse(date.substring(0, 10)), row.text("album_name"),
                    row.text("album_release_date")));
            if (!songs.containsKey(id) && !incomplete.contains(id)) {
                Song song = row.song(id, date);
                if (song == null) {
                    incomplete.add(id);
                } else {
                    songs.put(id, song);
                }
            }
        }
        return new Tables(List.copyOf(songs.values()), rankings, incomplete.size());
    }

    private record Row(List<String> values, Map<String, Integer> col) {
        String text(String name) {
            Integer i = col.get(name);
            if (i == null || i >= values.size()) {
                return null;
            }
            String v = values.get(i);
            return v.isEmpty() ? null : v;
        }

        double number(String name, double missing) {
            String v = text(name);
            if (v == null) {
                return missing;
            }
            try {
                return switch (v) {
                    case "True", "true" -> 1;
                    case "False", "false" -> 0;
                    default -> Double.parseDouble(v);
                };
            } catch (NumberFormatException e) {
                return missing;
            }
        }

        Song song(String id, String date) {
            double[] f = new double[Feature.COUNT];
            for (Feature feature : Feature.values()) {
                f[feature.ordinal()] = number(feature.column(), Double.NaN);
                if (Double.isNaN(f[feature.ordinal()])) {
                    return null;
                }
            }
            return new Song(id, text("name"), text("artists"),
                    date == null ? null : LocalDate.parse(date.substring(0, 10))
                            .atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                    f[0] != 0, (long) f[1], f[2], f[3], (int) f[4], f[5], (int) f[6], f[7], f[8], f[9], f[10], f[11],
                    f[12], (int) number("time_signature", 4));
        }
    }

    /** RFC 4180 record splitter; one instance per stream. */
    private static final class CsvRecords {
        private final Reader in;
        private int peeked = -2;

        CsvRecords(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        /** The next record's fields, or null at the end of input. */
        List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new IOException("unterminated quoted CSV field");
                    }
                    if (c == '"') {
                        int n = read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = n;
                            continue;
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == -1) {
                    break;
                } else if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        peeked = n;
                    }
                    break;
                } else {
                    field.append((char) c);
                }
                c = read();
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
