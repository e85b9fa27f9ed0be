package org.jdvc.tables;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.jdvc.JdvcException;

/**
 * Reads a Parquet file into a {@link Table} through parquet-floor. Top-level columns only; a nested (group) column is
 * typed {@code struct} and its leaf values kept as text. Timestamps become {@link Instant} (any unit), dates
 * {@link LocalDate}, strings {@link String}.
 */
final class ParquetTableReader {
    private ParquetTableReader() {
    }

    static Table read(Path file, String name) {
        try {
            MessageType schema = ParquetReader.readMetadata(file.toFile()).getFileMetaData().getSchema();
            List<Table.Column> columns = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            List<Type> fields = schema.getFields();
            for (int i = 0; i < fields.size(); i++) {
                columns.add(new Table.Column(fields.get(i).getName(), typeName(fields.get(i))));
                index.put(fields.get(i).getName(), i);
            }
            List<List<Object>> rows = new ArrayList<>();
            Hydrator<Object[], List<Object>, String[]> hydrator = new Hydrator<>() {
                @Override
                public Object[] start() {
                    return new Object[fields.size()];
                }

                @Override
                public Object[] add(Object[] row, String[] path, Object value) {
                    int c = index.get(path[0]);
                    row[c] = convert(fields.get(c), value);
                    return row;
                }

                @Override
                public List<Object> finish(Object[] row) {
                    return Arrays.asList(row);
                }
            };
            try (Stream<List<Object>> s = ParquetReader.streamContent(file.toFile(), hydrator)) {
                s.forEach(rows::add);
            }
            return new Table(columns, rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof JdvcException j) {
                throw j;
            }
            throw new JdvcException("cannot read '" + name + "' as Parquet: " + e.getMessage(), JdvcException.FAILED,
                    e);
        }
    }

    static String typeName(Type t) {
        if (!t.isPrimitive()) {
            return "struct";
        }
        PrimitiveType p = t.asPrimitiveType();
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
            return "timestamp[" + switch (ts.getUnit()) {
                case NANOS -> "ns";
                case MICROS -> "us";
                case MILLIS -> "ms";
            } + "]";
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return "date";
        }
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
            return "string";
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i) {
            return (i.isSigned() ? "int" : "uint") + i.getBitWidth();
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        return switch (p.getPrimitiveTypeName()) {
            case INT64 -> "int64";
            case INT32 -> "int32";
            case DOUBLE -> "double";
            case FLOAT -> "float";
            case BOOLEAN -> "bool";
            case INT96 -> "timestamp[int96]";
            case BINARY, FIXED_LEN_BYTE_ARRAY -> "binary";
        };
    }

    private static Object convert(Type t, Object v) {
        if (v == null) {
            return null;
        }
        String type = typeName(t);
        if (v instanceof Binary b) {
            return type.equals("string") ? b.toStringUsingUTF8() : b.toString();
        }
        if (type.startsWith("timestamp[") && v instanceof Number n) {
            long x = n.longValue();
            return switch (type) {
                case "timestamp[ns]" -> Instant.ofEpochSecond(Math.floorDiv(x, 1_000_000_000L),
                        Math.floorMod(x, 1_000_000_000L));
                case "timestamp[us]" -> Instant.ofEpochSecond(Math.floorDiv(x, 1_000_000L),
                        Math.floorMod(x, 1_000_000L) * 1000);
                case "timestamp[ms]" -> Instant.ofEpochMilli(x);
                default -> v;
            };
        }
        if (type.equals("date") && v instanceof Number n) {
            return LocalDate.ofEpochDay(n.longValue());
        }
        if (v instanceof Integer i) {
            return i.longValue(); // NOTE: one integer type in memory, so int32 and int64 columns compare by value
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String) {
            return v;
        }
        return v.toString();
    }
}
