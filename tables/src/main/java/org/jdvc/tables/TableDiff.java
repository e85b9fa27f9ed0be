package org.jdvc.tables;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdvc.JdvcException;

/**
 * The row-level difference of two versions of a table: schema changes, then rows added, removed and changed.
 *
 * <p>Schema: a column is matched by name; one in both with another type is <em>retyped</em>. A column only in the old
 * version and one only in the new are reported as a <em>rename</em> when they have the same type and equal values in
 * every matched row (and at least one row matched); otherwise as <em>removed</em> and <em>added</em>. Renames are
 * paired in column order, each column at most once.
 *
 * <p>Rows: with a {@code key} column (in both versions, unique and non-null in each) rows are matched by key: keys
 * only in the new version are added, only in the old removed, and a matched row is changed when a column in both
 * versions (renamed ones included) holds another value. Without a key a row is its whole tuple over the shared
 * columns: added and removed rows are the multiset difference, and there are no changed rows. Values compare by
 * meaning across retyping: numbers by numeric value ({@code 1} = {@code 1.0}), everything else by its text.
 * Columns only in one version never make a row changed. Pure computation, no I/O.
 */
public final class TableDiff {
    /** A schema change: {@code kind} is {@code added}, {@code removed}, {@code retyped} or {@code renamed}. */
    public record ColumnChange(String kind, String name, String newName, String oldType, String newType) {
    }

    /** A row that changed: its key value and, per changed column (new name), the old and new value. */
    public record ChangedRow(Object key, Map<String, Object[]> changes) {
    }

    /**
     * The difference.
     *
     * @param key the key column, or null for whole-row identity
     * @param unchanged rows in both versions with no change
     */
    public record Result(List<Table.Column> oldColumns, List<Table.Column> newColumns, int oldRows, int newRows,
                         List<ColumnChange> schema, String key, List<Map<String, Object>> added,
                         List<Map<String, Object>> removed, List<ChangedRow> changed, int unchanged) {
        public boolean identical() {
            return schema.isEmpty() && added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    private TableDiff() {
    }

    /**
     * Compares {@code a} (old) with {@code b} (new).
     *
     * @throws JdvcException when {@code key} is missing from a version, or null or repeated in one
     */
    public static Result compare(Table a, Table b, String key) {
        int ka = -1;
        int kb = -1;
        if (key != null) {
            ka = a.indexOf(key);
            kb = b.indexOf(key);
            if (ka < 0 || kb < 0) {
                throw new JdvcException("key column '" + key + "' is not in the " + (ka < 0 ? "old" : "new")
                        + " version of the table");
            }
        }
        Map<String, Integer> oldByKey = key == null ? null : byKey(a, ka, "old");
        Map<String, Integer> newByKey = key == null ? null : byKey(b, kb, "new");

        List<ColumnChange> schema = new ArrayList<>();
        List<String> removedCols = new ArrayList<>();
        List<String> addedCols = new ArrayList<>();
        // old column index -> new column index, for columns compared row by row
        Map<Integer, Integer> shared = new LinkedHashMap<>();
        for (int i = 0; i < a.columns().size(); i++) {
            Table.Column c = a.columns().get(i);
            int j = b.indexOf(c.name());
            if (j < 0) {
                removedCols.add(c.name());
                continue;
            }
            shared.put(i, j);
            if (!c.type().equals(b.columns().get(j).type())) {
                schema.add(new ColumnChange("retyped", c.name(), null, c.type(), b.columns().get(j).type()));
            }
        }
        for (Table.Column c : b.columns()) {
            if (a.indexOf(c.name()) < 0) {
                addedCols.add(c.name());
            }
        }
        List<int[]> pairs = matchedRows(a, b, oldByKey, newByKey);
        for (String r : List.copyOf(removedCols)) {
            int i = a.indexOf(r);
            for (String n : addedCols) {
                int j = b.indexOf(n);
                if (a.columns().get(i).type().equals(b.columns().get(j).type()) && !pairs.isEmpty()
                        && sameValues(a, i, b, j, pairs)) {
                    schema.add(new ColumnChange("renamed", r, n, a.columns().get(i).type(), b.columns().get(j).type()));
                    shared.put(i, j);
                    removedCols.remove(r);
                    addedCols.remove(n);
                    break;
                }
            }
        }
        for (String r : removedCols) {
            schema.add(new ColumnChange("removed", r, null, a.columns().get(a.indexOf(r)).type(), null));
        }
        for (String n : addedCols) {
            schema.add(new ColumnChange("added", n, null, null, b.columns().get(b.indexOf(n)).type()));
        }

        List<Map<String, Object>> added = new ArrayList<>();
        List<Map<String, Object>> removed = new ArrayList<>();
        List<ChangedRow> changed = new ArrayList<>();
        int unchanged = 0;
        if (key != null) {
            for (Map.Entry<String, Integer> e : oldByKey.entrySet()) {
                Integer j = newByKey.get(e.getKey());
                if (j == null) {
                    removed.add(rowMap(a, e.getValue()));
                    continue;
                }
                Map<String, Object[]> changes = new LinkedHashMap<>();
                List<Object> ra = a.rows().get(e.getValue());
                List<Object> rb = b.rows().get(j);
                shared.forEach((ci, cj) -> {
                    if (!same(ra.get(ci), rb.get(cj))) {
                        changes.put(b.columns().get(cj).name(), new Object[] {ra.get(ci), rb.get(cj)});
                    }
                });
                if (changes.isEmpty()) {
                    unchanged++;
                } else {
                    changed.add(new ChangedRow(ra.get(ka), changes));
                }
            }
            for (Map.Entry<String, Integer> e : newByKey.entrySet()) {
                if (!oldByKey.containsKey(e.getKey())) {
                    added.add(rowMap(b, e.getValue()));
                }
            }
        } else {
            Map<String, List<Integer>> oldRows = new HashMap<>();
            for (int r = 0; r < a.rows().size(); r++) {
                oldRows.computeIfAbsent(signature(a.rows().get(r), shared.keySet().stream().toList()),
                        k -> new ArrayList<>()).add(r);
            }
            List<Integer> newCols = shared.values().stream().toList();
            for (int r = 0; r < b.rows().size(); r++) {
                List<Integer> same = oldRows.get(signature(b.rows().get(r), newCols));
                if (same == null || same.isEmpty()) {
                    added.add(rowMap(b, r));
                } else {
                    same.removeFirst();
                    unchanged++;
                }
            }
            oldRows.values().stream().flatMap(List::stream).sorted().forEach(r -> removed.add(rowMap(a, r)));
        }
        return new Result(a.columns(), b.columns(), a.rows().size(), b.rows().size(), schema, key, added, removed,
                changed, unchanged);
    }

    private static Map<String, Integer> byKey(Table t, int k, String which) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int r = 0; r < t.rows().size(); r++) {
            Object v = t.rows().get(r).get(k);
            if (v == null) {
                throw new JdvcException("key column '" + t.columns().get(k).name() + "' is empty in row " + (r + 1)
                        + " of the " + which + " version");
            }
            if (out.put(canonical(v), r) != null) {
                throw new JdvcException("key column '" + t.columns().get(k).name() + "' is not unique in the " + which
                        + " version: '" + v + "' appears more than once");
            }
        }
        return out;
    }

