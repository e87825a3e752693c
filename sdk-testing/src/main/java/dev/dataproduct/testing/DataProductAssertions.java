package dev.dataproduct.testing;

import dev.dataproduct.RunResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.Assertions;

/**
 * One static import for testing data products: AssertJ's assertions plus {@link RunResult},
 * {@link MeterRegistry} and OpenTelemetry {@link SpanData} assertions.
 *
 * <pre>{@code
 * import static dev.dataproduct.testing.DataProductAssertions.assertThat;
 *
 * assertThat(run).succeeded().wrote("revenue", 2).quarantined("revenue", 1, "amount-range")
 *     .accountingBalanced();
 * assertThat(dp.meters()).counter("dataproduct.rows.written", "port", "revenue").hasCount(2);
 * assertThat(dp.spans("dataproduct.run daily-revenue").get(0)).hasAttribute(...);
 * }</pre>
 */
public class DataProductAssertions extends Assertions {

  protected DataProductAssertions() {}

  /** Assertions on a run. */
  public static RunResultAssert assertThat(RunResult actual) {
    return new RunResultAssert(actual);
  }

  /** Assertions on the meters of a registry, by the names of {@code TelemetryNames}. */
  public static MeterRegistryAssert assertThat(MeterRegistry actual) {
    return new MeterRegistryAssert(actual);
  }

  /** OpenTelemetry's assertions on a span. */
  public static SpanDataAssert assertThat(SpanData actual) {
    return OpenTelemetryAssertions.assertThat(actual);
  }
}
