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

    /** The 13 model inputs, unscaled, in {@link Feature} order. */
    public double[] features() {
        return new double[] {explicit ? 1 : 0, durationMs, danceability, energy, key, loudness, mode, speechiness,
                acousticness, instrumentalness, liveness, valence, tempo};
    }
}
