package dev.dataproduct.jdbc;

import dev.dataproduct.Field;
import dev.dataproduct.Row;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Binds the fields of a row to the parameters of one row of a statement. The setter of each
 * column is chosen once, as a small code switched on per value (one call site the JIT inlines,
 * instead of a megamorphic call per column).
 */
final class Binding {
  private static final int STRING = 0;
  private static final int LONG = 1;
  private static final int NUMBER = 2;
  private static final int BOOLEAN = 3;
  private static final int OBJECT = 4;
  private static final int INSTANT = 5;
  private static final int LOCAL_TIMESTAMP = 6;
  private static final int JSON = 7;
  private static final int NUMBER_EXACT = 8;

  private final int[] kinds;
  private final int[] nullTypes;
  private final int[] fieldIndex;
  private final Object constant;
  private final boolean instants;
  private final ChronoUnit timestampPrecision;
  private final long timestampUnit;
  private final Field[] fields;
  private final Column[] columns;

  /**
   * @param fields one per statement column: the field written there
   * @param columns one per statement column: the column it is written to
   * @param fieldIndex for each statement column, the index of its field in the rows, or -1 for
   *     the column that takes {@code constant} (the publication id)
   * @param instants whether the driver takes {@link Instant} for a column with a time zone (H2
   *     does; JDBC 4.2 only requires {@code OffsetDateTime})
   * @param timestampPrecision the finest timestamp fraction the database keeps ({@code MICROS}
   *     for PostgreSQL and H2), or {@code null} when the dialect declares none: a finer timestamp
   *     is refused, never handed to a driver that would round it (the core quarantines these
   *     first, by the dialect's {@link SqlDialect#valueDomain()})
   */
  Binding(Field[] fields, Column[] columns, int[] fieldIndex, Object constant,
      boolean instants, ChronoUnit timestampPrecision) {
    this.kinds = new int[fields.length];
    this.nullTypes = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      kinds[i] = kind(fields[i], columns[i]);
      nullTypes[i] = Codecs.nullType(columns[i]);
    }
    this.fieldIndex = fieldIndex.clone();
    this.constant = constant;
    this.instants = instants;
    this.timestampPrecision = timestampPrecision;
    this.timestampUnit = timestampPrecision == null ? 1
        : timestampPrecision.getDuration().toNanos();
    this.fields = fields.clone();
    this.columns = columns.clone();
  }

  private static int kind(Field field, Column column) {
    switch (field.type()) {
      case STRING:
        return STRING;
      case INTEGER:
        return LONG;
      case NUMBER:
        // a double bound into a numeric column is cast by the server, which may keep only 15
        // digits (PostgreSQL): bind its shortest exact decimal instead, as COPY does
        String t = column.typeName().toLowerCase(java.util.Locale.ROOT);
        return t.equals("numeric") || t.equals("decimal") ? NUMBER_EXACT : NUMBER;
      case BOOLEAN:
        return BOOLEAN;
      case DATE:
        return OBJECT;
      case TIMESTAMP:
        return column.hasTimeZone() ? INSTANT : LOCAL_TIMESTAMP;
      case OBJECT:
      case ARRAY:
        return JSON;
      default:
        throw new IllegalArgumentException("Unsupported type " + field.type());
    }
  }

  int columns() {
    return kinds.length;
  }

  /** Binds {@code row} starting at parameter {@code first}. */
  void bind(PreparedStatement ps, int first, Row row) throws SQLException {
    for (int i = 0; i < kinds.length; i++) {
      int f = fieldIndex[i];
      Object v = f >= 0 ? row.get(f) : constant;
      int p = first + i;
      if (v == null) {
        ps.setNull(p, nullTypes[i]);
        continue;
      }
      switch (kinds[i]) {
        case STRING:
          ps.setString(p, (String) v);
          break;
        case LONG:
          ps.setLong(p, ((Number) v).longValue());
          break;
        case NUMBER:
          if (v instanceof BigDecimal) {
            ps.setBigDecimal(p, (BigDecimal) v);
          } else {
            ps.setDouble(p, ((Number) v).doubleValue());
          }
          break;
        case NUMBER_EXACT:
          ps.setBigDecimal(p, v instanceof BigDecimal ? (BigDecimal) v
              : BigDecimal.valueOf(((Number) v).doubleValue()));
          break;
        case BOOLEAN:
          ps.setBoolean(p, (Boolean) v);
          break;
        case INSTANT:
          if (((Instant) v).getNano() % timestampUnit != 0) {
            throw finer(i);
          }
          if (instants) {
            ps.setObject(p, v); // no OffsetDateTime and its calendar fields per value
          } else {
            ps.setObject(p, ((Instant) v).atOffset(ZoneOffset.UTC));
          }
          break;
        case LOCAL_TIMESTAMP:
          if (((Instant) v).getNano() % timestampUnit != 0) {
            throw finer(i);
          }
          ps.setObject(p, LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
          break;
        case JSON:
          ps.setString(p, Json.write(v));
          break;
        case OBJECT:
        default:
          ps.setObject(p, v);
          break;
      }
    }
  }

  private IllegalArgumentException finer(int column) {
    return finerThanKept(fields[column], columns[column], timestampPrecision);
  }

  /**
   * The refusal of a timestamp of {@code field} finer than {@code unit}, the precision {@code
   * column} keeps: a last line behind the core's quarantine, naming the field, never the value.
   */
  static IllegalArgumentException finerThanKept(Field field, Column column, ChronoUnit unit) {
    String name = unit == ChronoUnit.SECONDS ? "second" : unit.name().toLowerCase(Locale.ROOT)
        .replace("s", "") + "second";
    return new IllegalArgumentException("A value of field '" + field.name() + "' has a fraction"
        + " of a " + name + ", finer than column type " + column.typeName() + " keeps; refused,"
        + " not rounded (truncate it in the transform: Instant.truncatedTo(ChronoUnit."
        + unit.name() + "))");
  }
}