    /** Row pairs (old index, new index) used to test renames: by key, else by position when the counts agree. */
    private static List<int[]> matchedRows(Table a, Table b, Map<String, Integer> oldByKey,
            Map<String, Integer> newByKey) {
        List<int[]> pairs = new ArrayList<>();
        if (oldByKey != null) {
            oldByKey.forEach((k, i) -> {
                Integer j = newByKey.get(k);
                if (j != null) {
                    pairs.add(new int[] {i, j});
                }
            });
        } else if (a.rows().size() == b.rows().size()) {
            for (int r = 0; r < a.rows().size(); r++) {
                pairs.add(new int[] {r, r});
            }
        }
        return pairs;
    }

    private static boolean sameValues(Table a, int i, Table b, int j, List<int[]> pairs) {
        for (int[] p : pairs) {
            if (!same(a.rows().get(p[0]).get(i), b.rows().get(p[1]).get(j))) {
                return false;
            }
        }
        return true;
    }

    static boolean same(Object x, Object y) {
        return Objects.equals(canonical(x), canonical(y));
    }

    /** A value's comparable form: numbers by value, NaN equal to NaN, anything else its text. */
    static String canonical(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        if (v instanceof Number n) {
            BigDecimal bd = n instanceof Double || n instanceof Float ? new BigDecimal(n.toString())
                    : new BigDecimal(n.longValue());
            return bd.stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    private static String signature(List<Object> row, List<Integer> cols) {
        StringBuilder sb = new StringBuilder();
        for (int c : cols) {
            String s = canonical(row.get(c));
            // NOTE: length-prefixed so that no value can contain a separator that joins two others
            sb.append(s == null ? "-1" : s.length() + ":" + s).append('|');
        }
        return sb.toString();
    }

    private static Map<String, Object> rowMap(Table t, int r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int c = 0; c < t.columns().size(); c++) {
            m.put(t.columns().get(c).name(), t.rows().get(r).get(c));
        }
        return m;
    }
}
