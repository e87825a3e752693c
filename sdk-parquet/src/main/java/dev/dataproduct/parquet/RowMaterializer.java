package dev.dataproduct.parquet;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Builds a {@link Row} of the reader's schema from each Parquet record: values by column name,
 * converted from the column's own type and annotation to the canonical Java value ({@link
 * Values}); a value of another type than the field's is kept as it came, so that schema
 * conformance quarantines it with a reason instead of losing it.
 */
final class RowMaterializer extends RecordMaterializer<Row> {
  private final Schema schema;
  private final Root root;
  private Object[] values;

  RowMaterializer(Schema schema, MessageType requested, String source) {
    this.schema = schema;
    this.root = new Root(requested, source);
  }

  @Override
  public Row getCurrentRecord() {
    return Row.of(schema, values);
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private final class Root extends GroupConverter {
    private final Converter[] converters;

    Root(MessageType requested, String source) {
      converters = new Converter[requested.getFieldCount()];
      for (int c = 0; c < converters.length; c++) {
        Type t = requested.getType(c);
        int index = schema.indexOf(t.getName());
        Consumer<Object> sink = t.isRepetition(Type.Repetition.REPEATED)
            ? v -> repeated(index).add(v)
            : v -> values[index] = v;
        converters[c] = Values.converter(t, sink, source);
      }
    }

    @SuppressWarnings("unchecked")
    private java.util.List<Object> repeated(int index) {
      if (values[index] == null) {
        values[index] = new java.util.ArrayList<>();
      }
      return (java.util.List<Object>) values[index];
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      values = new Object[schema.size()];
    }

    @Override
    public void end() {
      // the record is complete: getCurrentRecord() follows
    }
  }
}
