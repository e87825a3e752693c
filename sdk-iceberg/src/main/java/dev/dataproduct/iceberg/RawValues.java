package dev.dataproduct.iceberg;

import dev.dataproduct.Field;
import dev.dataproduct.format.NestedJson;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Which Iceberg column types each logical type reads, and the values of those columns as the
 * generic reader returns them turned into the core's canonical Java values (see {@link
 * IcebergInputPort#table}). A value that is not what its field expects is handed on as it is, so
 * that schema conformance quarantines its row with a reason.
 */
final class RawValues {
  private RawValues() {}

  /** Why a column of type {@code type} cannot feed {@code f}, or null when it can. */
  static String mismatch(Field f, Type type) {
    Type.TypeID id = type.typeId();
    boolean ok = switch (f.type()) {
      case STRING -> id == Type.TypeID.STRING || id == Type.TypeID.UUID;
      case INTEGER -> id == Type.TypeID.INTEGER || id == Type.TypeID.LONG;
      case NUMBER -> id == Type.TypeID.DECIMAL || id == Type.TypeID.DOUBLE
          || id == Type.TypeID.FLOAT || id == Type.TypeID.INTEGER || id == Type.TypeID.LONG;
      case BOOLEAN -> id == Type.TypeID.BOOLEAN;
      case DATE -> id == Type.TypeID.DATE;
      case TIMESTAMP -> id == Type.TypeID.TIMESTAMP || id == Type.TypeID.TIMESTAMP_NANO;
      case OBJECT -> id == Type.TypeID.STRUCT || id == Type.TypeID.MAP
          || id == Type.TypeID.STRING;
      case ARRAY -> id == Type.TypeID.LIST || id == Type.TypeID.STRING;
    };
    if (ok) {
      return null;
    }
    String reads = switch (f.type()) {
      case STRING -> "string or uuid";
      case INTEGER -> "int or long";
      case NUMBER -> "decimal, double, float, int or long";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp or timestamptz";
      case OBJECT -> "struct, map or string (JSON)";
      case ARRAY -> "list or string (JSON)";
    };
    return "column '" + f.name() + "' is " + type + ", field '" + f.name() + "' ("
        + f.type().logicalTypeName() + ") reads " + reads;
  }

  /** The value of a column of {@code type} for field {@code f}. */
  static Object value(Field f, Type type, Object v) {
    if (v == null) {
      return null;
    }
    switch (f.type()) {
      case OBJECT:
      case ARRAY:
        if (v instanceof CharSequence) {
          try {
            return NestedJson.read(v.toString());
          } catch (IllegalArgumentException e) {
            return v.toString(); // not JSON: conformance says the field is not an object
          }
        }
        return nested(v);
      case INTEGER:
        return v instanceof Integer i ? Long.valueOf(i) : v;
      case STRING:
        return v instanceof UUID ? v.toString() : v;
      default:
        return scalar(v);
    }
  }

  /** A value inside an object or array: structs and maps as maps, lists as lists. */
  private static Object nested(Object v) {
    if (v instanceof Record r) {
      Map<String, Object> m = new LinkedHashMap<>();
      List<Types.NestedField> fields = r.struct().fields();
      for (int i = 0; i < fields.size(); i++) {
        m.put(fields.get(i).name(), nested(r.get(i)));
      }
      return m;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, x) -> m.put(String.valueOf(nested(k)), nested(x)));
      return m;
    }
    if (v instanceof List<?> list) {
      List<Object> l = new ArrayList<>(list.size());
      list.forEach(x -> l.add(nested(x)));
      return l;
    }
    if (v instanceof Integer i) {
      return Long.valueOf(i);
    }
    if (v instanceof Float x) {
      return x.doubleValue(); // exactly the float's value
    }
    if (v instanceof UUID || v instanceof CharSequence) {
      return v.toString();
    }
    if (v instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (v instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    return scalar(v);
  }

  private static Object scalar(Object v) {
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    return v;
  }
}
