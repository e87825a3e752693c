package dev.dataproduct.testing;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Builds test rows.
 *
 * <pre>{@code
 * List<Row> orders = Rows.of(ORDERS)
 *     .row(1L, "DE", new BigDecimal("10.00"))
 *     .row(2L, "FR", new BigDecimal("20.00"))
 *     .row(Map.of("id", 3L, "country", "IT"))     // absent fields are null
 *     .build();
 * List<Row> many = Rows.generate(ORDERS, 10_000, i -> Row.of(ORDERS, i, "DE", BigDecimal.ONE));
 * }</pre>
 */
public final class Rows {
  private final Schema schema;
  private final List<Row> rows = new ArrayList<>();

  private Rows(Schema schema) {
    this.schema = schema;
  }

  /** A builder of rows bound to {@code schema}. */
  public static Rows of(Schema schema) {
    return new Rows(Objects.requireNonNull(schema, "schema"));
  }

  /** {@code count} rows made by {@code generator} from their index. */
  public static List<Row> generate(Schema schema, long count, LongFunction<Row> generator) {
    List<Row> out = new ArrayList<>((int) Math.min(count, 1_000_000));
    for (long i = 0; i < count; i++) {
      out.add(generator.apply(i));
    }
    return out;
  }

  /** Adds a row of {@code values}, one per field. */
  public Rows row(Object... values) {
    rows.add(Row.of(schema, values));
    return this;
  }

  /** Adds a row from field names to values; absent fields are null. */
  public Rows row(Map<String, ?> values) {
    rows.add(Row.fromMap(schema, values));
    return this;
  }

  /** The rows, in the order added. */
  public List<Row> build() {
    return List.copyOf(rows);
  }
}
