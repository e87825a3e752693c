package dev.dataproduct.internal;

import dev.dataproduct.DataProduct;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.telemetry.TelemetryNames;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spans and meters of one run, made from the events its stages report ({@link RunObserver}):
 * the run span, a span per input read, the transform, and a span per output write; row, byte and
 * violation counters; the run timer, the freshness gauge, the freshness objective and its
 * breaches. Violations are read from the run's
 * {@link ViolationLedger} when a port's span ends, so the data path never counts twice. Every
 * call is guarded ({@link Instruments}).
 */
final class RunTelemetry implements RunObserver {
  private static final Logger LOG = LoggerFactory.getLogger(RunTelemetry.class);

  private final Instruments tel;
  private final DataProduct product;
  private final String runId;
  private final ViolationLedger ledger;
  /** Per ledger entry, the count already reported to meters and span events. */
  private final Map<ViolationLedger.Entry, Long> reported = new IdentityHashMap<>();
  private final Span runSpan;
  private final Context runContext;
  private Span transformSpan;

  /** Starts the run span, child of the caller's current span. */
  RunTelemetry(DataProduct product, String runId, ViolationLedger ledger) {
    this.tel = new Instruments(product.telemetry());
    this.product = product;
    this.runId = runId;
    this.ledger = ledger;
    this.runSpan = tel.startSpan(TelemetryNames.SPAN_RUN + " " + product.name(),
        Context.current(), SpanKind.INTERNAL, Attributes.builder()
            .put(TelemetryNames.PRODUCT_NAME, product.name())
            .put(TelemetryNames.PRODUCT_VERSION, product.version().toString())
            .put(TelemetryNames.PRODUCT_DOMAIN, product.domain())
            .put(TelemetryNames.RUN_ID, runId)
            .build());
    this.runContext = Context.current().with(runSpan);
  }

  @Override
  public Scope enterRun() {
    return runContext.makeCurrent();
  }

  @Override
  public String traceId() {
    return runSpan.getSpanContext().getTraceId();
  }

  @Override
  public String spanId() {
    return runSpan.getSpanContext().getSpanId();
  }

  @Override
  public boolean sampled() {
    return runSpan.getSpanContext().isSampled();
  }

  @Override
  public Scope transformStarted() {
    transformSpan = tel.startSpan(TelemetryNames.SPAN_TRANSFORM, runContext, SpanKind.INTERNAL,
        Attributes.of(TelemetryNames.PRODUCT_NAME, product.name(), TelemetryNames.RUN_ID, runId));
    return runContext.with(transformSpan).makeCurrent();
  }

  @Override
  public void transformFailed(Throwable error) {
    Instruments.fail(transformSpan, error);
  }

  @Override
  public void transformEnded() {
    Instruments.end(transformSpan);
  }

  @Override
  public void runFailed(Throwable error) {
    Instruments.fail(runSpan, error);
  }

  @Override
  public void runEnded(RunResult result) {
    if (result.outcome() == RunOutcome.PARTIALLY_PUBLISHED) {
      List<String> published = new ArrayList<>();
      List<String> notPublished = new ArrayList<>();
      result.portStates().forEach((port, state) ->
          (state == RunResult.PortState.PUBLISHED ? published : notPublished).add(port));
      Instruments.safely(runSpan, s -> s.addEvent(TelemetryNames.EVENT_PARTIALLY_PUBLISHED,
          Attributes.of(TelemetryNames.PORTS_PUBLISHED, published,
              TelemetryNames.PORTS_NOT_PUBLISHED, notPublished)));
    }
    if (result.outcome() == RunOutcome.COMMIT_UNKNOWN) {
      List<String> published = new ArrayList<>();
      String unknown = "";
      for (var e : result.portStates().entrySet()) {
        if (e.getValue() == RunResult.PortState.PUBLISHED) {
          published.add(e.getKey());
        } else if (e.getValue() == RunResult.PortState.COMMIT_UNKNOWN) {
          unknown = e.getKey();
        }
      }
      String port = unknown;
      Instruments.safely(runSpan, s -> s.addEvent(TelemetryNames.EVENT_COMMIT_UNKNOWN,
          Attributes.of(TelemetryNames.PORT, port, TelemetryNames.PORTS_PUBLISHED, published)));
    }
    Instruments.safely(runSpan, s -> {
      s.setAttribute(TelemetryNames.ROWS, result.rowsWritten());
      s.setAttribute(TelemetryNames.ROWS_QUARANTINED, result.rowsQuarantined());
    });
    Instruments.end(runSpan);
    tel.runDuration(product.name(), result.outcome().name().toLowerCase(Locale.ROOT),
        result.duration());
  }

  @Override
  public InputObserver input(InputPort port) {
    return new InputTelemetry(port);
  }

  @Override
  public OutputObserver output(OutputPort port) {
    return new OutputTelemetry(port);
  }

  private Span startPortSpan(String kind, String port, String type) {
    return tel.startSpan(kind + " " + port, runContext, SpanKind.INTERNAL, Attributes.builder()
        .put(TelemetryNames.PRODUCT_NAME, product.name())
        .put(TelemetryNames.RUN_ID, runId)
        .put(TelemetryNames.PORT, port)
        .put(TelemetryNames.PORT_TYPE, type)
        .build());
  }

  /** Reports the violations of {@code port} not reported yet: a meter increment, a span event. */
  private void reportViolations(String port, Span span) {
    for (ViolationLedger.Entry e : ledger.entries()) {
      long before = reported.getOrDefault(e, 0L);
      if (!e.port.equals(port) || e.count == before) {
        continue;
      }
      long count = e.count;
      reported.put(e, count);
      Instruments.increment(tel.violations(product.name(), port, e.ruleId), count - before);
      Instruments.safely(span, s -> s.addEvent(TelemetryNames.EVENT_POLICY_VIOLATION,
          Attributes.of(TelemetryNames.RULE_ID, e.ruleId, TelemetryNames.VIOLATION_COUNT,
              count, TelemetryNames.RULE_ACTION, e.action.name())));
    }
  }

