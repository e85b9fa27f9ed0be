package org.jdvc.jukebox.pipeline;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.train.LabeledSongs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prepare stage's output format: one CSV per split, a row per charting song: {@code spotify_id}, the 13 raw
 * features (upstream order, full double precision) and the song's row count in each of the 72 countries. Plain CSV
 * so that {@code jdvc data diff} can compare two preparations row by row.
 */
public final class PreparedSet {
    private PreparedSet() {
    }

    public static void write(Path file, LabeledSongs set) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("spotify_id");
            for (String f : Feature.names()) {
                w.write("," + f);
            }
            for (String c : Countries.codes()) {
                w.write("," + c);
            }
            w.write('\n');
            for (int i = 0; i < set.size(); i++) {
                w.write(set.songs().get(i).spotifyId());
                for (double v : set.features().get(i)) {
                    w.write(',');
                    w.write(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
                }
                for (int c : set.counts().get(i)) {
                    w.write(',');
                    w.write(Integer.toString(c));
                }
                w.write('\n');
            }
        }
    }

    /** Reads a file {@link #write} wrote (songs carry only their id and features). */
    public static LabeledSongs read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses what {@link #write} wrote; {@code origin} names it in errors. */
    public static LabeledSongs read(String text, String origin) throws IOException {
        List<Song> songs = new ArrayList<>();
        List<double[]> features = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        long rows = 0;
        List<String> lines = text.lines().toList();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty()) {
                continue;
            }
            String[] cell = line.split(",", -1);
            if (cell.length != 1 + Feature.COUNT + Countries.COUNT) {
                throw new IOException(origin + ": line " + (n + 1) + ": expected " + (1 + Feature.COUNT
                        + Countries.COUNT) + " columns, got " + cell.length);
            }
            double[] f = new double[Feature.COUNT];
            int[] c = new int[Countries.COUNT];
            try {
                for (int j = 0; j < f.length; j++) {
                    f[j] = Double.parseDouble(cell[1 + j]);
                }
                for (int j = 0; j < c.length; j++) {
                    c[j] = Integer.parseInt(cell[1 + Feature.COUNT + j]);
                    rows += c[j];
                }
            } catch (NumberFormatException e) {
                throw new IOException(origin + ": line " + (n + 1) + ": not a number (" + e.getMessage() + ")");
            }
            songs.add(Song.of(cell[0], null, null, null, f));
            features.add(f);
            counts.add(c);
        }
        return new LabeledSongs(List.copyOf(songs), List.copyOf(features), List.copyOf(counts), rows, 0, 0);
    }
}
