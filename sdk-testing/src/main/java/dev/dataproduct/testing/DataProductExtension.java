package dev.dataproduct.testing;

import dev.dataproduct.DataProduct;
import dev.dataproduct.RunResult;
import dev.dataproduct.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving each test fresh in-memory telemetry: an OpenTelemetry SDK exporting
 * to an {@link InMemorySpanExporter} and a {@link SimpleMeterRegistry}, both reset before each
 * test.
 *
 * <p>What reports here: every run through {@link #run}, whatever telemetry its product was built
 * with; and, during each test, everything a product built <em>without</em> {@code
 * .telemetry(...)} does — its runs, {@code product.read(...)}, {@code product.quarantine(...)} —
 * because the extension installs its instances as {@code GlobalOpenTelemetry} and in {@code
 * Metrics.globalRegistry} before each test and removes them after it (as OpenTelemetry's own
 * {@code OpenTelemetryExtension} does; the global registry's meters are cleared before each
 * test, so none carries over from an earlier one). A product built with its own {@code .telemetry(...)}
 * keeps reporting there outside {@link #run}: read it through {@link #instrument}{@code
 * (product)} to see its reads here.
 *
 * <pre>{@code
 * @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
 *
 * @Test void run_withNullCustomer_quarantinesRow() {
 *   RunResult run = dp.run(product.withInput("orders", InMemoryInputPort.of("orders", ORDERS, rows)));
 *   assertThat(run).succeeded().wrote("revenue", 2).quarantined("revenue", 1, "customer-not-null");
 *   assertThat(dp.spans()).anySatisfy(s -> assertThat(s).hasName("dataproduct.run daily-revenue"));
 *   assertThat(dp.meters()).counter("dataproduct.rows.quarantined").hasCount(1);
 * }
 * }</pre>
 */
public final class DataProductExtension
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final OpenTelemetrySdk openTelemetry =
      OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
  private volatile SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private DataProductExtension() {}

  /** A new extension; register it with {@code @RegisterExtension}. */
  public static DataProductExtension create() {
    return new DataProductExtension();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(openTelemetry);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Metrics.globalRegistry.remove(meters);
    GlobalOpenTelemetry.resetForTest();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    tracerProvider.close();
    meters.close();
  }

  /** Clears captured spans and meters (done before each test). */
  public void reset() {
    spans.reset();
    SimpleMeterRegistry old = meters;
    meters = new SimpleMeterRegistry();
    Metrics.globalRegistry.remove(old);
    // meters earlier tests registered globally would otherwise be copied into the new registry
    Metrics.globalRegistry.clear();
    Metrics.globalRegistry.add(meters);
    old.close();
  }

  /** Telemetry reporting to this extension's span exporter and meter registry. */
  public Telemetry telemetry() {
    return Telemetry.of(openTelemetry, meters);
  }

  /** The OpenTelemetry instance spans are captured from (to create your own parent spans). */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * Runs {@code product} with this extension's telemetry. Row accounting is checked on every
   * run: a run whose accounts do not balance fails the test with the identities that do not hold.
   */
  public RunResult run(DataProduct product) {
    RunResult result = product.withTelemetry(telemetry()).run();
    if (!result.accountingBalanced()) {
      throw new AssertionError("Row accounting of run " + result.runId() + " of "
          + result.product() + " does not balance: " + result.accountingProblems());
    }
    return result;
  }

  /**
   * The same product reporting to this extension (to run it yourself, or read its ports); needed
   * only for a product built with its own {@code .telemetry(...)}.
   */
  public DataProduct instrument(DataProduct product) {
    return product.withTelemetry(telemetry());
  }

  /** Every span finished since the test started, in finishing order. */
  public List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  /** The finished spans named {@code name}. */
  public List<SpanData> spans(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  /** The meter registry of the current test. */
  public MeterRegistry meters() {
    return meters;
  }
}