  private final class InputTelemetry implements InputObserver {
    private final InputPort port;
    private final Counter readCounter;
    private final Counter quarantinedCounter;
    private Span span;

    InputTelemetry(InputPort port) {
      this.port = port;
      this.readCounter = tel.rowsRead(product.name(), port.name());
      this.quarantinedCounter = tel.rowsQuarantined(product.name(), port.name());
    }

    @Override
    public Scope opened() {
      span = startPortSpan(TelemetryNames.SPAN_READ, port.name(), port.type());
      return runContext.with(span).makeCurrent();
    }

    @Override
    public void openFailed(RuntimeException error) {
      Instruments.fail(span, error);
      Instruments.end(span);
      span = null;
    }

    @Override
    public void batchRead(long read, long quarantined) {
      Instruments.increment(readCounter, read);
      Instruments.increment(quarantinedCounter, quarantined);
    }

    @Override
    public void attribute(String key, String value) {
      Span s = span;
      if (s != null) {
        Instruments.adapterAttribute(s, key, value);
      }
    }

    @Override
    public void closed(long read, long quarantined) {
      if (span == null) {
        return;
      }
      Span s = span;
      span = null;
      reportViolations(port.name(), s);
      Instruments.safely(s, x -> {
        x.setAttribute(TelemetryNames.ROWS, read);
        x.setAttribute(TelemetryNames.ROWS_QUARANTINED, quarantined);
      });
      Instruments.end(s);
    }
  }

  private final class OutputTelemetry implements OutputObserver {
    private final OutputPort port;
    private final Counter quarantinedCounter;
    /** Registered once the writer counts bytes: a store that cannot tell reports none. */
    private Counter bytesCounter;
    private final AtomicLong freshness;
    private Span span;
    private boolean committed;
    private long bytesReported;

    OutputTelemetry(OutputPort port) {
      this.port = port;
      this.quarantinedCounter = tel.rowsQuarantined(product.name(), port.name());
      this.freshness = seededFreshness();
      checkFreshnessObjective();
    }

    /**
     * Reports the port's freshness objective, and a breach (counter and run span event) when the
     * latest publication is older than it as the run starts. Nothing when the port never
     * published: its age is unknown.
     */
    private void checkFreshnessObjective() {
      Duration objective;
      try {
        objective = port.contract().freshnessObjective().orElse(null);
      } catch (RuntimeException e) {
        LOG.debug("Could not read the freshness objective of {}", port.name(), e);
        return;
      }
      tel.freshnessObjective(product.name(), port.name(), objective);
      long last = freshness.get();
      if (objective == null || last == Long.MIN_VALUE) {
        return;
      }
      long age = product.clock().millis() - last;
      if (age <= objective.toMillis()) {
        return;
      }
      Instruments.increment(tel.freshnessBreaches(product.name(), port.name()), 1);
      Instruments.safely(runSpan, s -> s.addEvent(TelemetryNames.EVENT_FRESHNESS_BREACH,
          Attributes.of(TelemetryNames.PORT, port.name(), TelemetryNames.FRESHNESS_AGE,
              age / 1000.0, TelemetryNames.FRESHNESS_OBJECTIVE, objective.toMillis() / 1000.0)));
    }

    /** Freshness counts from the port's last publication, even one of an earlier process. */
    private AtomicLong seededFreshness() {
      AtomicLong last = tel.freshness(product.name(), port.name(), product.clock());
      if (last.get() == Long.MIN_VALUE) {
        try {
          port.latest().ifPresent(p -> last.compareAndSet(Long.MIN_VALUE,
              p.committedAt().toEpochMilli()));
        } catch (RuntimeException e) {
          LOG.debug("Could not read the latest publication of {}", port.name(), e);
        }
      }
      return last;
    }

    @Override
    public void opened() {
      span = startPortSpan(TelemetryNames.SPAN_WRITE, port.name(), port.type());
    }

    @Override
    public void batchChecked(long quarantined) {
      Instruments.increment(quarantinedCounter, quarantined);
    }

    @Override
    public void bytesWritten(long total) {
      if (total < 0) {
        return; // the store cannot tell: no meter rather than a false 0
      }
      if (bytesCounter == null) {
        bytesCounter = tel.bytesWritten(product.name(), port.name());
      }
      if (total > bytesReported) {
        Instruments.increment(bytesCounter, total - bytesReported);
        bytesReported = total;
      }
    }

    @Override
    public void attribute(String key, String value) {
      Instruments.adapterAttribute(span, key, value);
    }

    @Override
    public void committed(Publication p, long quarantined) {
      committed = true;
      reportViolations(port.name(), span);
      Instruments.increment(tel.rowsWritten(product.name(), port.name()), p.rows());
      freshness.accumulateAndGet(p.committedAt().toEpochMilli(), Math::max);
      Instruments.safely(span, s -> {
        s.setAttribute(TelemetryNames.PUBLICATION_ID, p.id());
        s.setAttribute(TelemetryNames.ROWS, p.rows());
        s.setAttribute(TelemetryNames.ROWS_QUARANTINED, quarantined);
      });
      Instruments.end(span);
    }

    @Override
    public void aborted(Throwable cause) {
      if (span != null && !committed) {
        reportViolations(port.name(), span);
        Instruments.fail(span, cause);
        Instruments.end(span);
      }
    }
  }
}
