package org.jdvc.jukebox.data;

import java.time.LocalDate;

/**
 * One row of {@code song_rankings}: a song on one playlist on one day.
 *
 * @param country ISO alpha-2 code of a national Top-50 playlist, or the empty string for the Global playlist
 * @param dailyRank 1..50
 * @param albumReleaseDate kept as text: upstream has full dates, years and year-months
 */
public record Ranking(String spotifyId, String name, String artists, int popularity, int dailyRank,
                      int dailyMovement, int weeklyMovement, String country, LocalDate snapshotDate, String albumName,
                      String albumReleaseDate) {

    /** True for the Global playlist, which is no label. */
    public boolean global() {
        return country.isEmpty();
    }
}
