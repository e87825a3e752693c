package dev.dataproduct.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.StorageException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
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
 *       refused, never rounded)</td></tr>
 *   <tr><td>boolean</td><td>boolean</td></tr>
 *   <tr><td>date</td><td>date</td></tr>
 *   <tr><td>timestamp</td><td>timestamptz (microseconds; finer values are refused)</td></tr>
 *   <tr><td>object, array</td><td>string holding the value as JSON (the contract does not
 *       describe their members)</td></tr>
 * </table>
 *
 * <p>Field ids: a new table numbers the fields 1..n in contract order; a later contract keeps
 * every existing field's id (matched by name) and gives new fields the next ids, as Iceberg's own
 * schema evolution does.
 */
final class IcebergSchemas {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private IcebergSchemas() {}

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

  /**
   * The Iceberg record of a row that conforms to {@code schema}. Timestamps finer than
   * microseconds are refused, except in a quarantine table ({@code truncateTimestamps}), whose
   * only timestamp is the SDK's own {@code quarantined_at}, kept to the microsecond.
   */
  static Record toRecord(Row row, dev.dataproduct.Schema schema, Schema table, String port,
      boolean truncateTimestamps) {
    GenericRecord record = GenericRecord.create(table);
    List<Field> fields = schema.fields();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      Object v = row.get(i);
      if (truncateTimestamps && v instanceof Instant at) {
        v = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      }
      record.setField(f.name(), v == null ? null : toIceberg(f, v, port));
    }
    return record;
  }

  private static Object toIceberg(Field f, Object v, String port) {
    switch (f.type()) {
      case TIMESTAMP: {
        Instant at = (Instant) v;
        if (at.getNano() % 1_000 != 0) {
          throw new StorageException("Output port '" + port + "': field '" + f.name()
              + "' has a timestamp with nanoseconds; Iceberg keeps microseconds", "ICEBERG",
              new IllegalArgumentException("nanoseconds"));
        }
        return at.atOffset(ZoneOffset.UTC);
      }
      case NUMBER:
        if (f.precision().isPresent()) {
          return v;
        }
        if (v instanceof BigDecimal d) {
          double x = d.doubleValue();
          if (Double.isInfinite(x) || new BigDecimal(x).compareTo(d) != 0) {
            throw new StorageException("Output port '" + port + "': field '" + f.name()
                + "' holds a decimal a double cannot represent exactly; declare"
                + " withDecimal(precision, scale) on the field to store it as an Iceberg decimal",
                "ICEBERG", new IllegalArgumentException("inexact double"));
          }
          return x;
        }
        return ((Number) v).doubleValue();
      case OBJECT:
      case ARRAY:
        try {
          return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
          throw new StorageException("Output port '" + port + "': field '" + f.name()
              + "' cannot be written as JSON (" + e.getClass().getSimpleName() + ")", "ICEBERG",
              new IllegalArgumentException("nanoseconds"));
        }
      default:
        return v;
    }
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
    try {
      return JSON.readValue(v.toString(), type);
    } catch (JsonProcessingException e) {
      throw new StorageException("Field '" + f.name() + "' does not hold JSON of a "
          + type.getSimpleName().toLowerCase(java.util.Locale.ROOT), "ICEBERG",
          new IllegalArgumentException("not JSON"));
    }
  }
}
