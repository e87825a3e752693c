package dev.dataproduct.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.OutputJudge;
import dev.dataproduct.spi.ValueDomain;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Between Spark rows and the SDK's rows. A Spark row becomes a row of a schema that only names
 * its columns (conformance maps rows by name and converts values, as in a single-JVM run), with
 * Spark's value classes replaced by the Java ones a transform in one JVM would emit: {@code
 * Instant} for timestamps (the instant of the microseconds Spark stores), {@code LocalDate} for
 * dates, lists, maps and, for structs, maps of field name to value. The single pass reads Spark's
 * internal rows directly into the same values ({@link InternalRows}). The other way, an input
 * port's rows become Spark rows of its schema.
 */
final class SparkRows {
  private SparkRows() {}

  /**
   * The schema naming the first {@code columns} columns of {@code type} (every field optional,
   * of any type: conformance reads names only).
   *
   * @throws DataProductException when a column name is not usable as a field name or repeats
   */
  static Schema naming(StructType type, int columns, String port) {
    List<Field> fields = new ArrayList<>(columns);
    Set<String> seen = new HashSet<>();
    StructField[] all = type.fields();
    for (int i = 0; i < columns; i++) {
      String name = all[i].name();
      if (!seen.add(name)) {
        throw new DataProductException("Output port '" + port + "': the transform's dataset has"
            + " the column '" + name + "' twice (after a join?); select or rename the columns so"
            + " that each field of the contract is one column");
      }
      try {
        fields.add(Field.optional(name, FieldType.STRING));
      } catch (IllegalArgumentException e) {
        throw new DataProductException("Output port '" + port + "': the transform's dataset has"
            + " a column name the SDK cannot use: " + e.getMessage());
      }
    }
    return Schema.of(fields);
  }

  /** The SDK row of the first {@code columns} values of a Spark row. */
  static Row toRow(Schema naming, org.apache.spark.sql.Row spark) {
    Object[] values = new Object[naming.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = toJava(spark.get(i));
    }
    return Row.of(naming, values);
  }

  /** A Spark value as the Java value a single-JVM transform would emit. */
  static Object toJava(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof java.sql.Timestamp t) {
      // the microseconds Spark stores (proleptic Gregorian), not Timestamp.toInstant(): before
      // 1582 a Row's Timestamp is rebased to the Julian calendar and its epoch millis differ
      return InternalRows.instant(DateTimeUtils.fromJavaTimestamp(t));
    }
    if (v instanceof java.sql.Date d) {
      // the days Spark stores, by Spark's own rebase: Date.toLocalDate() reads the hybrid
      // calendar's year without its era (1 BC would become AD 1)
      return LocalDate.ofEpochDay(DateTimeUtils.fromJavaDate(d));
    }
    if (v instanceof org.apache.spark.sql.Row struct) {
      Map<String, Object> m = new LinkedHashMap<>();
      StructType type = struct.schema();
      for (int i = 0; i < struct.size(); i++) {
        m.put(type == null ? "_" + (i + 1) : type.fields()[i].name(), toJava(struct.get(i)));
      }
      return m;
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      Map<Object, Object> m = new LinkedHashMap<>();
      CollectionConverters.asJava(map).forEach((k, x) -> m.put(toJava(k), toJava(x)));
      return m;
    }
    if (v instanceof scala.collection.Iterable<?> seq) {
      List<Object> l = new ArrayList<>();
      CollectionConverters.asJava(seq).forEach(x -> l.add(toJava(x)));
      return l;
    }
    return v;
  }

  /**
   * The Spark schema of an input port's rows: string, long, decimal(p,s) (double without a
   * scale or beyond 38 digits), boolean, date, timestamp; objects and arrays as JSON text.
   */
  static StructType structOf(Schema schema) {
    List<StructField> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      fields.add(DataTypes.createStructField(f.name(), typeOf(f), !f.isRequired()));
    }
    return DataTypes.createStructType(fields);
  }

  private static DataType typeOf(Field f) {
    return switch (f.type()) {
      case STRING, OBJECT, ARRAY -> DataTypes.StringType;
      case INTEGER -> DataTypes.LongType;
      case NUMBER -> f.scale().isPresent() && f.precision().orElse(39) <= 38
          ? DataTypes.createDecimalType(f.precision().getAsInt(), f.scale().getAsInt())
          : DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
    };
  }

  /**
   * What Spark's columns of {@link #structOf} keep exactly: dates as 32-bit days, timestamps as
   * 64-bit microseconds, numbers without a declared decimal as doubles, text as UTF-8 (no
   * unpaired surrogate). Spark itself would truncate a finer timestamp and write a {@code ?} for a
   * surrogate without a word.
   */
  static final ValueDomain DOMAIN = ValueDomain.builder("Spark")
      .epochDaysAndMicros()
      .doubleNumbers()
      .build();

  /**
   * Refuses an input row holding a value Spark would not keep exactly ({@link #DOMAIN}), before it
   * becomes a Spark row: the run fails with the field and the problem, never the value, instead
   * of handing the transform another value. One per input port and run: not thread-safe.
   */
  static final class Holdable {
    private final OutputJudge judge;
    private final String port;

    Holdable(Schema schema, String port, Instant runStart) {
      this.judge = OutputJudge.of(DataContract.builder(port).version("1.0.0").schema(schema)
          .build(), DOMAIN, Action.FAIL, runStart);
      this.port = port;
    }

    /** {@code row} (conformed by the run's read), when Spark holds each of its values. */
    Row check(Row row) {
      OutputJudge.Verdict v = judge.judge(row);
      if (!v.accepted()) {
        // the reason is the output stores' (its advice names the transform); for an input the
        // value can only be mended where the input is produced
        throw new DataProductException("Input port '" + port + "': in a row, " + v.reason()
            + ". A Spark dataset cannot hold it, and the transform only sees what Spark holds:"
            + " mend the value where the input is produced; the run stops rather than hand the"
            + " transform another value");
      }
      return row;
    }
  }

  /** A conformed input row as a Spark row of {@link #structOf} its schema. */
  static org.apache.spark.sql.Row toSpark(Row row, String port) {
    List<Field> fields = row.schema().fields();
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Field f = fields.get(i);
      Object v = row.get(i);
      if (v == null) {
        continue;
      }
      values[i] = switch (f.type()) {
        case OBJECT, ARRAY -> json(v);
        case NUMBER -> DataTypes.DoubleType.equals(typeOf(f)) ? toDouble(f, v, port) : v;
        default -> v;
      };
    }
    return RowFactory.create(values);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String json(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new DataProductException("A value of an object or array field cannot be written as"
          + " JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Double toDouble(Field f, Object v, String port) {
    if (v instanceof Double d) {
      return d;
    }
    BigDecimal d = (BigDecimal) v;
    double x = d.doubleValue();
    // exact when the double's shortest text is the same number, as the output stores judge it
    if (Double.isInfinite(x) || BigDecimal.valueOf(x).compareTo(d) != 0) {
      throw new DataProductException("Input port '" + port + "': field '" + f.name() + "'"
          + " holds a decimal a Spark double cannot hold exactly; declare withDecimal(precision,"
          + " scale) on the field (at most 38 digits) to read it as a Spark decimal");
    }
    return x;
  }
}
