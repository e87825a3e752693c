package dev.dataproduct.jdbc;

import dev.dataproduct.FieldType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One column of a result set or table, as the driver describes it.
 *
 * @param index 1-based position in the result set
 * @param label the column label
 * @param jdbcType the {@link Types} constant
 * @param typeName the database's type name, lower case ({@code int8}, {@code varchar}, ...)
 * @param nullable whether the column may hold null (true when unknown)
 * @param precision declared precision or length, 0 when unknown
 * @param scale declared scale, 0 when unknown
 */
record Column(int index, String label, int jdbcType, String typeName, boolean nullable,
    int precision, int scale) {

  /** The columns of a result set. */
  static List<Column> of(ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount();
    List<Column> out = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      String type = md.getColumnTypeName(i);
      out.add(new Column(i, md.getColumnLabel(i), md.getColumnType(i),
          type == null ? "" : type.toLowerCase(Locale.ROOT),
          md.isNullable(i) != ResultSetMetaData.columnNoNulls, md.getPrecision(i),
          md.getScale(i)));
    }
    return out;
  }

  boolean isCharacter() {
    switch (jdbcType) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
      case Types.NCLOB:
        return !isJson() && !isUuid();
      default:
        return false;
    }
  }

  boolean isInteger() {
    return jdbcType == Types.TINYINT || jdbcType == Types.SMALLINT
        || jdbcType == Types.INTEGER || jdbcType == Types.BIGINT;
  }

  boolean isDecimal() {
    return jdbcType == Types.NUMERIC || jdbcType == Types.DECIMAL;
  }

  boolean isFloat() {
    return jdbcType == Types.REAL || jdbcType == Types.FLOAT || jdbcType == Types.DOUBLE;
  }

  boolean isBoolean() {
    return jdbcType == Types.BOOLEAN || (jdbcType == Types.BIT && precision <= 1);
  }

  boolean isDate() {
    return jdbcType == Types.DATE;
  }

  boolean isTimestamp() {
    return jdbcType == Types.TIMESTAMP || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE;
  }

  /** A timestamp column that stores an instant (PostgreSQL timestamptz, SQL WITH TIME ZONE). */
  boolean hasTimeZone() {
    return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz")
        || typeName.contains("with time zone");
  }

  boolean isJson() {
    return typeName.equals("json") || typeName.equals("jsonb");
  }

  boolean isUuid() {
    return typeName.equals("uuid");
  }

  boolean isArray() {
    return jdbcType == Types.ARRAY;
  }

  /** Whether values of logical type {@code type} can be read from and written to this column. */
  boolean accepts(FieldType type) {
    switch (type) {
      case STRING:
        return isCharacter() || isUuid() || isJson() || jdbcType == Types.OTHER;
      case INTEGER:
        return isInteger() || (isDecimal() && scale == 0 && precision > 0);
      case NUMBER:
        return isInteger() || isDecimal() || isFloat();
      case BOOLEAN:
        return isBoolean();
      case DATE:
        return isDate();
      case TIMESTAMP:
        return isTimestamp();
      case OBJECT:
        return isJson() || isCharacter();
      case ARRAY:
        return isJson() || isCharacter() || isArray();
      default:
        return false;
    }
  }

  /** The database type for messages, with its length or precision when declared. */
  String describe() {
    if ((isCharacter() || isDecimal()) && precision > 0 && precision < 1_000_000) {
      return typeName + "(" + precision + (isDecimal() ? "," + scale : "") + ")";
    }
    return typeName;
  }
}
