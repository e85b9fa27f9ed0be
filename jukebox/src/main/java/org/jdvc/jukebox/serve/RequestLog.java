package org.jdvc.jukebox.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.Feature;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's request log: one JSON line per scored song, appended to a file by a writer thread so that a request
 * never waits for the disk. What drift monitoring reads ({@code jukebox monitor}).
 *
 * <pre>
 * {"time":"2026-12-08T10:15:30.123Z","model":"jukebox","version":"2","id":"req-1","spotify_id":"...",
 *  "features":{"is_explicit":0.0,"duration_ms":210000.0,...},"top":[{"country":"US","score":0.61},...]}
 * </pre>
 * {@code features} are raw (Spotify's units) when the served version's scaler is known; otherwise the model-ready
 * values are logged as {@code scaled_features}. {@code id} and {@code spotify_id} appear when the request had them.
 * When the queue is full (the disk is slower than the requests) entries are dropped and counted, never blocked on.
 */
public final class RequestLog implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int QUEUE = 65_536;
    private static final Entry STOP = new Entry(Instant.EPOCH, "", "", null, null, null, null, List.of());

    /** One logged song. {@code raw} or {@code scaled} is null (raw when known). */
    public record Entry(Instant time, String model, String version, String id, String spotifyId, double[] raw,
                        float[] scaled, List<Country> top) {
    }

    /** A country and its score. */
    public record Country(String country, double score) {
    }

    private final Path file;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private final BufferedWriter out;
    private volatile IOException failure;

    private RequestLog(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        writer = Thread.ofPlatform().name("request-log").daemon(true).start(this::drain);
    }

    /** Appends to {@code file} (created with its folders when absent). */
    public static RequestLog open(Path file) {
        try {
            return new RequestLog(file);
        } catch (IOException e) {
            throw new JukeboxException("cannot write the request log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Queues {@code e}; false (and counted) when the queue is full. */
    public boolean offer(Entry e) {
        if (queue.offer(e)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Entries dropped because the writer fell behind, or because writing failed. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        try {
            while (true) {
                Entry e = queue.take();
                if (e == STOP) {
                    break;
                }
                write(e);
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException e) {
            failure = e;
            dropped.addAndGet(queue.size() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Entry e) throws IOException {
        out.write(line(e));
        out.write('\n');
    }

    /** {@code e} as its JSON line (without the newline). */
    static String line(Entry e) throws IOException {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("model", e.model());
            g.writeStringField("version", e.version());
            if (e.id() != null) {
                g.writeStringField("id", e.id());
            }
            if (e.spotifyId() != null) {
                g.writeStringField("spotify_id", e.spotifyId());
            }
            g.writeObjectFieldStart(e.raw() != null ? "features" : "scaled_features");
            for (Feature f : Feature.values()) {
                g.writeNumberField(f.column(), e.raw() != null ? e.raw()[f.ordinal()] : e.scaled()[f.ordinal()]);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("top");
            for (Country c : e.top()) {
                g.writeStartObject();
                g.writeStringField("country", c.country());
                g.writeNumberField("score", Math.round(c.score() * 1e6) / 1e6);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w.toString();
    }

    /**
     * Reads a log: its entries in order, raw or scaled features as logged. Lines that are not entries (a line cut
     * short by a crash, another program's line) are skipped and counted in {@link Read#skipped}.
     */
    public static Read read(Path file) {
        List<Entry> entries = new ArrayList<>();
        int skipped = 0;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isBlank()) {
                    continue;
                }
                Entry e = parse(line);
                if (e == null) {
                    skipped++;
                } else {
                    entries.add(e);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JukeboxException("no request log " + file + " (jukebox serve writes it; see --request-log)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new JukeboxException("cannot read the request log " + file + ": " + e.getMessage(), e);
        }
        return new Read(List.copyOf(entries), skipped);
    }

    /** A log's entries, and how many lines were not entries. */
    public record Read(List<Entry> entries, int skipped) {
    }

    private static Entry parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Instant time = null;
            String model = null, version = null, id = null, spotifyId = null;
            double[] raw = null;
            float[] scaled = null;
            List<Country> top = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "time" -> time = Instant.parse(p.getText());
                    case "model" -> model = p.getText();
                    case "version" -> version = p.getText();
                    case "id" -> id = p.getText();
                    case "spotify_id" -> spotifyId = p.getText();
                    case "features", "scaled_features" -> {
                        double[] v = features(p);
                        if (v == null) {
                            return null;
                        }
                        if (field.equals("features")) {
                            raw = v;
                        } else {
                            scaled = new float[v.length];
                            for (int i = 0; i < v.length; i++) {
                                scaled[i] = (float) v[i];
                            }
                        }
                    }
                    case "top" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String c = null;
                            double score = Double.NaN;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                if (k.equals("country")) {
                                    c = p.getText();
                                } else if (k.equals("score")) {
                                    score = p.getDoubleValue();
                                } else {
                                    p.skipChildren();
                                }
                            }
                            top.add(new Country(c, score));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (time == null || version == null || (raw == null && scaled == null)) {
                return null;
            }
            return new Entry(time, model, version, id, spotifyId, raw, scaled, List.copyOf(top));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The 13 named features of an object, or null when one is missing or not a number. */
    private static double[] features(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        double[] v = new double[Feature.COUNT];
        boolean[] seen = new boolean[Feature.COUNT];
        List<String> names = Feature.names();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            int f = names.indexOf(p.currentName());
            JsonToken t = p.nextToken();
            if (f >= 0 && t.isNumeric()) {
                v[f] = p.getDoubleValue();
                seen[f] = true;
            } else {
                p.skipChildren();
            }
        }
        for (boolean s : seen) {
            if (!s) {
                return null;
            }
        }
        return v;
    }

    /** Stops accepting entries, writes what is queued and closes the file. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
    }

    /** The write error that stopped the log, if any. */
    public IOException failure() {
        return failure;
    }
}
