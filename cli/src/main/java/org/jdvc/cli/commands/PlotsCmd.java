package org.jdvc.cli.commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdvc.api.Jdvc;
import org.jdvc.api.PlotsCommand;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plots", description = "Commands to visualize and compare plot data.",
        subcommands = {PlotsCmd.Show.class, PlotsCmd.Diff.class})
public final class PlotsCmd {
    /** Options shared by show and diff. */
    abstract static class Render extends BaseCommand {
        @Option(names = "--json", description = "Show output in JSON format.")
        boolean json;

        @Option(names = {"-o", "--out"}, paramLabel = "<path>", description = "Directory to save plots to.")
        String out = "dvc_plots";

        abstract PlotsCommand command(Jdvc jdvc);

        @Override
        protected int execute() {
            Map<String, Object> doc = command(Jdvc.open(ctx.cwd(), ctx.env())).call();
            if (json) {
                console().result(Json.write(doc));
                return 0;
            }
            Path dir = ctx.cwd().resolve(out).normalize();
            Path index = dir.resolve("index.html");
            try {
                Files.createDirectories(dir);
                Files.writeString(index, html((Map<?, ?>) doc.get("data")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            console().result(index.toUri().toString().replaceFirst("^file:/+", "file:///"));
            return 0;
        }
    }

    @Command(name = "show", description = "Generate plots from metrics files.")
    public static final class Show extends Render {
        @Parameters(arity = "0..*", paramLabel = "targets", description = "Plots files or plot IDs.")
        List<String> targets = new ArrayList<>();

        @Override
        PlotsCommand command(Jdvc jdvc) {
            return jdvc.plots();
        }
    }

    @Command(name = "diff", description = "Show multiple versions of plots by overlaying them in a single image.")
    public static final class Diff extends Render {
        @Parameters(arity = "0..*", paramLabel = "revisions", description = "Git commits to compare.")
        List<String> revisions = new ArrayList<>();

        @Override
        PlotsCommand command(Jdvc jdvc) {
            return jdvc.plots().revisions(revisions);
        }
    }

    /** A page embedding every plot with vega-embed. */
    static String html(Map<?, ?> plots) {
        StringBuilder body = new StringBuilder();
        int i = 0;
        for (Map.Entry<?, ?> e : plots.entrySet()) {
            for (Object p : (List<?>) e.getValue()) {
                String id = "plot" + i++;
                body.append("    <div id=\"").append(id).append("\"></div>\n    <script type=\"text/javascript\">\n")
                        .append("        vegaEmbed('#").append(id).append("', ")
                        .append(Json.write(((Map<?, ?>) p).get("content"))).append(");\n    </script>\n");
            }
        }
        return "<!DOCTYPE html>\n<html>\n<head>\n    <title>DVC Plot</title>\n"
                + "    <script src=\"https://cdn.jsdelivr.net/npm/vega@5\"></script>\n"
                + "    <script src=\"https://cdn.jsdelivr.net/npm/vega-lite@5\"></script>\n"
                + "    <script src=\"https://cdn.jsdelivr.net/npm/vega-embed@6\"></script>\n</head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }
}
