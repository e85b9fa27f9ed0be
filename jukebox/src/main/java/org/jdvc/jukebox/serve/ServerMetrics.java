package org.jdvc.jukebox.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * The server's Prometheus metrics ({@code GET /metrics}, text format 0.0.4):
 * <ul>
 *   <li>{@code jukebox_requests_total{model,version,endpoint,code}}: every request, by endpoint ({@code infer},
 *   {@code metadata}, {@code ready}, {@code health}, {@code server}, {@code metrics}, {@code unknown}) and status;</li>
 *   <li>{@code jukebox_request_errors_total{model,version,endpoint,code}}: those answered 4xx or 5xx;</li>
 *   <li>{@code jukebox_inference_duration_seconds{model,version}}: infer latency from the request's headers read
 *   to the response ready to send, a histogram;</li>
 *   <li>{@code jukebox_inference_songs_total{model,version}}: songs scored;</li>
 *   <li>{@code jukebox_request_log_dropped}: request-log entries dropped because the disk fell behind.</li>
 * </ul>
 * Model and version are empty for requests that named no served model. A request is counted before its response
 * is sent, so a client that scrapes after its answer sees it. Thread-safe.
 */
final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Counter errors;
    private final Counter songs;
    private final Histogram latency;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    ServerMetrics(LongSupplier droppedLogEntries) {
        requests = Counter.builder().name("jukebox_requests").help("Requests answered")
                .labelNames("model", "version", "endpoint", "code").withoutExemplars().register(registry);
        errors = Counter.builder().name("jukebox_request_errors").help("Requests answered with 4xx or 5xx")
                .labelNames("model", "version", "endpoint", "code").withoutExemplars().register(registry);
        songs = Counter.builder().name("jukebox_inference_songs").help("Songs scored")
                .labelNames("model", "version").withoutExemplars().register(registry);
        latency = Histogram.builder().name("jukebox_inference_duration_seconds")
                .help("Inference latency, request headers read to response ready").labelNames("model", "version")
                .classicOnly().classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                        0.1, 0.25, 0.5, 1, 2.5).withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("jukebox_request_log_dropped")
                .help("Request log entries dropped because the writer fell behind")
                .callback(cb -> cb.call(droppedLogEntries.getAsLong())).register(registry);
    }

    /** The data points of one label set, looked up once (a Prometheus lookup builds and hashes the label list). */
    private record Key(String model, String version, String endpoint, int code) {
    }

    private final java.util.concurrent.ConcurrentHashMap<Key, io.prometheus.metrics.core.datapoints.CounterDataPoint[]>
            points = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts one answered request. */
    void request(String model, String version, String endpoint, int code) {
        var p = points.computeIfAbsent(new Key(model, version, endpoint, code), k -> {
            String c = Integer.toString(k.code());
            return k.code() >= 400
                    ? new io.prometheus.metrics.core.datapoints.CounterDataPoint[] {
                            requests.labelValues(k.model(), k.version(), k.endpoint(), c),
                            errors.labelValues(k.model(), k.version(), k.endpoint(), c)}
                    : new io.prometheus.metrics.core.datapoints.CounterDataPoint[] {
                            requests.labelValues(k.model(), k.version(), k.endpoint(), c)};
        });
        for (var d : p) {
            d.inc();
        }
    }

    /** Counts {@code n} songs scored. */
    void songs(String model, String version, int n) {
        songs.labelValues(model, version).inc(n);
    }

    /** Records one successful inference's latency. */
    void latency(String model, String version, double seconds) {
        latency.labelValues(model, version).observe(seconds);
    }

    String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
