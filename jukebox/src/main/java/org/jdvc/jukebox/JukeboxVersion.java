package org.jdvc.jukebox;

/** The version of this program: what {@code jukebox --version}, the server's metadata and each model record say. */
public final class JukeboxVersion {
    public static final String VERSION = "0.2.0";

    private JukeboxVersion() {
    }
}
