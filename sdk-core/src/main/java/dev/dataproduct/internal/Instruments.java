package dev.dataproduct.internal;

import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.telemetry.TelemetryNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every telemetry call the runtime makes, each guarded: a failure inside OpenTelemetry or
 * Micrometer is logged at DEBUG and never reaches the data path. Meter names and descriptions
 * are defined here once.
 */
public final class Instruments {
  private static final Logger LOG = LoggerFactory.getLogger(Instruments.class);

  private final Tracer tracer;
  private final MeterRegistry registry;

  public Instruments(Telemetry telemetry) {
    Tracer t;
    MeterRegistry r;
    try {
      t = telemetry.tracer();
    } catch (RuntimeException e) {
      LOG.debug("Tracer unavailable, tracing disabled", e);
      t = io.opentelemetry.api.OpenTelemetry.noop().getTracer(TelemetryNames.INSTRUMENTATION_SCOPE);
    }
    try {
      r = telemetry.meterRegistry();
    } catch (RuntimeException e) {
      LOG.debug("Meter registry unavailable, metrics disabled", e);
      r = null;
    }
    this.tracer = t;
    this.registry = r;
  }

  /** Starts a span, child of {@code parent}; an invalid span if tracing fails. */
  public Span startSpan(String name, Context parent, SpanKind kind, Attributes attributes) {
    try {
      SpanBuilder b = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind);
      b.setAllAttributes(attributes);
      return b.startSpan();
    } catch (RuntimeException e) {
      LOG.debug("Could not start span {}", name, e);
      return Span.getInvalid();
    }
  }

  /** Runs a span operation, swallowing telemetry failures. */
  public static void safely(Span span, java.util.function.Consumer<Span> op) {
    try {
      op.accept(span);
    } catch (RuntimeException e) {
      LOG.debug("Span operation failed", e);
    }
  }

  /** The attribute namespace of the SDK; only the core sets keys in it. */
  private static final String OWN_NAMESPACE = "dataproduct.";

  /**
   * Sets a span attribute an adapter asked for, unless its key is blank or in the SDK's own
   * {@code dataproduct.} namespace (an adapter never overwrites what the core records), or its
   * value is null. Dropped attributes are logged at DEBUG.
   */
  public static void adapterAttribute(Span span, String key, String value) {
    if (key == null || key.isBlank() || value == null
        || key.regionMatches(true, 0, OWN_NAMESPACE, 0, OWN_NAMESPACE.length())) {
      LOG.debug("Adapter span attribute '{}' dropped: blank, null or in the SDK's own namespace"
          + " '{}'", key, OWN_NAMESPACE);
      return;
    }
    safely(span, s -> s.setAttribute(key, value));
  }

  /**
   * Sets the attributes an adapter describes, by {@link #adapterAttribute}. {@code attributes}
   * is asked only when the span records; when it throws, the span gets none and the failure is
   * logged at DEBUG.
   */
  public static void adapterAttributes(Span span,
      java.util.function.Supplier<Map<String, String>> attributes) {
    try {
      if (!span.isRecording()) {
        return;
      }
      Map<String, String> all = attributes.get();
      if (all != null) {
        all.forEach((k, v) -> adapterAttribute(span, k, v));
      }
    } catch (RuntimeException e) {
      LOG.debug("Adapter span attributes unavailable", e);
    }
  }

  /**
   * Marks a span failed. The description and exception event carry the message only of the
   * SDK's own exceptions (which never contain classified values); for others only the type
   * ({@link dev.dataproduct.DataProductException#describe}).
   */
  public static void fail(Span span, Throwable error) {
    safely(span, s -> {
      String description = dev.dataproduct.DataProductException.describe(error);
      s.setStatus(StatusCode.ERROR, description);
      s.addEvent("exception", Attributes.of(
          io.opentelemetry.api.common.AttributeKey.stringKey("exception.type"),
          error.getClass().getName(),
          io.opentelemetry.api.common.AttributeKey.stringKey("exception.message"),
          description));
    });
  }

  public static void end(Span span) {
    safely(span, Span::end);
  }

  /**
   * A counter; null when the registry fails. {@code unit} is Micrometer's base unit, or null when
   * the name already says it in a word before the last ({@code dataproduct.rows.read}):
   * micrometer-registry-prometheus appends the base unit to a name that does not end with it, so
   * a base unit {@code rows} would scrape as {@code dataproduct_rows_read_rows_total}.
   */
  public Counter counter(String name, String description, String unit, Tags tags) {
    try {
      if (registry != null) {
        return Counter.builder(name).description(description).baseUnit(unit).tags(tags)
            .register(registry);
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not register counter {}", name, e);
    }
    return null;
  }

  /** Increments {@code counter} (may be null) by {@code amount}, guarded. */
  public static void increment(Counter counter, double amount) {
    if (counter == null || amount == 0) {
      return;
    }
    try {
      counter.increment(amount);
    } catch (RuntimeException e) {
      LOG.debug("Counter increment failed", e);
    }
  }

  // The unit of the row and byte counters is the word in their name: no base unit (see counter)

  public Counter rowsRead(String product, String port) {
    return counter(TelemetryNames.METER_ROWS_READ, "Rows read from an input port", null,
        Tags.of(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port));
  }

  public Counter rowsWritten(String product, String port) {
    return counter(TelemetryNames.METER_ROWS_WRITTEN, "Rows published to an output port", null,
        Tags.of(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port));
  }

  public Counter rowsQuarantined(String product, String port) {
    return counter(TelemetryNames.METER_ROWS_QUARANTINED,
        "Rows sent to quarantine instead of being published", null,
        Tags.of(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port));
  }

  /**
   * Bytes an output port's store sent to storage. Registered only for a store that counts them
   * ({@link dev.dataproduct.spi.PublicationWriter#bytesWritten()} not -1), so that a store that
   * cannot tell never reports a false 0.
   */
  public Counter bytesWritten(String product, String port) {
    return counter(TelemetryNames.METER_BYTES_WRITTEN,
        "Bytes written to storage by an output port", null, Tags.of(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port));
  }

  public Counter violations(String product, String port, String rule) {
    return counter(TelemetryNames.METER_POLICY_VIOLATIONS, "Rows or publications violating a rule",
        "violations", Tags.of(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port,
            TelemetryNames.TAG_RULE, rule));
  }

  /**
   * Consumer reads by access outcome; {@code role} is the policy role that decided (bounded by
   * the owner's policies), never the principal's id.
   */
  public Counter consumerReads(String product, String port, String role, String outcome) {
    return counter(TelemetryNames.METER_CONSUMER_READS,
        "Consumer reads through an output port, by deciding policy role and access outcome",
        "reads", Tags.of(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port,
            TelemetryNames.TAG_ROLE, role, TelemetryNames.TAG_OUTCOME, outcome));
  }

  /** Records a run's duration under its outcome. */
  public void runDuration(String product, String outcome, Duration duration) {
    try {
      if (registry != null) {
        Timer.builder(TelemetryNames.METER_RUN_DURATION).description("Duration of a product run")
            .tags(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_OUTCOME, outcome)
            .register(registry).record(duration);
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not record run duration", e);
    }
  }

  /** Per registry, the last-commit holder of each (product, port) its freshness gauge reads. */
  private static final Map<MeterRegistry, ConcurrentMap<String, AtomicLong>> FRESHNESS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The epoch-millis holder of the last publication of a port, which the {@code
   * dataproduct.freshness} gauge of this registry reads (registered with the holder, once). Every
   * product instance of the same name shares it: freshness belongs to the port, not to an object.
   * {@link Long#MIN_VALUE} means unknown (the gauge reads NaN).
   */
  public AtomicLong freshness(String product, String port, Clock clock) {
    if (registry == null) {
      return new AtomicLong(Long.MIN_VALUE);
    }
    ConcurrentMap<String, AtomicLong> holders =
        FRESHNESS.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
    AtomicLong holder = holders.computeIfAbsent(product + '\u0000' + port, k -> {
      AtomicLong h = new AtomicLong(Long.MIN_VALUE);
      registerFreshness(product, port, clock, h);
      return h;
    });
    // a registry cleared since (a test extension resetting the global one) lost the gauge
    try {
      if (registry.find(TelemetryNames.METER_FRESHNESS).tags(TelemetryNames.TAG_PRODUCT, product,
          TelemetryNames.TAG_PORT, port).gauge() == null) {
        registerFreshness(product, port, clock, holder);
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not look up the freshness gauge", e);
    }
    return holder;
  }

  /** Per registry, the objective (millis) of each (product, port) its objective gauge reads. */
  private static final Map<MeterRegistry, ConcurrentMap<String, AtomicLong>> OBJECTIVES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Sets the {@code dataproduct.freshness.objective} gauge of a port to {@code objective}
   * (registered on first use, like the freshness gauge), or to NaN when {@code objective} is null
   * and the gauge exists (the contract dropped its objective). A port that never declared one
   * has no gauge.
   */
  public void freshnessObjective(String product, String port, Duration objective) {
    if (registry == null) {
      return;
    }
    try {
      ConcurrentMap<String, AtomicLong> holders =
          OBJECTIVES.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
      String key = product + '\u0000' + port;
      AtomicLong holder = objective == null ? holders.get(key)
          : holders.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE));
      if (holder == null) {
        return;
      }
      holder.set(objective == null ? Long.MIN_VALUE : objective.toMillis());
      if (objective != null && registry.find(TelemetryNames.METER_FRESHNESS_OBJECTIVE)
          .tags(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port)
          .gauge() == null) {
        Gauge.builder(TelemetryNames.METER_FRESHNESS_OBJECTIVE, holder,
                h -> h.get() == Long.MIN_VALUE ? Double.NaN : h.get() / 1000.0)
            .description("Seconds the latest publication of an output port may age: its"
                + " contract's freshness objective")
            .baseUnit("seconds")
            .tags(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port)
            .strongReference(true)
            .register(registry);
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not report the freshness objective", e);
    }
  }

  /** Runs that found a port's latest publication older than its freshness objective. */
  public Counter freshnessBreaches(String product, String port) {
    return counter(TelemetryNames.METER_FRESHNESS_BREACHES,
        "Runs that found the latest publication of an output port older than its freshness"
            + " objective", "breaches",
        Tags.of(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port));
  }

  private void registerFreshness(String product, String port, Clock clock, AtomicLong holder) {
    try {
      Gauge.builder(TelemetryNames.METER_FRESHNESS, holder, h -> {
            long last = h.get();
            return last == Long.MIN_VALUE ? Double.NaN
                : Math.max(0, clock.millis() - last) / 1000.0;
          })
          .description("Seconds since the last successful publication of an output port")
          .baseUnit("seconds")
          .tags(TelemetryNames.TAG_PRODUCT, product, TelemetryNames.TAG_PORT, port)
          .strongReference(true)
          .register(registry);
    } catch (RuntimeException e) {
      LOG.debug("Could not register freshness gauge", e);
    }
  }

}
