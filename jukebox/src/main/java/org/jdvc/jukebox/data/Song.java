package org.jdvc.jukebox.data;

import java.time.Instant;

/**
 * One row of {@code song_properties}: a song and its Spotify audio features (upstream schema).
 *
 * @param timestamp {@code event_timestamp} (or {@code snapshot_date} in older tables); null when the table has none
 * @param name may be null (the real table has songs without a name or artists)
 */
public record Song(String spotifyId, String name, String artists, Instant timestamp, boolean explicit, long durationMs,
                   double danceability, double energy, int key, double loudness, int mode, double speechiness,
                   double acousticness, double instrumentalness, double liveness, double valence, double tempo,
                   int timeSignature) {

    /**
     * A song known only by its 13 model inputs (a request's), with a placeholder time signature (4, the commonest).
     */
    public static Song of(String spotifyId, String name, String artists, Instant timestamp, double[] f) {
        return new Song(spotifyId, name, artists, timestamp, f[0] >= 0.5, Math.round(f[1]), f[2], f[3],
                (int) Math.round(f[4]), f[5], (int) Math.round(f[6]), f[7], f[8], f[9], f[10], f[11], f[12], 4);
    }

    /** The 13 model inputs, unscaled, in {@link Feature} order. */
    public double[] features() {
        return new double[] {explicit ? 1 : 0, durationMs, danceability, energy, key, loudness, mode, speechiness,
                acousticness, instrumentalness, liveness, valence, tempo};
    }
}
