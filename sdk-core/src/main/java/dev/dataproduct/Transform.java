package dev.dataproduct;

/**
 * Turns the product's input streams into rows for its output ports. Built with {@link
 * Transforms} for row-wise work, or implemented directly for joins and aggregations:
 *
 * <pre>{@code
 * Transform dailyRevenue = ctx -> {
 *   Map<List<Object>, BigDecimal> totals = new HashMap<>();
 *   for (Row order : ctx.rows("orders")) {
 *     totals.merge(List.of(order.getDate("day"), order.getString("country")),
 *         order.getDecimal("amount"), BigDecimal::add);
 *   }
 *   totals.forEach((k, v) -> ctx.emit("revenue", Row.of(REVENUE, k.get(0), k.get(1), v)));
 * };
 * }</pre>
 *
 * <p>A transform must be thread-safe when the product runs concurrently (keep state local to
 * {@link #apply}). An exception it throws fails the run and nothing is published.
 */
@FunctionalInterface
public interface Transform {

  /** Reads inputs from and emits rows to {@code context}. */
  void apply(TransformContext context) throws Exception;

  /**
   * Whether each input row yields at most one row per output port, so that the runtime can check
   * {@code read = written + quarantined + filtered} per output port. True for {@link
   * Transforms#map}, {@link Transforms#filter} and {@link Transforms#mapBatches}; false for
   * custom transforms (aggregations, joins), whose outputs are accounted on their own.
   */
  default boolean isRowWise() {
    return false;
  }
}
