package org.jdvc.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jdvc.JdvcException;
import org.jdvc.api.DataVersion;
import org.jdvc.api.Jdvc;

/**
 * {@code jdvc data diff [A [B]] PATH}: the row-level {@link TableDiff} of a tracked CSV or Parquet table between
 * revision {@code A} (default {@code HEAD}) and revision {@code B} (default: the workspace file).
 *
 * <p>A revision's version is read through {@link Jdvc#dataAt} (the cache, else the default remote), never checked
 * out: the workspace is untouched. The format follows the file name ({@code .csv}; {@code .parquet}, {@code .pq});
 * both versions are read whole into memory. A Parquet version is copied to a temporary file first (the reader needs
 * random access) and the copy deleted afterwards. Read-only otherwise.
 */
public final class TableDiffCommand {
    private final Jdvc jdvc;
    private String oldRev = "HEAD";
    private String newRev;
    private String path;
    private String key;

    private TableDiffCommand(Jdvc jdvc) {
        this.jdvc = jdvc;
    }

    public static TableDiffCommand on(Jdvc jdvc) {
        return new TableDiffCommand(jdvc);
    }

    /** The old version's revision; default {@code HEAD}. */
    public TableDiffCommand oldRev(String rev) {
        this.oldRev = rev == null ? "HEAD" : rev;
        return this;
    }

    /** The new version's revision; null (the default) for the workspace file. */
    public TableDiffCommand newRev(String rev) {
        this.newRev = rev;
        return this;
    }

    /** The table, relative to the working directory. */
    public TableDiffCommand path(String value) {
        this.path = value;
        return this;
    }

    /** {@code --key}: the column that identifies a row; null compares whole rows. */
    public TableDiffCommand key(String column) {
        this.key = column;
        return this;
    }

    public TableDiff.Result call() {
        String rel = jdvc.repository().relpath(jdvc.cwd().resolve(path).normalize());
        Format format = Format.of(rel);
        Table a = readAt(oldRev, rel, format);
        Table b = newRev == null ? readWorkspace(rel, format) : readAt(newRev, rel, format);
        return TableDiff.compare(a, b, key);
    }

    private enum Format {
        CSV, PARQUET;

        static Format of(String rel) {
            String name = rel.toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".parquet") || name.endsWith(".pq")) {
                return PARQUET;
            }
            throw new JdvcException("'" + rel + "' is neither a CSV (.csv) nor a Parquet (.parquet) table");
        }
    }

    private Table readAt(String rev, String rel, Format format) {
        try (DataVersion v = jdvc.dataAt(rev); InputStream in = v.open(rel)) {
            return read(in, rel + "@" + rev, format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Table readWorkspace(String rel, Format format) {
        Path file = jdvc.repository().root().resolve(rel);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, rel, format);
        } catch (NoSuchFileException e) {
            throw new JdvcException("'" + rel + "' does not exist in the workspace");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Table read(InputStream in, String name, Format format) throws IOException {
        if (format == Format.CSV) {
            return CsvTableReader.read(in, name);
        }
        Path tmp = Files.createTempFile("jdvc-table-", ".parquet");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return ParquetTableReader.read(tmp, name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
