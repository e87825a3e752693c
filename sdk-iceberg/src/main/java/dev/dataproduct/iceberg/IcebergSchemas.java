package dev.dataproduct.iceberg;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.StorageException;
import dev.dataproduct.format.NestedJson;
import dev.dataproduct.spi.ValueDomain;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The mapping between a contract's schema and an Iceberg schema, and between rows and Iceberg
 * records.
 *
 * <table>
 *   <caption>Logical types</caption>
 *   <tr><th>contract</th><th>Iceberg</th></tr>
 *   <tr><td>string</td><td>string</td></tr>
 *   <tr><td>integer</td><td>long</td></tr>
 *   <tr><td>number with decimal(p,s)</td><td>decimal(p,s)</td></tr>
 *   <tr><td>number without precision</td><td>double (a value a double cannot hold exactly is
 *       quarantined, never rounded)</td></tr>
 *   <tr><td>boolean</td><td>boolean</td></tr>
 *   <tr><td>date</td><td>date (32-bit days since 1970-01-01)</td></tr>
 *   <tr><td>timestamp</td><td>timestamptz (64-bit microseconds; finer values are quarantined,
 *       never rounded)</td></tr>
 *   <tr><td>object, array</td><td>string holding the value as JSON, as {@link NestedJson} writes
 *       it (the contract does not describe their members)</td></tr>
 * </table>
 *
 * <p>{@link #DOMAIN} says which values these columns keep exactly; the core quarantines a row
 * holding another one before it reaches the writer, and {@link RecordMaker} refuses one that still
 * arrives rather than store a different value.
 *
 * <p>Field ids: a new table numbers the fields 1..n in contract order; a later contract keeps
 * every existing field's id (matched by name) and gives new fields the next ids, as Iceberg's own
 * schema evolution does.
 */
final class IcebergSchemas {
  /** The most digits of an Iceberg decimal. */
  static final int MAX_DECIMAL_PRECISION = 38;

  /**
   * What the columns of {@link #typeOf} keep exactly: dates as 32-bit days, timestamps as 64-bit
   * microseconds (a finer fraction is refused, not rounded), numbers without a declared decimal
   * as doubles, text as UTF-8, objects and arrays as {@link NestedJson} text (decimals in plain
   * notation of at most 999 characters, as JSON Lines reads them back).
   */
  static final ValueDomain DOMAIN = ValueDomain.builder("Iceberg")
      .epochDaysAndMicros()
      .doubleNumbers()
      .decimals(9_999, 9_999)
      .maxDecimalChars(999)
      .build();

  private IcebergSchemas() {}

  /**
   * Refuses a contract with a field Iceberg has no column type for: a decimal of more than 38
   * digits.
   *
   * @throws IllegalArgumentException naming the field and what to declare instead
   */
  static void checkMappable(dev.dataproduct.Schema schema, String port) {
    for (Field f : schema.fields()) {
      if (f.type() == FieldType.NUMBER && f.precision().isPresent()
          && f.precision().getAsInt() > MAX_DECIMAL_PRECISION) {
        throw new IllegalArgumentException("Output port '" + port + "': field '" + f.name()
            + "' is decimal(" + f.precision().getAsInt() + ", " + f.scale().orElse(0)
            + "); an Iceberg decimal holds at most " + MAX_DECIMAL_PRECISION + " digits: declare"
            + " withDecimal(p, s) with p <= " + MAX_DECIMAL_PRECISION);
      }
    }
  }

  /** The Iceberg type of a contract field. */
  static Type typeOf(Field f) {
    return switch (f.type()) {
      case STRING, OBJECT, ARRAY -> Types.StringType.get();
      case INTEGER -> Types.LongType.get();
      case NUMBER -> f.precision().isPresent()
          ? Types.DecimalType.of(f.precision().getAsInt(), f.scale().orElse(0))
          : Types.DoubleType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case DATE -> Types.DateType.get();
      case TIMESTAMP -> Types.TimestampType.withZone();
    };
  }

  /** The Iceberg type name the table column gets, for ODCS {@code physicalType}. */
  static String physicalType(Field f) {
    return typeOf(f).toString();
  }

  /** A schema for a new table: ids 1..n in contract order. */
  static Schema create(dev.dataproduct.Schema schema) {
    List<Types.NestedField> columns = new ArrayList<>();
    int id = 1;
    for (Field f : schema.fields()) {
      columns.add(f.isRequired()
          ? Types.NestedField.required(id++, f.name(), typeOf(f), f.description().orElse(null))
          : Types.NestedField.optional(id++, f.name(), typeOf(f), f.description().orElse(null)));
    }
    return new Schema(columns);
  }

  /** Names the field and the reason, never the value (it may be classified). */
  static StorageException refused(String port, Field f, String why) {
    return new StorageException("Output port '" + port + "': field '" + f.name() + "' holds "
        + why, "ICEBERG", new IllegalArgumentException("not representable"));
  }

  /** The value of an Iceberg record's column as the contract's Java type. */
  static Object fromIceberg(Field f, Object v) {
    if (v == null) {
      return null;
    }
    switch (f.type()) {
      case TIMESTAMP:
        return v instanceof OffsetDateTime o ? o.toInstant()
            : ((java.time.LocalDateTime) v).toInstant(ZoneOffset.UTC);
      case OBJECT:
        return readJson(f, v, Map.class);
      case ARRAY:
        return readJson(f, v, List.class);
      case INTEGER:
        return ((Number) v).longValue();
      default:
        return v;
    }
  }

  private static Object readJson(Field f, Object v, Class<?> type) {
    Object value;
    try {
      value = NestedJson.read(v.toString());
    } catch (IllegalArgumentException e) {
      value = null;
    }
    if (!type.isInstance(value)) {
      throw new StorageException("Field '" + f.name() + "' does not hold JSON of an "
          + (type == Map.class ? "object" : "array"), "ICEBERG",
          new IllegalArgumentException("not JSON"));
    }
    return value;
  }
}
