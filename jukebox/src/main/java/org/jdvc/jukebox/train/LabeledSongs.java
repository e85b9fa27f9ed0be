package org.jdvc.jukebox.train;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rankings joined to songs, as upstream's training joins them: on {@code spotify_id}, Global rows dropped, each
 * remaining row (song, country) one positive example of that country.
 *
 * <p>Why per song and not per row: a song's rows differ only in their label, so the row-wise loss equals a per-song
 * loss against the song's label shares weighted by its row count. Training on ~14k songs instead of ~1 M rows gives
 * the same objective at a fraction of the cost. Immutable.
 *
 * @param features unscaled features of each song that has at least one national row
 * @param counts rows per song and country (label order)
 * @param unknownRows rows whose song is not in the properties table (dropped)
 * @param globalRows Global rows (dropped)
 */
public record LabeledSongs(List<Song> songs, List<double[]> features, List<int[]> counts, long rows,
                           long unknownRows, long globalRows) {

    /** Joins; songs with the same id after the first are ignored, as are countries outside the 72 labels. */
    public static LabeledSongs join(List<Song> songs, List<Ranking> rankings) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < songs.size(); i++) {
            index.putIfAbsent(songs.get(i).spotifyId(), i);
        }
        Map<Integer, int[]> counts = new java.util.TreeMap<>();
        long rows = 0, unknown = 0, global = 0;
        for (Ranking r : rankings) {
            int c = Countries.indexOf(r.country());
            if (c < 0) {
                global++;
                continue;
            }
            Integer s = index.get(r.spotifyId());
            if (s == null) {
                unknown++;
                continue;
            }
            counts.computeIfAbsent(s, k -> new int[Countries.COUNT])[c]++;
            rows++;
        }
        List<Song> labeled = new ArrayList<>();
        List<double[]> features = new ArrayList<>();
        List<int[]> perSong = new ArrayList<>();
        counts.forEach((s, cs) -> {
            labeled.add(songs.get(s));
            features.add(songs.get(s).features());
            perSong.add(cs);
        });
        return new LabeledSongs(List.copyOf(labeled), List.copyOf(features), List.copyOf(perSong), rows, unknown,
                global);
    }

    public int size() {
        return songs.size();
    }

    /** Total rows of song {@code i}. */
    public int rowsOf(int i) {
        int t = 0;
        for (int c : counts.get(i)) {
            t += c;
        }
        return t;
    }

    /** The songs at {@code indices}. */
    public LabeledSongs subset(int[] indices) {
        List<Song> s = new ArrayList<>();
        List<double[]> f = new ArrayList<>();
        List<int[]> c = new ArrayList<>();
        long rows = 0;
        for (int i : indices) {
            s.add(songs.get(i));
            f.add(features.get(i));
            c.add(counts.get(i));
            rows += rowsOf(i);
        }
        return new LabeledSongs(List.copyOf(s), List.copyOf(f), List.copyOf(c), rows, 0, 0);
    }
}
