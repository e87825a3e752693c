package dev.dataproduct;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Row-wise transforms: each reads every input port in declaration order and sends each result
 * row to every output port. Rows they drop are counted as filtered, so accounting balances per
 * output port.
 *
 * <pre>{@code
 * Transforms.map(order -> Row.of(OUT, order.get("id"), order.getDecimal("amount").negate()));
 * Transforms.filter(order -> "CONFIRMED".equals(order.getString("status")));
 * Transforms.mapBatches(batch -> enrich(batch));
 * }</pre>
 */
public final class Transforms {
  private Transforms() {}

  /** Passes every row through unchanged. */
  public static Transform identity() {
    return new RowWise(r -> r, "identity");
  }

  /** Applies {@code fn} to every row; a {@code null} result drops the row (counted as filtered). */
  public static Transform map(Function<Row, Row> fn) {
    return new RowWise(Objects.requireNonNull(fn, "fn"), "map");
  }

  /** Keeps the rows that satisfy {@code keep}; the others are counted as filtered. */
  public static Transform filter(Predicate<Row> keep) {
    Objects.requireNonNull(keep, "keep");
    return new RowWise(r -> keep.test(r) ? r : null, "filter");
  }

  /**
   * Applies {@code fn} to each batch. It may return fewer rows than it received (the difference
   * is counted as filtered), never more.
   */
  public static Transform mapBatches(Function<List<Row>, List<Row>> fn) {
    Objects.requireNonNull(fn, "fn");
    return new Transform() {
      @Override
      public void apply(TransformContext ctx) {
        String[] outputs = ctx.outputs().toArray(new String[0]);
        for (String in : ctx.inputs()) {
          for (List<Row> batch : ctx.batches(in)) {
            List<Row> out = fn.apply(batch);
            if (out == null) {
              ctx.countFiltered(batch.size());
              continue;
            }
            if (out.size() > batch.size()) {
              throw new IllegalStateException("Batch transform returned " + out.size()
                  + " rows for a batch of " + batch.size()
                  + "; a batch transform may drop rows, not add them (implement Transform)");
            }
            ctx.countFiltered(batch.size() - out.size());
            for (Row r : out) {
              emitAll(ctx, outputs, r);
            }
          }
        }
      }

      @Override
      public boolean isRowWise() {
        return true;
      }

      @Override
      public String toString() {
        return "Transforms.mapBatches";
      }
    };
  }

  private static void emitAll(TransformContext ctx, String[] outputs, Row row) {
    for (String out : outputs) {
      ctx.emit(out, row);
    }
  }

  private static final class RowWise implements Transform {
    private final Function<Row, Row> fn;
    private final String name;

    RowWise(Function<Row, Row> fn, String name) {
      this.fn = fn;
      this.name = name;
    }

    @Override
    public void apply(TransformContext ctx) {
      String[] outputs = ctx.outputs().toArray(new String[0]);
      for (String in : ctx.inputs()) {
        for (List<Row> batch : ctx.batches(in)) {
          for (Row r : batch) {
            Row out = fn.apply(r);
            if (out != null) {
              emitAll(ctx, outputs, out);
            } else {
              ctx.countFiltered(1);
            }
          }
        }
      }
    }

    @Override
    public boolean isRowWise() {
      return true;
    }

    @Override
    public String toString() {
      return "Transforms." + name;
    }
  }
}
