package dev.dataproduct.jdbc;

import dev.dataproduct.spi.ValueDomain;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import dev.dataproduct.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PostgreSQL: see {@link SqlDialect#postgresql()}. */
final class PostgresDialect implements SqlDialect {
  static final PostgresDialect INSTANCE = new PostgresDialect();

  private PostgresDialect() {}

  @Override
  public String systemName() {
    return "postgresql";
  }

  @Override
  public String columnType(Field field) {
    switch (field.type()) {
      case STRING:
        return field.maxLength().isPresent()
            ? "varchar(" + field.maxLength().getAsInt() + ")" : "text";
      case INTEGER:
        return "bigint";
      case NUMBER:
        // without a declared scale a value may be a Double or any BigDecimal: numeric keeps both
        return field.scale().isPresent()
            ? "numeric(" + field.precision().getAsInt() + "," + field.scale().getAsInt() + ")"
            : "numeric";
      case BOOLEAN:
        return "boolean";
      case DATE:
        return "date";
      case TIMESTAMP:
        return "timestamp with time zone";
      case OBJECT:
      case ARRAY:
        return "jsonb";
      default:
        throw new IllegalArgumentException("No PostgreSQL type for " + field.type());
    }
  }

  @Override
  public String placeholder(Field field, String columnTypeName) {
    String t = columnTypeName.toLowerCase(Locale.ROOT);
    switch (t) {
      case "jsonb":
      case "json":
      case "uuid":
        return "CAST(? AS " + t + ")";
      default:
        return "?";
    }
  }

  @Override
  public String upsert(String table, List<String> columns, List<String> keyColumns,
      List<String> placeholders) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
        .append(String.join(", ", columns)).append(") VALUES (")
        .append(String.join(", ", placeholders)).append(") ON CONFLICT (")
        .append(String.join(", ", keyColumns)).append(") ");
    List<String> updates = new ArrayList<>();
    for (String c : columns) {
      if (!keyColumns.contains(c)) {
        updates.add(c + " = EXCLUDED." + c);
      }
    }
    sql.append(updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates));
    return sql.toString();
  }

  @Override
  public int rowsPerInsert(int columns) {
    // the protocol carries at most 65535 parameters per statement
    return Math.max(1, Math.min(1_000, 65_535 / Math.max(1, columns)));
  }

  /**
   * PostgreSQL's ranges as the JDBC driver passes them: timestamps and dates from 4713-01-01 BC
   * (the server goes back to 4714-11-24 BC, but the driver sends anything earlier than 4713 BC as
   * {@code -infinity}), timestamps up to 294276 AD, dates up to 5874897 AD; numeric with at most
   * 131072 digits before the point and 16383 after; text and jsonb without NUL; UTF-8 (no
   * unpaired surrogates); timestamps to the microsecond (a finer one is quarantined, never
   * rounded as the server and the JDBC driver would).
   */
  static final ValueDomain DOMAIN = ValueDomain.builder("PostgreSQL")
      .instants(LocalDate.of(-4712, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
          LocalDate.of(294_276, 12, 31).atTime(23, 59, 59, 999_999_000).toInstant(ZoneOffset.UTC))
      .dates(LocalDate.of(-4712, 1, 1), LocalDate.of(5_874_897, 12, 31))
      .decimals(131_072, 16_383)
      .noNulInText()
      .timestampPrecision(ChronoUnit.MICROS)
      .build();

  @Override
  public ValueDomain valueDomain() {
    return DOMAIN;
  }

  @Override
  public String toString() {
    return "SqlDialect.postgresql()";
  }
}
