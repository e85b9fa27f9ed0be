package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.api.DiffCommand;
import org.jdvc.api.DiffCommand.Change;
import org.jdvc.api.DiffCommand.DiffResult;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diff [a_rev] [b_rev]}: text, {@code --json} or {@code --md}, as DVC 3 prints them. */
@Command(name = "diff", description = "Show added, modified, or deleted data between commits in the DVC repository, "
        + "or between a commit and the workspace.")
public final class DiffCmd extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "a_rev", description = "Old Git commit to compare "
            + "(defaults to HEAD)")
    String aRev;

    @Parameters(index = "1", arity = "0..1", paramLabel = "b_rev", description = "New Git commit to compare "
            + "(defaults to the current workspace)")
    String bRev;

    @Option(names = "--targets", arity = "1..*", paramLabel = "<paths>", description = "Specific DVC-tracked files "
            + "to compare.")
    List<String> targets;

    @Option(names = "--json", description = "Format the output into a JSON.")
    boolean json;

    @Option(names = {"--md", "--markdown"}, description = "Show tabulated output in the Markdown format (GFM).")
    boolean markdown;

    @Option(names = "--hide-missing", description = "Hide missing cache file status.")
    boolean hideMissing;

    @Option(names = "--show-hash", description = "Display hash value for each entry.")
    boolean showHash;

    private static final List<String> STATES = List.of("added", "deleted", "renamed", "modified", "not in cache");

    @Override
    protected int execute() {
        DiffResult r = Jdvc.open(ctx.cwd(), ctx.env()).diff().aRev(aRev).bRev(bRev).targets(targets).call();
        boolean hide = bRev != null || hideMissing;
        Map<String, List<Change>> groups = new LinkedHashMap<>();
        groups.put("added", r.added());
        groups.put("deleted", r.deleted());
        groups.put("modified", r.modified());
        groups.put("renamed", r.renamed());
        if (!hide) {
            groups.put("not in cache", r.notInCache());
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            if (!r.isEmpty()) {
                groups.forEach((state, changes) -> doc.put(state, changes.stream().map(c -> entry(state, c)).toList()));
            }
            console().result(Json.write(doc));
        } else if (markdown) {
            markdown(groups);
        } else if (!r.isEmpty()) {
            text(groups);
        }
        return 0;
    }

    private Map<String, Object> entry(String state, Change c) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("path", c.oldPath() != null ? orderedOldNew(c.oldPath(), c.path()) : c.path());
        if (showHash) {
            e.put("hash", switch (state) {
                case "modified" -> orderedOldNew(c.oldHash().value(), c.newHash().value());
                case "added" -> c.newHash().value();
                default -> c.oldHash().value();
            });
        }
        return e;
    }

    private static Map<String, Object> orderedOldNew(String old, String now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }

    private static String shownPath(Change c) {
        return c.oldPath() != null ? c.oldPath() + " -> " + c.path() : c.path();
    }

    private String digest(String state, Change c) {
        if (state.equals("modified")) {
            return c.oldHash().value().substring(0, 8) + ".." + c.newHash().value().substring(0, 8);
        }
        return (state.equals("added") ? c.newHash() : c.oldHash()).value().substring(0, 8);
    }

    private void text(Map<String, List<Change>> groups) {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (String state : STATES) {
            List<Change> changes = groups.get(state);
            if (changes == null) {
                continue;
            }
            summary.put(state, 0);
            if (changes.isEmpty()) {
                continue;
            }
            lines.add(Character.toUpperCase(state.charAt(0)) + state.substring(1) + ":");
            for (Change c : changes) {
                String path = shownPath(c);
                if (!path.endsWith("/")) {
                    summary.merge(state, 1, Integer::sum);
                }
                lines.add("    " + (showHash ? digest(state, c) + "  " : "") + path);
            }
            lines.add("");
        }
        List<String> counts = new ArrayList<>();
        summary.forEach((state, n) -> {
            if (n > 0) {
                counts.add(n + " " + state);
            }
        });
        if (!counts.isEmpty()) {
            lines.add("files summary: " + String.join(", ", counts));
        }
        console().println(String.join("\n", lines));
    }

    private void markdown(Map<String, List<Change>> groups) {
        List<String[]> rows = new ArrayList<>();
        for (String state : STATES) {
            List<Change> changes = groups.get(state);
            if (changes == null) {
                continue;
            }
            for (Change c : changes) {
                rows.add(showHash ? new String[] {state, digest(state, c), shownPath(c)}
                        : new String[] {state, shownPath(c)});
            }
        }
        String[] headers = showHash ? new String[] {"Status", "Hash", "Path"} : new String[] {"Status", "Path"};
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, headers, widths);
        sb.append('|');
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('|');
        }
        sb.append('\n');
        for (String[] row : rows) {
            appendRow(sb, row, widths);
        }
        console().result(sb.toString());
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] widths) {
        sb.append('|');
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        sb.append('\n');
    }
}
