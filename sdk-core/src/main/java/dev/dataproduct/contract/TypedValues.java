package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Rule values (range bounds, allowed values) in descriptors. The SDK's own {@code
 * customProperties} keep each value with its Java type ({@code {type: long, value: "5"}}) so a
 * contract read back is equal to the one written; the standard ODCS properties get plain JSON
 * values, which foreign documents also use and which are converted to the field's canonical type.
 */
final class TypedValues {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final DateTimeFormatter LENIENT_TIMESTAMP = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  private TypedValues() {}

  /** {@code {type, value}} keeping the Java type; unsupported types are written as strings. */
  static ObjectNode encode(Object v) {
    ObjectNode n = F.objectNode();
    if (v instanceof Long) {
      n.put("type", "long").put("value", v.toString());
    } else if (v instanceof Integer) {
      n.put("type", "int").put("value", v.toString());
    } else if (v instanceof Short) {
      n.put("type", "short").put("value", v.toString());
    } else if (v instanceof Byte) {
      n.put("type", "byte").put("value", v.toString());
    } else if (v instanceof BigInteger) {
      n.put("type", "biginteger").put("value", v.toString());
    } else if (v instanceof BigDecimal) {
      n.put("type", "decimal").put("value", ((BigDecimal) v).toPlainString());
    } else if (v instanceof Double) {
      n.put("type", "double").put("value", v.toString());
    } else if (v instanceof Float) {
      n.put("type", "float").put("value", v.toString());
    } else if (v instanceof Boolean) {
      n.put("type", "boolean").put("value", v.toString());
    } else if (v instanceof LocalDate) {
      n.put("type", "date").put("value", v.toString());
    } else if (v instanceof Instant) {
      n.put("type", "timestamp").put("value", v.toString());
    } else {
      n.put("type", "string").put("value", String.valueOf(v));
    }
    return n;
  }

  /** Decodes {@link #encode}'s form; fails naming the path on an unknown type or bad value. */
  static Object decode(Node n) {
    n.requireObject("a typed value").allowOnly(java.util.Set.of("type", "value"), "a typed value")
        .require("a typed value", "type", "value");
    String type = n.requireString("type", "a typed value");
    String value = n.requireString("value", "a typed value");
    try {
      switch (type) {
        case "long":
          return Long.valueOf(value);
        case "int":
          return Integer.valueOf(value);
        case "short":
          return Short.valueOf(value);
        case "byte":
          return Byte.valueOf(value);
        case "biginteger":
          return new BigInteger(value);
        case "decimal":
          return new BigDecimal(value);
        case "double":
          return Double.valueOf(value);
        case "float":
          return Float.valueOf(value);
        case "boolean":
          if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("not a boolean");
          }
          return Boolean.valueOf(value);
        case "date":
          return LocalDate.parse(value);
        case "timestamp":
          return Instant.parse(value);
        case "string":
          return value;
        default:
          throw n.fail("type", "unknown value type '" + type + "'; expected one of long, int,"
              + " short, byte, biginteger, decimal, double, float, boolean, date, timestamp,"
              + " string");
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw n.fail("value", "'" + value + "' is not a valid " + type + " value");
    } catch (IllegalArgumentException e) {
      throw n.fail("value", "'" + value + "' is not a valid " + type + " value");
    }
  }

  /** A plain JSON value for the standard ODCS properties. */
  static JsonNode plain(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return F.numberNode(((Number) v).longValue());
    }
    if (v instanceof BigInteger) {
      return F.numberNode((BigInteger) v);
    }
    if (v instanceof BigDecimal) {
      return F.numberNode((BigDecimal) v);
    }
    if (v instanceof Double || v instanceof Float) {
      return F.numberNode(new BigDecimal(v.toString()));
    }
    if (v instanceof Boolean) {
      return F.booleanNode((Boolean) v);
    }
    return F.textNode(String.valueOf(v));
  }

  /**
   * Converts a plain JSON value of a foreign document to the canonical Java type of {@code
   * field}: String, Long, BigDecimal, Boolean, LocalDate, Instant.
   *
   * @throws dev.dataproduct.DescriptorException naming the path and the expected type
   */
  static Object canonical(Node n, Field field) {
    JsonNode j = n.json();
    FieldType t = field.type();
    try {
      switch (t) {
        case STRING:
          if (j.isValueNode()) {
            return j.asText();
          }
          break;
        case INTEGER:
          if (Node.isInteger(j)) {
            return j.decimalValue().longValueExact();
          }
          if (j.isTextual()) {
            return Long.valueOf(j.textValue().trim());
          }
          break;
        case NUMBER:
          if (j.isNumber()) {
            return j.decimalValue();
          }
          if (j.isTextual()) {
            return new BigDecimal(j.textValue().trim());
          }
          break;
        case BOOLEAN:
          if (j.isBoolean()) {
            return j.booleanValue();
          }
          break;
        case DATE:
          if (j.isTextual()) {
            return LocalDate.parse(j.textValue().trim());
          }
          break;
        case TIMESTAMP:
          if (j.isTextual()) {
            return timestamp(j.textValue().trim());
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      // fall through to the error below
    }
    throw n.fail("expected a " + t.logicalTypeName() + " value for field '" + field.name()
        + "', found " + Node.describe(j));
  }

  /**
   * Parses a timestamp as ODCS examples write them: ISO-8601 with {@code T} or a space, with or
   * without seconds, fraction and offset; without an offset it is read as UTC.
   */
  static Instant timestamp(String text) {
    var parsed = LENIENT_TIMESTAMP.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime) {
      return ((OffsetDateTime) parsed).toInstant();
    }
    return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
  }
}
