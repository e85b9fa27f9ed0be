package org.jdvc.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdvc.JdvcException;

/**
 * Reads a CSV file (RFC 4180: a header line, comma separated, {@code "} quoting with {@code ""} escapes, fields may
 * span lines; CRLF or LF) into a {@link Table}, inferring each column's type from all its non-empty values the way
 * pandas does for the common cases: all integers → {@code int64}, all numbers → {@code double}, all
 * {@code true}/{@code false} (any case) → {@code bool}, else {@code string}. An empty field is {@code null}.
 */
final class CsvTableReader {
    private CsvTableReader() {
    }

    static Table read(InputStream in, String name) {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // NOTE: a UTF-8 BOM written by spreadsheet programs is not part of the header
        }
        List<List<String>> records = parse(text, name);
        if (records.isEmpty()) {
            throw new JdvcException("'" + name + "' is empty: a CSV table needs a header line");
        }
        List<String> header = records.getFirst();
        List<List<String>> body = records.subList(1, records.size());
        for (int r = 0; r < body.size(); r++) {
            if (body.get(r).size() != header.size()) {
                throw new JdvcException("'" + name + "' line " + (r + 2) + " has " + body.get(r).size()
                        + " fields, the header " + header.size());
            }
        }
        List<Table.Column> columns = new ArrayList<>();
        String[] types = new String[header.size()];
        for (int c = 0; c < header.size(); c++) {
            types[c] = infer(body, c);
            columns.add(new Table.Column(header.get(c), types[c]));
        }
        List<List<Object>> rows = new ArrayList<>(body.size());
        for (List<String> rec : body) {
            Object[] row = new Object[types.length];
            for (int c = 0; c < types.length; c++) {
                row[c] = convert(rec.get(c), types[c]);
            }
            rows.add(Arrays.asList(row));
        }
        return new Table(columns, rows);
    }

    private static String infer(List<List<String>> body, int c) {
        boolean ints = true;
        boolean numbers = true;
        boolean bools = true;
        boolean any = false;
        for (List<String> rec : body) {
            String v = rec.get(c);
            if (v.isEmpty()) {
                continue;
            }
            any = true;
            ints &= isLong(v);
            numbers &= ints || isDouble(v);
            bools &= v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
        }
        if (!any) {
            return "string";
        }
        return ints ? "int64" : numbers ? "double" : bools ? "bool" : "string";
    }

    private static Object convert(String v, String type) {
        if (v.isEmpty()) {
            return null;
        }
        return switch (type) {
            case "int64" -> Long.parseLong(v.strip());
            case "double" -> Double.parseDouble(v.strip());
            case "bool" -> Boolean.parseBoolean(v);
            default -> v;
        };
    }

    private static boolean isLong(String v) {
        try {
            Long.parseLong(v.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDouble(String v) {
        try {
            Double.parseDouble(v.strip());
            return !v.strip().endsWith("d") && !v.strip().endsWith("f") && !v.strip().endsWith("D")
                    && !v.strip().endsWith("F"); // NOTE: Java accepts "1d"; CSV readers do not
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Records of fields; a trailing line break does not make an empty record. */
    static List<List<String>> parse(String text, String name) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (ch == ',') {
                rec.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || !field.isEmpty() || !rec.isEmpty()) {
                    rec.add(field.toString());
                    out.add(rec);
                }
                rec = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new JdvcException("'" + name + "' ends inside a quoted field");
        }
        if (fieldStarted || !field.isEmpty() || !rec.isEmpty()) {
            rec.add(field.toString());
            out.add(rec);
        }
        return out;
    }
}
