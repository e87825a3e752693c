package dev.dataproduct.spark;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function1;

/**
 * Spark's own rows ({@code InternalRow}, as the physical plan produces them) read straight into
 * the SDK's rows, without Spark's {@code Row} in between: the values are those {@link
 * SparkRows#toRow} gives for the {@code Row} that {@code Encoders.row} would make of the same
 * internal row (strings, boxed primitives, {@code BigDecimal}; timestamps as the {@code Instant}
 * of their microseconds, dates as the {@code LocalDate} of their days; structs as maps of field
 * name to value, arrays as lists, maps as maps), with one conversion instead of two. Types without
 * a reader of their own here (binary, intervals, timestamps without a time zone, user-defined
 * types...) go through Spark's {@code CatalystTypeConverters} and then {@link SparkRows#toJava},
 * as a {@code Row}'s values would.
 *
 * <p>The plan may hand the same internal row object over and over (an {@code UnsafeRow} rewritten
 * in place): every value is converted, or copied, before {@link #toRow} returns, and no reference
 * to the internal row or its strings is kept.
 */
final class InternalRows {
  private final Schema naming;
  private final Reader[] columns;

  /** Reads the first {@code naming.size()} columns of rows of {@code type}. */
  InternalRows(StructType type, Schema naming) {
    this.naming = naming;
    StructField[] fields = type.fields();
    this.columns = new Reader[naming.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = reader(fields[i].dataType());
    }
  }

  /** The SDK row of an internal row's values, converted now. */
  Row toRow(InternalRow row) {
    Object[] values = new Object[columns.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.isNullAt(i) ? null : columns[i].read(row, i);
    }
    return Row.of(naming, values);
  }

  /** Reads the non-null value at an ordinal of a row or an array. */
  @FunctionalInterface
  private interface Reader {
    Object read(SpecializedGetters from, int ordinal);
  }

  private static Reader reader(DataType type) {
    if (type instanceof StringType) {
      return (g, i) -> string(g.getUTF8String(i));
    }
    if (type instanceof LongType) {
      return (g, i) -> g.getLong(i);
    }
    if (type instanceof IntegerType) {
      return (g, i) -> g.getInt(i);
    }
    if (type instanceof DoubleType) {
      return (g, i) -> g.getDouble(i);
    }
    if (type instanceof BooleanType) {
      return (g, i) -> g.getBoolean(i);
    }
    if (type instanceof DecimalType d) {
      int precision = d.precision();
      int scale = d.scale();
      return (g, i) -> g.getDecimal(i, precision, scale).toJavaBigDecimal();
    }
    if (type instanceof TimestampType) {
      return (g, i) -> instant(g.getLong(i));
    }
    if (type instanceof DateType) {
      return (g, i) -> LocalDate.ofEpochDay(g.getInt(i));
    }
    if (type instanceof ShortType) {
      return (g, i) -> g.getShort(i);
    }
    if (type instanceof ByteType) {
      return (g, i) -> g.getByte(i);
    }
    if (type instanceof FloatType) {
      return (g, i) -> g.getFloat(i);
    }
    if (type instanceof StructType struct) {
      return struct(struct);
    }
    if (type instanceof ArrayType array) {
      Reader element = reader(array.elementType());
      return (g, i) -> list(g.getArray(i), element);
    }
    if (type instanceof MapType map) {
      Reader key = reader(map.keyType());
      Reader value = reader(map.valueType());
      return (g, i) -> {
        MapData m = g.getMap(i);
        List<Object> keys = list(m.keyArray(), key);
        List<Object> values = list(m.valueArray(), value);
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) {
          out.put(keys.get(k), values.get(k));
        }
        return out;
      };
    }
    Function1<Object, Object> toScala = CatalystTypeConverters.createToScalaConverter(type);
    return (g, i) -> SparkRows.toJava(toScala.apply(g.get(i, type)));
  }

  private static Reader struct(StructType struct) {
    StructField[] fields = struct.fields();
    String[] names = new String[fields.length];
    Reader[] readers = new Reader[fields.length];
    for (int f = 0; f < fields.length; f++) {
      names[f] = fields[f].name();
      readers[f] = reader(fields[f].dataType());
    }
    return (g, i) -> {
      InternalRow r = g.getStruct(i, fields.length);
      Map<String, Object> out = new LinkedHashMap<>();
      for (int f = 0; f < fields.length; f++) {
        out.put(names[f], r.isNullAt(f) ? null : readers[f].read(r, f));
      }
      return out;
    };
  }

  private static List<Object> list(ArrayData array, Reader element) {
    int n = array.numElements();
    List<Object> out = new ArrayList<>(n);
    for (int e = 0; e < n; e++) {
      out.add(array.isNullAt(e) ? null : element.read(array, e));
    }
    return out;
  }

  /**
   * The text of a {@code UTF8String}, decoded straight from the bytes it points into (one copy;
   * its {@code toString} copies them out first), exactly as {@code toString} decodes them (UTF-8,
   * malformed input replaced).
   */
  static String string(UTF8String s) {
    if (s.getBaseObject() instanceof byte[] bytes) {
      return new String(bytes, Math.toIntExact(s.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET),
          s.numBytes(), StandardCharsets.UTF_8);
    }
    return s.toString();
  }

  /** The instant of microseconds since the epoch (Spark's {@code TimestampType}, UTC). */
  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
