package dev.dataproduct.bench.core;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full in-memory run (100,000 rows, ten rules, batches of 1,000) with real telemetry — the
 * OpenTelemetry SDK with a batch span processor and a Micrometer registry — against the same run
 * with telemetry noop. Reports rows per second; the ratio is the telemetry overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TelemetryOverheadBenchmark {
  static final int ROWS = 100_000;

  DataProduct withTelemetry;
  DataProduct withoutTelemetry;
  SdkTracerProvider tracerProvider;

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(7);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    Row[] rows = new Row[ROWS];
    for (int i = 0; i < ROWS; i++) {
      rows[i] = BenchData.row(rnd, i, base);
    }
    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build()).build();
    Telemetry real = Telemetry.of(
        OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build(),
        new SimpleMeterRegistry());
    withTelemetry = product(rows, real);
    withoutTelemetry = product(rows, Telemetry.noop());
  }

  @TearDown
  public void tearDown() {
    tracerProvider.close();
  }

  private static DataProduct product(Row[] rows, Telemetry telemetry) {
    return DataProduct.builder("bench")
        .version("1.0.0").domain("bench")
        .owner(Owner.business("b@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.generated("orders", BenchData.ORDERS, rows.length,
            i -> rows[(int) i]))
        .output(OutputPort.builder("out", new CountingStore()).contract(BenchData.contract())
            .build())
        .telemetry(telemetry)
        .build();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public RunResult telemetryOn() {
    return check(withTelemetry.run());
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public RunResult telemetryNoop() {
    return check(withoutTelemetry.run());
  }

  private static RunResult check(RunResult r) {
    if (!r.succeeded() || r.rowsWritten() != ROWS) {
      throw new IllegalStateException("Benchmark run did not publish every row: " + r);
    }
    return r;
  }

  /** A store that counts rows and keeps none, so memory stays flat across iterations. */
  static final class CountingStore implements PublicationStore {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String type() {
      return "counting";
    }

    @Override
    public PublicationWriter open(WriteContext context) {
      return new PublicationWriter() {
        long rows;

        @Override
        public void write(List<Row> batch) {
          rows += batch.size();
        }

        @Override
        public Publication commit() {
          return new Publication(context.portName(), ids.incrementAndGet(), context.runId(),
              rows, -1, context.contract().version().toString(), Instant.now(), "nowhere");
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public List<Publication> publications() {
      return List.of();
    }

    @Override
    public BatchReader read(Publication publication, Schema schema, int batchSize) {
      return BatchReader.of(schema, List.of());
    }

    @Override
    public java.util.Optional<dev.dataproduct.contract.DataContract> contractOf(
        Publication publication) {
      return java.util.Optional.empty(); // keeps no publication
    }

    @Override
    public PublicationStore quarantine() {
      return this;
    }
  }

  static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

}
