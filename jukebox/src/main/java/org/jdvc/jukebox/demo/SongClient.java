package org.jdvc.jukebox.demo;

import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.project.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a label's client does in the demo: asks the inference server (over HTTP, the v2 protocol) for the 72 country
 * scores of songs given by their raw features, with their ids so that the request log knows them.
 */
final class SongClient implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    SongClient(int port, String model) {
        this.base = "http://127.0.0.1:" + port + "/v2/models/" + model;
    }

    /** The scores of each song, row by row, from {@code version} (null: the server's default). */
    List<float[]> scores(String version, List<double[]> features, List<String> ids) throws IOException,
            InterruptedException {
        List<Object> inputs = new ArrayList<>();
        List<String> names = Feature.names();
        for (int f = 0; f < names.size(); f++) {
            List<Double> column = new ArrayList<>();
            for (double[] row : features) {
                column.add(row[f]);
            }
            inputs.add(tensor(names.get(f), "FP64", column, features.size()));
        }
        if (ids != null) {
            inputs.add(tensor("spotify_id", "BYTES", ids, ids.size()));
        }
        String url = base + (version == null ? "" : "/versions/" + version) + "/infer";
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("inputs", inputs)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("inference failed: HTTP " + resp.statusCode() + " " + resp.body());
        }
        Map<String, Object> json = Json.readObject(resp.body());
        List<?> data = (List<?>) ((Map<?, ?>) ((List<?>) json.get("outputs")).getFirst()).get("data");
        int width = data.size() / features.size();
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < features.size(); r++) {
            float[] row = new float[width];
            for (int k = 0; k < width; k++) {
                row[k] = ((Number) data.get(r * width + k)).floatValue();
            }
            rows.add(row);
        }
        return rows;
    }

    /** Scores of the songs, sent in batches of {@code batch}; returns how many were sent. */
    int ask(List<Song> songs, int batch) throws IOException, InterruptedException {
        for (int i = 0; i < songs.size(); i += batch) {
            List<Song> part = songs.subList(i, Math.min(songs.size(), i + batch));
            scores(null, part.stream().map(Song::features).toList(), part.stream().map(Song::spotifyId).toList());
        }
        return songs.size();
    }

    private static Map<String, Object> tensor(String name, String datatype, List<?> data, int rows) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("name", name);
        in.put("shape", List.of(rows, 1));
        in.put("datatype", datatype);
        in.put("data", data);
        return in;
    }

    @Override
    public void close() {
        http.close();
    }
}
