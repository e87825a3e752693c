package dev.dataproduct.parquet;

import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** The Parquet schema of a contract's schema: one column per field, in order. */
final class ParquetSchemas {
  /** Decimal precision when a field declares a scale but no precision. */
  static final int DEFAULT_PRECISION = 38;

  private ParquetSchemas() {}

  static MessageType of(Schema schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Field f : schema.fields()) {
      b.addField(column(f));
    }
    return b.named("row");
  }

  static Type column(Field f) {
    Type.Repetition rep = f.isRequired() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
    switch (f.type()) {
      case STRING:
        return Types.primitive(PrimitiveTypeName.BINARY, rep)
            .as(LogicalTypeAnnotation.stringType()).named(f.name());
      case INTEGER:
        return Types.primitive(PrimitiveTypeName.INT64, rep).named(f.name());
      case NUMBER:
        if (isDecimal(f)) {
          int p = precision(f);
          int s = f.scale().getAsInt();
          LogicalTypeAnnotation dec = LogicalTypeAnnotation.decimalType(s, p);
          if (p <= 9) {
            return Types.primitive(PrimitiveTypeName.INT32, rep).as(dec).named(f.name());
          }
          if (p <= 18) {
            return Types.primitive(PrimitiveTypeName.INT64, rep).as(dec).named(f.name());
          }
          return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
              .length(bytesFor(p)).as(dec).named(f.name());
        }
        return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(f.name());
      case BOOLEAN:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(f.name());
      case DATE:
        return Types.primitive(PrimitiveTypeName.INT32, rep)
            .as(LogicalTypeAnnotation.dateType()).named(f.name());
      case TIMESTAMP:
        return Types.primitive(PrimitiveTypeName.INT64, rep)
            .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(f.name());
      case OBJECT:
      case ARRAY:
        return Types.primitive(PrimitiveTypeName.BINARY, rep)
            .as(LogicalTypeAnnotation.jsonType()).named(f.name());
      default:
        throw new IllegalArgumentException("Field '" + f.name() + "' has type " + f.type()
            + ", which has no Parquet mapping");
    }
  }

  /** A NUMBER stored as DECIMAL: the field declares a scale. */
  static boolean isDecimal(Field f) {
    return f.scale().isPresent();
  }

  static int precision(Field f) {
    return f.precision().orElse(DEFAULT_PRECISION);
  }

  /** The fewest bytes holding every unscaled value of {@code precision} digits, with a sign. */
  static int bytesFor(int precision) {
    int bytes = 1;
    java.math.BigInteger max = java.math.BigInteger.TEN.pow(precision);
    while (java.math.BigInteger.ONE.shiftLeft(8 * bytes - 1).compareTo(max) < 0) {
      bytes++;
    }
    return bytes;
  }
}
