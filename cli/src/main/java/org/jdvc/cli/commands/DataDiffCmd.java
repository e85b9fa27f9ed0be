package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import org.jdvc.tables.Table;
import org.jdvc.tables.TableDiff;
import org.jdvc.tables.TableDiffCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code data diff [A [B]] PATH}: a summary of a table's changes, the rows with {@code --show}, or JSON. The last
 * argument is the table; before it come up to two revisions ({@code A} default {@code HEAD}, {@code B} default the
 * workspace).
 */
@Command(name = "diff", description = "Show row-level changes of a CSV or Parquet table between two revisions, or a "
        + "revision and the workspace.")
public final class DataDiffCmd extends BaseCommand {
    @Parameters(arity = "1..3", paramLabel = "[a_rev [b_rev]] path", description = "Old revision (default HEAD), new "
            + "revision (default: the workspace), and the table's path.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-k", "--key"}, paramLabel = "<column>", description = "Column identifying a row; without it "
            + "rows are compared whole.")
    String key;

    @Option(names = "--show", description = "Show the added, removed and changed rows.")
    boolean show;

    @Option(names = "--json", description = "Format the output into a JSON.")
    boolean json;

    @Override
    protected int execute() {
        if (args.size() > 3) {
            throw new JdvcException("too many arguments: [a_rev [b_rev]] path");
        }
        String path = args.getLast();
        String a = args.size() >= 2 ? args.get(0) : "HEAD";
        String b = args.size() == 3 ? args.get(1) : null;
        TableDiff.Result r = TableDiffCommand.on(Jdvc.open(ctx.cwd(), ctx.env())).oldRev(a).newRev(b).path(path)
                .key(key).call();
        if (json) {
            console().result(Json.write(json(r, a, b == null ? "workspace" : b)));
        } else {
            text(r);
        }
        return 0;
    }

    private Map<String, Object> json(TableDiff.Result r, String a, String b) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("old", version(a, r.oldRows(), r.oldColumns()));
        doc.put("new", version(b, r.newRows(), r.newColumns()));
        doc.put("key", r.key());
        Map<String, Object> schema = new LinkedHashMap<>();
        for (String kind : List.of("added", "removed", "retyped", "renamed")) {
            List<Object> items = new ArrayList<>();
            for (TableDiff.ColumnChange c : r.schema()) {
                if (!c.kind().equals(kind)) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                switch (kind) {
                    case "added" -> {
                        m.put("name", c.name());
                        m.put("type", c.newType());
                    }
                    case "removed" -> {
                        m.put("name", c.name());
                        m.put("type", c.oldType());
                    }
                    case "retyped" -> {
                        m.put("name", c.name());
                        m.put("old_type", c.oldType());
                        m.put("new_type", c.newType());
                    }
                    default -> {
                        m.put("old_name", c.name());
                        m.put("new_name", c.newName());
                        m.put("type", c.newType());
                    }
                }
                items.add(m);
            }
            schema.put(kind, items);
        }
        doc.put("schema", schema);
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("added", r.added().size());
        rows.put("removed", r.removed().size());
        rows.put("changed", r.changed().size());
        rows.put("unchanged", r.unchanged());
        doc.put("rows", rows);
        if (show) {
            doc.put("added_rows", r.added().stream().map(DataDiffCmd::jsonRow).toList());
            doc.put("removed_rows", r.removed().stream().map(DataDiffCmd::jsonRow).toList());
            List<Object> changed = new ArrayList<>();
            for (TableDiff.ChangedRow c : r.changed()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", jsonValue(c.key()));
                Map<String, Object> cols = new LinkedHashMap<>();
                c.changes().forEach((col, v) -> {
                    Map<String, Object> ov = new LinkedHashMap<>();
                    ov.put("old", jsonValue(v[0]));
                    ov.put("new", jsonValue(v[1]));
                    cols.put(col, ov);
                });
                m.put("changes", cols);
                changed.add(m);
            }
            doc.put("changed_rows", changed);
        }
        return doc;
    }

    private static Map<String, Object> version(String rev, int rows, List<Table.Column> columns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rev", rev);
        m.put("rows", rows);
        List<Object> cols = new ArrayList<>();
        for (Table.Column c : columns) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("type", c.type());
            cols.add(cm);
        }
        m.put("columns", cols);
        return m;
    }

    private static Map<String, Object> jsonRow(Map<String, Object> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        row.forEach((k, v) -> m.put(k, jsonValue(v)));
        return m;
    }

    /** JSON has no NaN or infinity, and Java prints large doubles with an exponent JSON accepts: text for the rest. */
    private static Object jsonValue(Object v) {
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        return v instanceof Number || v instanceof Boolean || v instanceof String || v == null ? v : v.toString();
    }

    private void text(TableDiff.Result r) {
        if (r.identical()) {
            console().println("No changes.");
            return;
        }
        if (!r.schema().isEmpty()) {
            console().println("Columns:");
            for (TableDiff.ColumnChange c : r.schema()) {
                console().println("    " + switch (c.kind()) {
                    case "added" -> "added: " + c.name() + " (" + c.newType() + ")";
                    case "removed" -> "removed: " + c.name() + " (" + c.oldType() + ")";
                    case "retyped" -> "retyped: " + c.name() + " (" + c.oldType() + " -> " + c.newType() + ")";
                    default -> "renamed: " + c.name() + " -> " + c.newName() + " (" + c.newType() + ")";
                });
            }
            console().println("");
        }
        console().println("Rows" + (r.key() == null ? "" : " (key " + r.key() + ")") + ": " + r.oldRows() + " -> "
                + r.newRows());
        console().println("    added: " + r.added().size());
        console().println("    removed: " + r.removed().size());
        if (r.key() != null) {
            console().println("    changed: " + r.changed().size());
        }
        console().println("    unchanged: " + r.unchanged());
        if (!show) {
            return;
        }
        rows("Added rows:", r.added());
        rows("Removed rows:", r.removed());
        if (!r.changed().isEmpty()) {
            console().println("");
            console().println("Changed rows:");
            for (TableDiff.ChangedRow c : r.changed()) {
                List<String> parts = new ArrayList<>();
                c.changes().forEach((col, v) -> parts.add(col + ": " + v[0] + " -> " + v[1]));
                console().println("    " + r.key() + "=" + c.key() + "  " + String.join(", ", parts));
            }
        }
    }

    private void rows(String title, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        console().println("");
        console().println(title);
        for (Map<String, Object> row : rows) {
            List<String> parts = new ArrayList<>();
            row.forEach((k, v) -> parts.add(k + "=" + v));
            console().println("    " + String.join(", ", parts));
        }
    }
}
