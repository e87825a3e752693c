package dev.dataproduct;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Told when a run of a product starts and ends, e.g. to emit lineage events ({@code
 * dev.dataproduct.lineage.OpenLineageEmitter}). Called on the running thread; an exception a
 * listener throws is logged and never affects the run, but a slow listener slows it, so hand
 * work to another thread.
 *
 * <pre>{@code
 * DataProduct.builder("daily-revenue")
 *     .listener(new RunListener() {
 *       public void onComplete(RunListener.Start start, RunResult result) {
 *         audit.record(start.runId(), result.outcome());
 *       }
 *     })
 *     ...
 * }</pre>
 */
public interface RunListener {

  /**
   * A run that started.
   *
   * @param product the product being run
   * @param runId the run's id (a UUID)
   * @param startedAt when it started
   * @param traceId the trace id of the run span (32 hex digits; all zeros without tracing)
   * @param spanId the span id of the run span (16 hex digits; all zeros without tracing)
   * @param sampled whether the run span is sampled (the W3C {@code sampled} trace flag)
   */
  record Start(DataProduct product, String runId, Instant startedAt, String traceId,
      String spanId, boolean sampled) {
    public Start {
      Objects.requireNonNull(product, "product");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(spanId, "spanId");
    }

    /** A start whose run span, when traced, is sampled. */
    public Start(DataProduct product, String runId, Instant startedAt, String traceId,
        String spanId) {
      this(product, runId, startedAt, traceId, spanId, true);
    }

    /** Whether the run is traced (the ids are not all zeros). */
    public boolean traced() {
      return !traceId.chars().allMatch(c -> c == '0');
    }

    /**
     * The W3C trace context of the run span as a {@code traceparent} header value, {@code
     * 00-{trace id}-{span id}-{flags}} ({@code 01} sampled, {@code 00} not), so that a lineage
     * UI or a downstream service can jump to the run's trace; empty when the run is untraced.
     */
    public Optional<String> traceparent() {
      return traced()
          ? Optional.of("00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00"))
          : Optional.empty();
    }
  }

  /** Called when a run starts, before any port is opened. */
  default void onStart(Start start) {}

  /** Called when a run ended, successfully or not, with its result. */
  default void onComplete(Start start, RunResult result) {}
}
