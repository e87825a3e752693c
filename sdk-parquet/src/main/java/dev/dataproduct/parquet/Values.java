package dev.dataproduct.parquet;

import dev.dataproduct.format.NestedJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Converters from Parquet values to the canonical Java values of the logical types: DATE to
 * {@link LocalDate}, TIMESTAMP (millis, micros, nanos, legacy INT96) to {@link Instant}, DECIMAL
 * to {@link BigDecimal} with the column's scale, integers to {@link Long} (unsigned 64-bit beyond
 * its range to {@link BigInteger}), FLOAT and DOUBLE to {@link Double}, strings to {@link
 * String}, JSON to maps and lists, groups (structs, LIST, MAP) to maps and lists. Binary that is
 * not valid UTF-8 stays a {@code byte[]}: nothing is replaced silently.
 */
final class Values {
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

  private Values() {}

  static Converter converter(Type type, Consumer<Object> sink, String source) {
    if (type.isPrimitive()) {
      return primitive(type.asPrimitiveType(), sink);
    }
    GroupType g = type.asGroupType();
    LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
    if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && g.getFieldCount() == 1) {
      return new ListConverter(g, sink, source);
    }
    if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation && g.getFieldCount() == 1
        && !g.getType(0).isPrimitive() && g.getType(0).asGroupType().getFieldCount() == 2) {
      return new MapConverter(g, sink, source);
    }
    return new StructConverter(g, sink, source);
  }

  private static PrimitiveConverter primitive(PrimitiveType t, Consumer<Object> sink) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    switch (t.getPrimitiveTypeName()) {
      case BOOLEAN:
        return new PrimitiveConverter() {
          @Override
          public void addBoolean(boolean value) {
            sink.accept(value);
          }
        };
      case INT32:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int v) {
            if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
              sink.accept(LocalDate.ofEpochDay(v));
            } else if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
              sink.accept(BigDecimal.valueOf(v, scale(a)));
            } else if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                && !((LogicalTypeAnnotation.IntLogicalTypeAnnotation) a).isSigned()) {
              sink.accept(Integer.toUnsignedLong(v));
            } else {
              sink.accept((long) v);
            }
          }
        };
      case INT64:
        return new PrimitiveConverter() {
          @Override
          public void addLong(long v) {
            if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
              sink.accept(instant(v, ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) a)
                  .getUnit()));
            } else if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
              sink.accept(BigDecimal.valueOf(v, scale(a)));
            } else if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                && !((LogicalTypeAnnotation.IntLogicalTypeAnnotation) a).isSigned() && v < 0) {
              sink.accept(new BigInteger(Long.toUnsignedString(v)));
            } else {
              sink.accept(v);
            }
          }
        };
      case INT96:
        return new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = b.getLong();
            long julianDay = Integer.toUnsignedLong(b.getInt());
            sink.accept(Instant.ofEpochSecond((julianDay - JULIAN_DAY_OF_EPOCH) * 86_400L,
                nanosOfDay));
          }
        };
      case FLOAT:
        return new PrimitiveConverter() {
          @Override
          public void addFloat(float value) {
            sink.accept((double) value);
          }
        };
      case DOUBLE:
        return new PrimitiveConverter() {
          @Override
          public void addDouble(double value) {
            sink.accept(value);
          }
        };
      default: // BINARY, FIXED_LEN_BYTE_ARRAY
        return new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            sink.accept(binary(value, a));
          }
        };
    }
  }

  private static int scale(LogicalTypeAnnotation a) {
    return ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) a).getScale();
  }

  static Instant instant(long v, LogicalTypeAnnotation.TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return Instant.ofEpochMilli(v);
      case MICROS:
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
            Math.floorMod(v, 1_000_000L) * 1000L);
      default:
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L),
            Math.floorMod(v, 1_000_000_000L));
    }
  }

  private static Object binary(Binary value, LogicalTypeAnnotation a) {
    if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
      return new BigDecimal(new BigInteger(value.getBytes()), scale(a));
    }
    if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
      ByteBuffer b = value.toByteBuffer();
      return new UUID(b.getLong(), b.getLong()).toString();
    }
    Object text = utf8(value);
    if (a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation && text instanceof String) {
      try {
        return NestedJson.read((String) text);
      } catch (IllegalArgumentException e) {
        return text; // kept as it came: conformance says why it is not an object or array
      }
    }
    return text;
  }

  /** The text, or the bytes when they are not valid UTF-8. */
  private static Object utf8(Binary value) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(value.toByteBuffer());
      return chars.toString();
    } catch (CharacterCodingException e) {
      return value.getBytes();
    }
  }

  /** A struct as a map of its fields (a repeated field as a list). */
  private static final class StructConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final Converter[] children;
    private Map<String, Object> current;

    StructConverter(GroupType g, Consumer<Object> sink, String source) {
      this.sink = sink;
      children = new Converter[g.getFieldCount()];
      for (int i = 0; i < children.length; i++) {
        Type t = g.getType(i);
        String name = t.getName();
        Consumer<Object> put = t.isRepetition(Type.Repetition.REPEATED)
            ? v -> listIn(current, name).add(v)
            : v -> current.put(name, v);
        children[i] = converter(t, put, source);
      }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listIn(Map<String, Object> m, String name) {
      return (List<Object>) m.computeIfAbsent(name, k -> new ArrayList<>());
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {
      current = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }
  }

  /** A LIST: three-level ({@code repeated group list { element }}) or legacy two-level. */
  private static final class ListConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final Converter repeated;
    private List<Object> current;
    private Object element;

    ListConverter(GroupType g, Consumer<Object> sink, String source) {
      this.sink = sink;
      Type r = g.getType(0);
      boolean threeLevel = !r.isPrimitive() && r.asGroupType().getFieldCount() == 1
          && !r.getName().equals("array") && !r.getName().equals(g.getName() + "_tuple");
      if (threeLevel) {
        Converter inner = converter(r.asGroupType().getType(0), v -> element = v, source);
        repeated = new GroupConverter() {
          @Override
          public Converter getConverter(int fieldIndex) {
            return inner;
          }

          @Override
          public void start() {
            element = null;
          }

          @Override
          public void end() {
            current.add(element);
          }
        };
      } else {
        repeated = converter(r, v -> current.add(v), source);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeated;
    }

    @Override
    public void start() {
      current = new ArrayList<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }
  }

  /** A MAP ({@code repeated group key_value { key; value }}): keys as text. */
  private static final class MapConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final GroupConverter entry;
    private Map<String, Object> current;
    private Object key;
    private Object value;

    MapConverter(GroupType g, Consumer<Object> sink, String source) {
      this.sink = sink;
      GroupType kv = g.getType(0).asGroupType();
      Converter k = converter(kv.getType(0), v -> key = v, source);
      Converter v = converter(kv.getType(1), x -> value = x, source);
      entry = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return fieldIndex == 0 ? k : v;
        }

        @Override
        public void start() {
          key = null;
          value = null;
        }

        @Override
        public void end() {
          current.put(String.valueOf(key), value);
        }
      };
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return entry;
    }

    @Override
    public void start() {
      current = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }
  }
}
