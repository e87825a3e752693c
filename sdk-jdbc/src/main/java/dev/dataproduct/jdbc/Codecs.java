package dev.dataproduct.jdbc;

import dev.dataproduct.Field;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Reads column values as the canonical Java types of the fields' logical types, and binds them
 * back. Chosen once per column, used per row. Timestamps without a time zone hold UTC.
 */
final class Codecs {
  private Codecs() {}

  /** Reads one column of the current row; {@code null} for SQL NULL. */
  @FunctionalInterface
  interface Decoder {
    Object read(ResultSet rs, int column) throws SQLException;
  }

  /** Binds one non-null value. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps, int index, Object value) throws SQLException;
  }

  /** The decoder of {@code field} from {@code column}; the column accepts the field's type. */
  static Decoder decoder(Field field, Column column) {
    switch (field.type()) {
      case STRING:
        return ResultSet::getString;
      case INTEGER:
        return (rs, c) -> {
          long v = rs.getLong(c);
          return v == 0 && rs.wasNull() ? null : v;
        };
      case NUMBER:
        if (column.isFloat()) {
          return (rs, c) -> {
            double v = rs.getDouble(c);
            return v == 0 && rs.wasNull() ? null : v;
          };
        }
        return ResultSet::getBigDecimal;
      case BOOLEAN:
        return (rs, c) -> {
          boolean v = rs.getBoolean(c);
          return !v && rs.wasNull() ? null : v;
        };
      case DATE:
        return (rs, c) -> rs.getObject(c, LocalDate.class);
      case TIMESTAMP:
        if (column.hasTimeZone()) {
          return (rs, c) -> {
            OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
          };
        }
        return (rs, c) -> {
          LocalDateTime t = rs.getObject(c, LocalDateTime.class);
          return t == null ? null : t.toInstant(ZoneOffset.UTC);
        };
      case OBJECT:
        return (rs, c) -> {
          String s = rs.getString(c);
          return s == null ? null : Json.read(s, false);
        };
      case ARRAY:
        if (column.isArray()) {
          return (rs, c) -> {
            Array a = rs.getArray(c);
            if (a == null) {
              return null;
            }
            try {
              return Arrays.asList((Object[]) a.getArray());
            } finally {
              a.free();
            }
          };
        }
        return (rs, c) -> {
          String s = rs.getString(c);
          return s == null ? null : Json.read(s, true);
        };
      default:
        throw new IllegalArgumentException("Unsupported type " + field.type());
    }
  }

  /** The binder of {@code field} into {@code column} (placeholder from the dialect). */
  static Binder binder(Field field, Column column) {
    switch (field.type()) {
      case STRING:
        return (ps, i, v) -> ps.setString(i, (String) v);
      case INTEGER:
        return (ps, i, v) -> ps.setLong(i, ((Number) v).longValue());
      case NUMBER:
        return (ps, i, v) -> {
          if (v instanceof BigDecimal) {
            ps.setBigDecimal(i, (BigDecimal) v);
          } else {
            ps.setDouble(i, ((Number) v).doubleValue());
          }
        };
      case BOOLEAN:
        return (ps, i, v) -> ps.setBoolean(i, (Boolean) v);
      case DATE:
        return (ps, i, v) -> ps.setObject(i, v);
      case TIMESTAMP:
        if (column.hasTimeZone()) {
          return (ps, i, v) -> ps.setObject(i, ((Instant) v).atOffset(ZoneOffset.UTC));
        }
        return (ps, i, v) -> ps.setObject(i, LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
      case OBJECT:
      case ARRAY:
        return (ps, i, v) -> ps.setString(i, Json.write(v));
      default:
        throw new IllegalArgumentException("Unsupported type " + field.type());
    }
  }

  /** The SQL type {@code setNull} is called with for {@code column}. */
  static int nullType(Column column) {
    if (column.isJson() || column.isUuid()) {
      return Types.VARCHAR;
    }
    return column.jdbcType();
  }
}
