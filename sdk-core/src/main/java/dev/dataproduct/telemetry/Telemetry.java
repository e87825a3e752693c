package dev.dataproduct.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Objects;

/**
 * The OpenTelemetry and Micrometer instances a product reports to. Inject yours with {@link
 * #of}; {@link #global()} falls back to {@code GlobalOpenTelemetry} and {@code
 * Metrics.globalRegistry}, which cost nothing when nothing is configured.
 *
 * <pre>{@code
 * DataProduct.builder("daily-revenue")
 *     .telemetry(Telemetry.of(openTelemetry, meterRegistry))
 *     ...
 * }</pre>
 */
public final class Telemetry {
  private static final Telemetry GLOBAL = new Telemetry(null, null);
  private static final Telemetry NOOP =
      new Telemetry(OpenTelemetry.noop(), new CompositeMeterRegistry());

  private final OpenTelemetry openTelemetry;
  private final MeterRegistry meterRegistry;

  private Telemetry(OpenTelemetry openTelemetry, MeterRegistry meterRegistry) {
    this.openTelemetry = openTelemetry;
    this.meterRegistry = meterRegistry;
  }

  /** Reports to these instances. */
  public static Telemetry of(OpenTelemetry openTelemetry, MeterRegistry meterRegistry) {
    return new Telemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"),
        Objects.requireNonNull(meterRegistry, "meterRegistry"));
  }

  /**
   * Reports to {@code GlobalOpenTelemetry} and {@code Metrics.globalRegistry}, looked up when
   * used (not when this is called), so a global installed later is picked up.
   */
  public static Telemetry global() {
    return GLOBAL;
  }

  /** Reports nowhere. */
  public static Telemetry noop() {
    return NOOP;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get();
  }

  public MeterRegistry meterRegistry() {
    return meterRegistry != null ? meterRegistry : Metrics.globalRegistry;
  }

  /** The SDK's tracer, scope {@value TelemetryNames#INSTRUMENTATION_SCOPE}. */
  public Tracer tracer() {
    return openTelemetry().getTracer(TelemetryNames.INSTRUMENTATION_SCOPE);
  }

  @Override
  public String toString() {
    return this == GLOBAL ? "Telemetry{global}" : this == NOOP ? "Telemetry{noop}" : "Telemetry{"
        + openTelemetry + ", " + meterRegistry.getClass().getSimpleName() + "}";
  }
}
