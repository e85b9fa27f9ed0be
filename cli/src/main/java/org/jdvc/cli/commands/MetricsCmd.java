package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.api.Jdvc;
import org.jdvc.api.MetricsCommand;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "metrics", description = "Commands to display metrics.",
        subcommands = {MetricsCmd.Show.class, MetricsCmd.Diff.class})
public final class MetricsCmd {
    @Command(name = "show", description = "Print metrics, with optional formatting.")
    public static final class Show extends BaseCommand {
        @Parameters(arity = "0..*", paramLabel = "targets", description = "Limit command scope to these metrics "
                + "files.")
        List<String> targets = new ArrayList<>();

        @Option(names = "--json", description = "Show output in JSON format.")
        boolean json;

        @Option(names = "--md", description = "Show tabulated output in the Markdown format (GFM).")
        boolean md;

        @Option(names = {"-a", "--all-branches", "-T", "--all-tags", "-A", "--all-commits"},
                description = "Show metrics for other revisions (not supported by jdvc yet).")
        boolean otherRevisions;

        @Option(names = "--precision", paramLabel = "<n>", description = "Round metrics to `n` digits precision "
                + "after the decimal point.")
        int precision = 5;

        @Override
        protected int execute() {
            if (otherRevisions) {
                throw new JdvcException("metrics show for other revisions (-a, -T, -A) is not supported by jdvc yet",
                        JdvcException.REFUSED);
            }
            Map<String, Map<String, Object>> metrics = Jdvc.open(ctx.cwd(), ctx.env()).metrics().targets(targets)
                    .show();
            if (json) {
                Map<String, Object> files = new LinkedHashMap<>();
                metrics.forEach((f, v) -> files.put(f, Map.of("data", v)));
                console().result(Json.write(Map.of("", Map.of("data", files))));
                return 0;
            }
            String table = table(metrics, precision, md);
            if (!table.isEmpty()) {
                console().result(md ? table + "\n" : table);
            }
            return 0;
        }
    }

    /** The metrics table of {@code metrics show}: a row per file, a column per (flattened) metric; "" if none. */
    static String table(Map<String, Map<String, Object>> metrics, int precision, boolean md) {
        if (metrics.isEmpty()) {
            return "";
        }
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        Map<String, Map<String, Object>> flat = new LinkedHashMap<>();
        metrics.forEach((f, v) -> {
            Map<String, Object> fl = flatten(v);
            flat.put(f, fl);
            keys.addAll(fl.keySet());
        });
        List<String> headers = new ArrayList<>(List.of("Path"));
        headers.addAll(keys);
        List<List<String>> rows = new ArrayList<>();
        flat.forEach((f, fl) -> {
            List<String> row = new ArrayList<>(List.of(f));
            keys.forEach(k -> row.add(TextTable.cell(fl.get(k), precision)));
            rows.add(row);
        });
        return TextTable.render(headers, rows, md);
    }

    @Command(name = "diff", description = "Show changes in metrics between commits in the DVC repository, or between "
            + "a commit and the workspace.")
    public static final class Diff extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "a_rev", description = "Old Git commit to compare "
                + "(defaults to HEAD)")
        String aRev;

        @Parameters(index = "1", arity = "0..1", paramLabel = "b_rev", description = "New Git commit to compare "
                + "(defaults to the current workspace)")
        String bRev;

        @Option(names = "--targets", arity = "1..*", paramLabel = "<paths>", description = "Specific metrics "
                + "file(s) to compare.")
        List<String> targets = new ArrayList<>();

        @Option(names = "--all", description = "Show unchanged metrics as well.")
        boolean all;

        @Option(names = "--json", description = "Show output in JSON format.")
        boolean json;

        @Option(names = "--md", description = "Show tabulated output in the Markdown format (GFM).")
        boolean md;

        @Option(names = "--precision", paramLabel = "<n>", description = "Round metrics to `n` digits precision "
                + "after the decimal point.")
        int precision = 5;

        @Override
        protected int execute() {
            MetricsCommand.MetricsDiff d = Jdvc.open(ctx.cwd(), ctx.env()).metrics().revisions(aRev, bRev).all(all)
                    .targets(targets).diff();
            if (json) {
                console().result(Json.write(ParamsCmd.changesJson(d.changes())));
                return 0;
            }
            if (d.changes().isEmpty()) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            d.changes().forEach((file, keys) -> keys.forEach((k, c) -> rows.add(List.of(file, k,
                    TextTable.cell(c.oldValue(), precision), TextTable.cell(c.newValue(), precision),
                    TextTable.cell(c.diff(), precision)))));
            String table = TextTable.render(List.of("Path", "Metric", d.aName(), d.bName(), "Change"), rows, md);
            console().result(md ? table + "\n" : table);
            return 0;
        }
    }

    private static Map<String, Object> flatten(Map<?, ?> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                flatten(m).forEach((k2, v2) -> out.put(k + "." + k2, v2));
            } else {
                out.put(String.valueOf(k), v);
            }
        });
        return out;
    }
}
