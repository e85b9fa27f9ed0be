package org.jdvc.tables;

import java.util.List;

/**
 * A table read whole into memory: named, typed columns and rows of values. Values are {@code null}, {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, {@link java.time.Instant} (timestamps) or
 * {@link java.time.LocalDate} (dates); other Parquet values keep their text form. Immutable once built.
 *
 * @param columns in file order
 * @param rows each as long as {@code columns}, in file order
 */
public record Table(List<Column> columns, List<List<Object>> rows) {
    /**
     * One column.
     *
     * @param type Arrow-like names: {@code string}, {@code int64}, {@code int32}, {@code double}, {@code float},
     *     {@code bool}, {@code timestamp[ns]} (or {@code [us]}, {@code [ms]}), {@code date}, {@code binary}, ...
     */
    public record Column(String name, String type) {
    }

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The position of the column named {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
