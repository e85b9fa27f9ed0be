package org.jdvc.jukebox.project;

import org.jdvc.remote.BlobStore;
import org.jdvc.remote.RemoteRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bucket the ingest job (upstream's ETL) writes the tables to: a local folder, or any URL a jdvc remote module
 * serves ({@code s3://bucket} with an {@code endpointurl} option, for example). Writing goes through jdvc's own
 * remote layer so that exactly the configuration the project's {@code data-source} remote uses also works here.
 */
public final class DataSource {
    private DataSource() {
    }

    /**
     * Uploads {@code files} under their file names to {@code url}.
     *
     * @param options the remote's options as {@code .dvc/config} spells them ({@code endpointurl}, ...)
     */
    public static void put(String url, Map<String, String> options, Path... files) throws IOException {
        try (BlobStore store = RemoteRegistry.open("data-source", url, options)) {
            for (Path f : files) {
                store.put(f.getFileName().toString(), f);
            }
        }
    }

    /** Uploads {@code file} as {@code key} to {@code url}, replacing what was there. */
    public static void put(String url, Map<String, String> options, String key, Path file) throws IOException {
        try (BlobStore store = RemoteRegistry.open("data-source", url, options)) {
            store.put(key, file);
        }
    }
}
