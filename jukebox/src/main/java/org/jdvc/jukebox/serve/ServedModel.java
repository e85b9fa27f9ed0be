package org.jdvc.jukebox.serve;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.train.MinMaxScaler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model version the server answers for.
 *
 * @param version the version the protocol reports ({@code "2"} for {@code model@v2}, an md5 prefix for a plain file)
 * @param scaler the training split's min-max scaler; null when unknown (then songs cannot be looked up by id and the
 *     request log holds scaled features)
 * @param rawInputs numeric inputs are raw features, scaled here (upstream's transformer); else they are model-ready
 * @param labels the country of each score, in output order; null when unknown (no {@code country_codes} output)
 * @param songs the song table requests may name by {@code spotify_id} (the version's own {@code song_properties})
 * @param origin where the model came from ({@code model@v2}, a file), for logs and errors
 */
public record ServedModel(String version, OnnxModel model, MinMaxScaler scaler, boolean rawInputs, List<String> labels,
                          Map<String, Song> songs, String origin) implements AutoCloseable {

    public ServedModel {
        labels = labels == null ? null : List.copyOf(labels);
        songs = songs == null ? Map.of() : Map.copyOf(songs);
        if (rawInputs && scaler == null) {
            throw new IllegalArgumentException("raw inputs need a scaler");
        }
    }

    /**
     * A model alone: model-ready inputs, no scaler or song table, the default labels ({@link #defaultLabels}).
     */
    public static ServedModel of(String version, OnnxModel model, String origin) {
        return new ServedModel(version, model, null, false, defaultLabels(model), null, origin);
    }

    /** The default labels of a model with one score per country: the 72 countries in upstream's label order. */
    public static List<String> defaultLabels(OnnxModel model) {
        boolean perCountry = model.outputs().stream().anyMatch(o -> o.shape().length > 0
                && o.shape()[o.shape().length - 1] == Countries.COUNT);
        return perCountry ? Countries.codes() : null;
    }

    /** Songs by id; the first of a repeated id wins, as training's join takes it. */
    public static Map<String, Song> byId(List<Song> songs) {
        Map<String, Song> m = new HashMap<>();
        for (Song s : songs) {
            m.putIfAbsent(s.spotifyId(), s);
        }
        return m;
    }

    @Override
    public void close() {
        try {
            model.close();
        } catch (ai.onnxruntime.OrtException e) {
            // NOTE: the process is shutting the model down; nothing left to do with it
        }
    }
}
