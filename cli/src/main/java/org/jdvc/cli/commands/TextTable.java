package org.jdvc.cli.commands;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdvc.model.YamlWriter;

/**
 * Tables as DVC prints them (tabulate): plain (columns left-aligned, two spaces apart, a header cell padded by at
 * least two, no trailing spaces) or GitHub Markdown ({@code --md}). Values are shown as Python's {@code str} would,
 * floats optionally rounded to a number of digits as DVC does for metrics; missing values as {@code -}.
 */
final class TextTable {
    private TextTable() {
    }

    static String render(List<String> headers, List<List<String>> rows, boolean markdown) {
        int cols = headers != null ? headers.size() : rows.isEmpty() ? 0 : rows.getFirst().size();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = headers == null ? 0 : headers.get(c).length() + 2;
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        if (markdown) {
            if (headers != null) {
                lines.add(mdRow(headers, width));
                StringBuilder sep = new StringBuilder("|");
                for (int w : width) {
                    sep.append("-".repeat(w + 2)).append('|');
                }
                lines.add(sep.toString());
            }
            rows.forEach(r -> lines.add(mdRow(r, width)));
        } else {
            if (headers != null) {
                lines.add(plainRow(headers, width));
            }
            rows.forEach(r -> lines.add(plainRow(r, width)));
        }
        return String.join("\n", lines);
    }

    private static String plainRow(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                sb.append("  ");
            }
            sb.append(String.format("%-" + Math.max(1, width[c]) + "s", cells.get(c)));
        }
        return sb.toString().stripTrailing();
    }

    private static String mdRow(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < cells.size(); c++) {
            sb.append(' ').append(String.format("%-" + Math.max(1, width[c]) + "s", cells.get(c))).append(" |");
        }
        return sb.toString();
    }

    /** Python's {@code str(value)}; floats rounded to {@code digits} decimals first when digits ≥ 0; null → "-". */
    static String cell(Object value, int digits) {
        return switch (value) {
            case null -> "-";
            case Boolean b -> b ? "True" : "False";
            case Double d when digits >= 0 && Double.isFinite(d) -> YamlWriter.scalar(
                    new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN).doubleValue());
            case Double d -> Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf")
                    : YamlWriter.scalar(d);
            case List<?> l -> {
                List<String> items = new ArrayList<>();
                l.forEach(o -> items.add(o instanceof String s ? "'" + s + "'" : cell(o, digits)));
                yield "[" + String.join(", ", items) + "]";
            }
            case Map<?, ?> m -> m.toString();
            default -> String.valueOf(value);
        };
    }
}
