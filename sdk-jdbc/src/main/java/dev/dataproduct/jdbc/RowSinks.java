package dev.dataproduct.jdbc;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Chooses and builds the {@link RowSink} of a publication, per dialect and write mode. */
final class RowSinks {
  private RowSinks() {}

  /**
   * The sink writing a publication's rows into {@code target}: binary {@code COPY} (or a staged
   * upsert) on PostgreSQL when every column has a binary encoder, multi-row {@code INSERT} or
   * batched upserts otherwise.
   *
   * @param mapped the column of each field of {@code schema}
   * @param publicationColumn the publication id column, or {@code null}
   * @param id the publication id written into {@code publicationColumn}
   * @param what the publication for messages
   */
  static RowSink<?> create(Connection c, Database d, TableName target, Schema schema,
      Column[] mapped, Column publicationColumn, long id, JdbcPublicationStore.Settings settings,
      String what) throws SQLException {
    int n = schema.size();
    int width = n + (publicationColumn == null ? 0 : 1);
    List<String> columns = new ArrayList<>(width);
    int[] fieldIndex = new int[width];
    Field[] fields = new Field[width];
    Column[] targets = new Column[width];
    for (int i = 0; i < n; i++) {
      columns.add(d.id(schema.field(i).name()));
      fieldIndex[i] = i;
      fields[i] = schema.field(i);
      targets[i] = mapped[i];
    }
    if (publicationColumn != null) {
      columns.add(d.id(Tables.PUBLICATION_COLUMN));
      fieldIndex[n] = -1;
      fields[n] = Field.required(Tables.PUBLICATION_COLUMN, FieldType.INTEGER);
      targets[n] = publicationColumn;
    }
    Long constant = id;
    String table = d.table(target);
    List<String> keys = d.ids(settings.keyColumns());
    if (settings.mode() == WriteMode.UPSERT && publicationColumn != null
        && !publicationColumn.accepts(FieldType.INTEGER)) {
      throw new DataProductException(what + ": column " + Tables.PUBLICATION_COLUMN
          + " is " + publicationColumn.describe() + "; it must be an integer column");
    }
    if (settings.copy() && d.dialect() instanceof PostgresDialect && PgCopy.available(c)) {
      List<PgBinary.Encoder> encoders = new ArrayList<>(width);
      for (int i = 0; i < width; i++) {
        encoders.add(PgBinary.encoder(fields[i], targets[i]));
      }
      if (!encoders.contains(null)) {
        PgBinary.RowEncoder encoder = new PgBinary.RowEncoder(encoders, fieldIndex, constant);
        if (settings.mode() == WriteMode.UPSERT) {
          return new StagedUpsertSink(c, table, columns, keys, encoder);
        }
        return new CopySink(c, "COPY " + table + " (" + String.join(", ", columns)
            + ") FROM STDIN (FORMAT binary)", encoder);
      }
    }
    List<String> placeholders = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      placeholders.add(d.dialect().placeholder(fields[i], targets[i].typeName()));
    }
    // H2 (embedded, in this JVM) takes java.time.Instant for TIMESTAMP WITH TIME ZONE as is,
    // and builds its values when a parameter is bound without touching the session: binding can
    // run on the run thread beside the writer thread. Other drivers get the portable path.
    boolean h2 = d.dialect() instanceof H2Dialect;
    Binding binding = new Binding(fields, targets, fieldIndex, constant, h2,
        d.dialect().valueDomain().timestampPrecision().orElse(null));
    if (settings.mode() == WriteMode.UPSERT) {
      return new BatchSink(c, d.dialect().upsert(table, columns, keys, placeholders), binding,
          settings.batchSize(), "MERGE");
    }
    String prefix = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
    String rowValues = "(" + String.join(", ", placeholders) + ")";
    int rowsPerInsert = d.dialect().rowsPerInsert(width);
    return h2 ? new PipelinedInsertSink(c, prefix, rowValues, binding, rowsPerInsert)
        : new InsertSink(c, prefix, rowValues, binding, rowsPerInsert);
  }
}
