package org.jdvc.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import blue.strategic.parquet.ParquetWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.jdvc.JdvcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table readers and {@link TableDiff} without a repository. */
class TableDiffTest {
    @TempDir
    Path tmp;

    private static Table csv(String text) {
        return CsvTableReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv");
    }

    @Test
    void csvQuotingLineBreaksAndTypes() {
        Table t = csv("\uFEFFid,text,f,b\r\n1,\"a, \"\"quoted\"\"\nline\",1.5,True\r\n2,,2,false\r\n");
        assertThat(t.columns()).containsExactly(new Table.Column("id", "int64"), new Table.Column("text", "string"),
                new Table.Column("f", "double"), new Table.Column("b", "bool"));
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0)).containsExactly(1L, "a, \"quoted\"\nline", 1.5, true);
        assertThat(t.rows().get(1)).containsExactly(2L, null, 2.0, false);
    }

    @Test
    void csvWithARaggedLineIsAnError() {
        assertThatThrownBy(() -> csv("a,b\n1\n")).isInstanceOf(JdvcException.class)
                .hasMessage("'t.csv' line 2 has 1 fields, the header 2");
    }

    @Test
    void numbersCompareByValueAcrossRetyping() {
        TableDiff.Result r = TableDiff.compare(csv("k,v\n1,1\n2,2\n"), csv("k,v\n1,1.0\n2,2.5\n"), "k");
        assertThat(r.schema()).containsExactly(new TableDiff.ColumnChange("retyped", "v", null, "int64", "double"));
        assertThat(r.changed()).hasSize(1);
        assertThat(r.changed().getFirst().key()).isEqualTo(2L);
        assertThat(r.changed().getFirst().changes().get("v")).containsExactly(2L, 2.5);
    }

    @Test
    void aColumnWithOtherValuesIsRemovedAndAddedNotRenamed() {
        TableDiff.Result r = TableDiff.compare(csv("k,a\n1,x\n"), csv("k,b\n1,y\n"), "k");
        assertThat(r.schema()).extracting(TableDiff.ColumnChange::kind).containsExactly("removed", "added");
        assertThat(r.unchanged()).isEqualTo(1);
    }

    @Test
    void unkeyedRenameNeedsEqualRowCounts() {
        TableDiff.Result same = TableDiff.compare(csv("a\n1\n2\n"), csv("b\n1\n2\n"), null);
        assertThat(same.schema()).extracting(TableDiff.ColumnChange::kind).containsExactly("renamed");
        assertThat(same.unchanged()).isEqualTo(2);
        TableDiff.Result more = TableDiff.compare(csv("a\n1\n2\n"), csv("b\n1\n2\n3\n"), null);
        assertThat(more.schema()).extracting(TableDiff.ColumnChange::kind).containsExactly("removed", "added");
    }

    @Test
    void parquetTypesTimestampsAndNulls() throws IOException {
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id")
                .optional(PrimitiveTypeName.INT32).named("n")
                .optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named("ts")
                .named("schema");
        Path file = tmp.resolve("t.parquet");
        List<Map<String, Object>> rows = List.of(Map.of("id", "a", "n", 1, "ts", 1_700_000_000_000_000L),
                Map.of("id", "b"));
        try (ParquetWriter<Map<String, Object>> w = ParquetWriter.writeFile(schema, file.toFile(),
                (row, vw) -> row.forEach(vw::write))) {
            for (Map<String, Object> row : rows) {
                w.write(row);
            }
        }
        Table t = ParquetTableReader.read(file, "t.parquet");
        assertThat(t.columns()).containsExactly(new Table.Column("id", "string"), new Table.Column("n", "int32"),
                new Table.Column("ts", "timestamp[us]"));
        assertThat(t.rows().get(0)).containsExactly("a", 1L, Instant.ofEpochSecond(1_700_000_000L));
        assertThat(t.rows().get(1)).containsExactly("b", null, null);
        TableDiff.Result r = TableDiff.compare(t, csv("id,n\na,1\nc,3\n"), "id");
        assertThat(r.schema()).containsExactly(new TableDiff.ColumnChange("retyped", "n", null, "int32", "int64"),
                new TableDiff.ColumnChange("removed", "ts", null, "timestamp[us]", null));
        assertThat(r.added()).containsExactly(Map.of("id", "c", "n", 3L));
        assertThat(r.removed()).hasSize(1);
        assertThat(r.unchanged()).isEqualTo(1);
    }
}
