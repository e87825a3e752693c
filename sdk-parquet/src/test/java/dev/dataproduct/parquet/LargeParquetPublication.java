package dev.dataproduct.parquet;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publishes generated rows far larger than the heap as Parquet through {@link S3OutputPort}, in
 * its own JVM (started by {@link LargeParquetPublicationTest} with a small {@code -Xmx}), reads
 * the publication back through the same port, and prints what it wrote, read and the heap it was
 * allowed.
 *
 * <p>Arguments: endpoint, bucket, number of rows, row group bytes.
 */
public final class LargeParquetPublication {
  static final Schema EVENTS = Schema.of(
      Field.required("event_id", FieldType.INTEGER),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.required("at", FieldType.TIMESTAMP),
      Field.required("payload", FieldType.STRING));

  private LargeParquetPublication() {}

  /** 160 characters that neither dictionary encoding nor zstd can shrink much. */
  static String payload(long i) {
    StringBuilder b = new StringBuilder(160);
    long x = i * 0x9E3779B97F4A7C15L + 1;
    while (b.length() < 160) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b.append(Long.toString(x & Long.MAX_VALUE, 36));
    }
    b.setLength(160);
    return b.toString();
  }

  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1];
    long rows = Long.parseLong(args[2]);
    FileFormat format = ParquetFormats.builder().rowGroupBytes(Long.parseLong(args[3])).build();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    DataContract contract = DataContract.builder("events").version("1.0.0").schema(EVENTS).build();
    try (S3Client s3 = ParquetTesting.s3Client(endpoint)) {
      OutputPort port = S3OutputPort.builder("events").client(s3).bucket(bucket)
          .prefix("big/events").format(format).contract(contract).build();
      DataProduct product = DataProduct.builder("large").version("1.0.0").domain("test")
          .owner(Owner.business("a@example.com"), Owner.technical("t"))
          .input(InMemoryInputPort.generated("source", EVENTS, rows, i -> Row.of(EVENTS, i,
              BigDecimal.valueOf(i % 1_000_000, 2), t0.plusMillis(i), payload(i))))
          .transform(Transforms.identity())
          .output(port)
          .policy(dev.dataproduct.policy.AccessPolicy.allowAll())
          .telemetry(Telemetry.noop())
          .build();
      long start = System.nanoTime();
      RunResult run = product.run().orThrow();
      double seconds = (System.nanoTime() - start) / 1e9;
      Publication p = run.publication("events").orElseThrow();
      System.out.printf("WROTE rows=%d bytes=%d seconds=%.1f%n", p.rows(), p.bytes(), seconds);

      long read = 0;
      long idSum = 0;
      try (BatchReader r = product.output("events").read(Principal.of("tester").withRoles("owner"),
          ReadOptions.latest())) {
        for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
          for (Row row : b) {
            read++;
            idSum += row.getLong(0);
          }
        }
      }
      System.out.printf("RESULT rows=%d bytes=%d read=%d idSum=%d maxHeap=%d seconds=%.1f%n",
          p.rows(), p.bytes(), read, idSum, Runtime.getRuntime().maxMemory(), seconds);
    }
  }
}
