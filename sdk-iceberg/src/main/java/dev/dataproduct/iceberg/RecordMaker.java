package dev.dataproduct.iceberg;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.format.NestedJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.util.Utf8;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Types;

/**
 * Turns rows of one contract schema into what Iceberg's {@code InternalWriter} writes: a {@link
 * StructLike} in Iceberg's internal representation (timestamps as microseconds since the epoch,
 * dates as days, decimals as {@code BigDecimal}, text as Avro's {@code Utf8}), with the column
 * positions resolved once (a table's columns keep their ids, not the contract's order). Each
 * value is converted, or refused when the column cannot keep it exactly (the last-line check
 * behind {@link IcebergSchemas#DOMAIN}), before anything of the row reaches the file, so a
 * refused value never leaves half a row behind. Quarantine tables ({@code truncateTimestamps})
 * keep the SDK's own {@code quarantined_at} to the microsecond.
 *
 * <p>{@link #struct} returns the same reusable struct every time: the Parquet writer consumes it
 * before the next row is made. One maker serves one writer thread; or one thread converts with
 * {@link #values} (a new array per row) and another writes them through a {@link #view()}.
 */
final class RecordMaker {
  private final Field[] fields;
  private final int[] positions;
  private final String port;
  private final boolean truncateTimestamps;
  /** The values behind {@link #struct}, reused row after row. */
  private final Object[] reused;
  /** Whether the contract has every column of the table (each row then sets every value). */
  private final boolean everyColumn;
  private final View struct = new View();

  RecordMaker(dev.dataproduct.Schema schema, Schema table, String port,
      boolean truncateTimestamps) {
    List<Field> contract = schema.fields();
    this.fields = contract.toArray(new Field[0]);
    this.positions = new int[fields.length];
    List<Types.NestedField> columns = table.columns();
    for (int i = 0; i < fields.length; i++) {
      positions[i] = -1;
      for (int c = 0; c < columns.size(); c++) {
        if (columns.get(c).name().equals(fields[i].name())) {
          positions[i] = c;
          break;
        }
      }
      if (positions[i] < 0) {
        throw new IllegalArgumentException("The table has no column '" + fields[i].name() + "'");
      }
    }
    this.port = port;
    this.truncateTimestamps = truncateTimestamps;
    reused = new Object[columns.size()];
    everyColumn = fields.length == columns.size(); // positions are distinct: each column once
  }

  /** {@code row}, a row of the maker's contract schema, as the reusable struct. */
  StructLike struct(Row row) {
    if (!everyColumn) {
      Arrays.fill(reused, null); // the table's columns the contract does not have stay null
    }
    fill(row, reused);
    return struct.of(reused);
  }

  /**
   * {@code row}'s values in Iceberg's internal representation, by table column position, in a new
   * array: for converting on one thread and writing on another ({@link #view()}).
   */
  Object[] values(Row row) {
    Object[] values = new Object[reused.length];
    fill(row, values);
    return values;
  }

  /** A reusable struct over arrays made by {@link #values}, one after the other. */
  static View view() {
    return new View();
  }

  private void fill(Row row, Object[] values) {
    for (int i = 0; i < fields.length; i++) {
      Object v = row.get(i);
      values[positions[i]] = v == null ? null : internal(fields[i], v);
    }
  }

  private Object internal(Field f, Object v) {
    if (f.type() == FieldType.TIMESTAMP) {
      Instant at = (Instant) v;
      long nanos = at.getNano();
      if (nanos % 1_000 != 0) {
        if (!truncateTimestamps) {
          throw IcebergSchemas.refused(port, f, "a timestamp with a fraction of a microsecond;"
              + " Iceberg keeps microseconds");
        }
      }
      try {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), nanos / 1_000);
      } catch (ArithmeticException e) {
        throw IcebergSchemas.refused(port, f, "a timestamp beyond Iceberg's 64-bit"
            + " microseconds");
      }
    }
    if (f.type() == FieldType.DATE) {
      long day = ((LocalDate) v).toEpochDay();
      if (day < Integer.MIN_VALUE || day > Integer.MAX_VALUE) {
        throw IcebergSchemas.refused(port, f, "a date beyond Iceberg's 32-bit days since"
            + " 1970-01-01");
      }
      return (int) day;
    }
    switch (f.type()) {
      case NUMBER:
        return f.precision().isPresent() ? v : exactDouble(f, v);
      case OBJECT:
      case ARRAY:
        try {
          return new Utf8(NestedJson.write(v));
        } catch (RuntimeException e) {
          throw IcebergSchemas.refused(port, f, "a value that cannot be written as JSON ("
              + e.getClass().getSimpleName() + ")");
        }
      case STRING:
        // Avro's Utf8 reaches Parquet as a byte-array binary; a String becomes a ByteBuffer-backed
        // one, whose dictionary look-ups and min/max comparisons go byte by byte through it
        return new Utf8((String) v);
      default:
        return v;
    }
  }

  /** A number without a declared decimal, as the double column holds it: exact or refused. */
  private double exactDouble(Field f, Object v) {
    if (v instanceof BigDecimal d) {
      double x = d.doubleValue();
      if (Double.isInfinite(x) || (x == 0 ? d.signum() != 0
          : BigDecimal.valueOf(x).compareTo(d) != 0)) {
        throw IcebergSchemas.refused(port, f, "a decimal no double holds exactly; declare"
            + " withDecimal(precision, scale) on the field to store it as an Iceberg decimal");
      }
      return x;
    }
    return ((Number) v).doubleValue();
  }

  /** The struct over one array of values at a time (by table column position). */
  static final class View implements StructLike {
    private Object[] values;

    private View() {}

    /** This view over {@code row}, an array of {@link #values}. */
    View of(Object[] row) {
      this.values = row;
      return this;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      return javaClass.cast(values[pos]);
    }

    @Override
    public <T> void set(int pos, T value) {
      values[pos] = value;
    }
  }
}
