package dev.dataproduct.testing;

import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.ReadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * An input port over rows in memory, or generated on the fly (for large inputs in constant
 * memory). Thread-safe: each read starts from the first row.
 *
 * <pre>{@code
 * InputPort orders = InMemoryInputPort.of("orders", ORDERS,
 *     Row.of(ORDERS, 1L, "DE", new BigDecimal("10.00")),
 *     Row.of(ORDERS, 2L, "FR", new BigDecimal("20.00")));
 * InputPort many = InMemoryInputPort.generated("orders", ORDERS, 1_000_000, i -> order(i));
 * }</pre>
 */
public final class InMemoryInputPort implements InputPort {
  private final String name;
  private final Schema schema;
  private final long count;
  private final LongFunction<Row> rows;
  private final AtomicInteger reads = new AtomicInteger();

  private InMemoryInputPort(String name, Schema schema, long count, LongFunction<Row> rows) {
    this.name = Objects.requireNonNull(name, "name");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.count = count;
    this.rows = rows;
  }

  /** A port yielding {@code rows} in order. */
  public static InMemoryInputPort of(String name, Schema schema, Row... rows) {
    return of(name, schema, List.of(rows));
  }

  /** A port yielding {@code rows} in order. */
  public static InMemoryInputPort of(String name, Schema schema, List<Row> rows) {
    List<Row> copy = List.copyOf(rows);
    return new InMemoryInputPort(name, schema, copy.size(), i -> copy.get((int) i));
  }

  /** A port yielding {@code count} rows made by {@code generator} from their index. */
  public static InMemoryInputPort generated(String name, Schema schema, long count,
      LongFunction<Row> generator) {
    if (count < 0) {
      throw new IllegalArgumentException("Row count must be >= 0, was " + count);
    }
    return new InMemoryInputPort(name, schema, count, Objects.requireNonNull(generator,
        "generator"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String type() {
    return "memory";
  }

  /** Namespace {@code memory} and the port's name: rows that exist in this JVM only. */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return Optional.of(LineageDataset.of("memory", name));
  }

  /** How many times the port was read. */
  public int reads() {
    return reads.get();
  }

  @Override
  public BatchReader read(ReadContext context) {
    reads.incrementAndGet();
    int batchSize = context.batchSize();
    return new BatchReader() {
      long next;
      boolean closed;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public List<Row> next() {
        if (closed || next >= count) {
          return List.of();
        }
        int n = (int) Math.min(batchSize, count - next);
        List<Row> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          batch.add(rows.apply(next++));
        }
        return batch;
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  @Override
  public String toString() {
    return "InMemoryInputPort{" + name + ", " + count + " rows}";
  }
}
