package org.jdvc.jukebox.cli;

import org.jdvc.jukebox.monitor.Monitor;
import org.jdvc.jukebox.project.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jukebox monitor}: drift of the request log against the served version's training data; retrain on drift. */
@Command(name = "monitor", sortOptions = false, description = {"Compare the requests a version received (the "
        + "server's request log) with the data it was trained on, feature by feature: population stability index and "
        + "Kolmogorov-Smirnov distance.",
        "A feature drifts when its PSI is at least --psi and its KS p-value below --ks-p. With --retrain and drift: "
                + "append the logged songs to song_properties in the data-source bucket, jdvc update, commit, "
                + "jdvc repro, register, and offer the new version to prod through the evaluation gate."})
final class MonitorCommand extends MlopsCommands.InProject implements Callable<Integer> {
    @Option(names = "--log", defaultValue = "requests.jsonl", description = "The request log "
            + "(default: ${DEFAULT-VALUE}).")
    Path log;
    @Option(names = "--version", description = "The version whose requests to check (default: prod, else the "
            + "newest).")
    String version;
    @Option(names = "--psi", defaultValue = "0.2", description = "PSI threshold (default: ${DEFAULT-VALUE}).")
    double psi;
    @Option(names = "--ks-p", defaultValue = "0.01", description = "KS p-value threshold (default: ${DEFAULT-VALUE}).")
    double ksP;
    @Option(names = "--min-requests", defaultValue = "100", description = "Fewer logged songs are too few to tell "
            + "(default: ${DEFAULT-VALUE}).")
    int minRequests;
    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;
    @Option(names = "--retrain", description = "On drift: add the logged songs to the data, retrain, register, and "
            + "promote to prod if the gate lets it.")
    boolean retrain;

    @Override
    public Integer call() throws Exception {
        Monitor monitor = new Monitor(open());
        Monitor.Report report = monitor.check(log, version, new Monitor.Thresholds(psi, ksP, minRequests));
        Monitor.Retrain done = retrain && report.drifted() ? monitor.retrain(report, log) : null;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>(report.json());
            if (done != null) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("songs_added", done.songsAdded());
                r.put("registered", done.registered() == null ? null : done.registered().version());
                r.put("promoted", done.promotedTag());
                r.put("refused", done.refused());
                doc.put("retrain", r);
            }
            System.out.println(Json.write(doc));
            return 0;
        }
        report.lines().forEach(System.out::println);
        if (retrain && !report.drifted()) {
            System.out.println("nothing to retrain");
        }
        if (done != null) {
            System.out.println(done.registered() == null ? "retrain registered nothing: " + done.refused()
                    : "retrained: " + done.registered().tag() + " (accuracy " + done.registered().accuracy() + ")"
                    + (done.promoted() != null ? ", now prod (" + done.promotedTag() + "; gate: "
                    + done.promoted().summary() + ")"
                    : "; not promoted: " + done.refused()));
        }
        return 0;
    }
}
