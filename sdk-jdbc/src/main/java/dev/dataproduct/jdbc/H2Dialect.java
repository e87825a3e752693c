package dev.dataproduct.jdbc;

import dev.dataproduct.spi.ValueDomain;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import dev.dataproduct.Field;
import java.util.List;
import java.util.Locale;

/** H2 2.x: see {@link SqlDialect#h2()}. */
final class H2Dialect implements SqlDialect {
  static final H2Dialect INSTANCE = new H2Dialect();

  private H2Dialect() {}

  @Override
  public String systemName() {
    return "h2database";
  }

  @Override
  public String columnType(Field field) {
    switch (field.type()) {
      case STRING:
        return field.maxLength().isPresent()
            ? "CHARACTER VARYING(" + field.maxLength().getAsInt() + ")" : "CHARACTER VARYING";
      case INTEGER:
        return "BIGINT";
      case NUMBER:
        // without a declared scale a value may be a Double or any BigDecimal: DECFLOAT keeps both
        return field.scale().isPresent()
            ? "NUMERIC(" + field.precision().getAsInt() + "," + field.scale().getAsInt() + ")"
            : "DECFLOAT";
      case BOOLEAN:
        return "BOOLEAN";
      case DATE:
        return "DATE";
      case TIMESTAMP:
        return "TIMESTAMP(6) WITH TIME ZONE";
      case OBJECT:
      case ARRAY:
        return "JSON";
      default:
        throw new IllegalArgumentException("No H2 type for " + field.type());
    }
  }

  @Override
  public String placeholder(Field field, String columnTypeName) {
    return "JSON".equals(columnTypeName.toUpperCase(Locale.ROOT)) ? "? FORMAT JSON" : "?";
  }

  @Override
  public String upsert(String table, List<String> columns, List<String> keyColumns,
      List<String> placeholders) {
    return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY ("
        + String.join(", ", keyColumns) + ") VALUES (" + String.join(", ", placeholders) + ")";
  }

  @Override
  public int rowsPerInsert(int columns) {
    return Math.max(1, Math.min(200, 32_767 / Math.max(1, columns)));
  }

  /**
   * H2 2.x: years -999999999 to 999999999; NUMERIC and DECFLOAT with at most 100000 digits; text
   * as UTF-8 (JSON columns are UTF-8 bytes), so no unpaired surrogates; timestamps to the
   * microsecond, the precision of the columns it creates ({@code TIMESTAMP(6)}: a finer one is
   * quarantined, never rounded as H2 would).
   */
  static final ValueDomain DOMAIN = ValueDomain.builder("H2")
      .instants(LocalDate.of(-999_999_999, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
          LocalDate.of(999_999_999, 12, 31).atTime(23, 59, 59, 999_999_000)
              .toInstant(ZoneOffset.UTC))
      .dates(LocalDate.of(-999_999_999, 1, 1), LocalDate.of(999_999_999, 12, 31))
      .decimals(100_000, 100_000)
      .maxDecimalChars(100_002)
      .timestampPrecision(ChronoUnit.MICROS)
      .build();

  @Override
  public ValueDomain valueDomain() {
    return DOMAIN;
  }

  @Override
  public String toString() {
    return "SqlDialect.h2()";
  }
}
