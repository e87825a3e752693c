package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publishes generated rows far larger than the heap through {@link S3OutputPort}, in its own JVM
 * (started by {@link LargePublicationTest} with a small {@code -Xmx}), and prints what it wrote
 * and the heap it was allowed.
 *
 * <p>Arguments: endpoint, bucket, number of rows.
 */
public final class LargePublication {
  /**
   * No primary key on purpose: the runtime's uniqueness check remembers every key of a
   * publication (8 to 24 bytes per row), which is the runtime's memory, not the port's.
   */
  static final Schema EVENTS = Schema.of(
      Field.required("event_id", FieldType.INTEGER),
      Field.required("account", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.required("at", FieldType.TIMESTAMP),
      Field.optional("payload", FieldType.STRING));

  private LargePublication() {}

  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1];
    long rows = Long.parseLong(args[2]);
    String pad = "p".repeat(400);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    try (S3Client s3 = EmbeddedS3.client(endpoint, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)) {
      OutputPort port = S3OutputPort.builder("events").client(s3).bucket(bucket)
          .prefix("big/events")
          .contract(DataContract.builder("events").version("1.0.0").schema(EVENTS).build())
          .build();
      DataProduct product = DataProduct.builder("large").version("1.0.0").domain("test")
          .owner(Owner.business("a@example.com"), Owner.technical("t"))
          .input(InMemoryInputPort.generated("source", EVENTS, rows, i -> Row.of(EVENTS, i,
              "account-" + (i % 10_000), BigDecimal.valueOf(i % 1_000_000, 2),
              t0.plusMillis(i), pad)))
          .transform(Transforms.identity())
          .output(port)
          .telemetry(Telemetry.noop())
          .build();
      long start = System.nanoTime();
      RunResult run = product.run().orThrow();
      double seconds = (System.nanoTime() - start) / 1e9;
      Publication p = run.publication("events").orElseThrow();
      System.out.printf("RESULT rows=%d bytes=%d maxHeap=%d seconds=%.1f%n", p.rows(),
          p.bytes(), Runtime.getRuntime().maxMemory(), seconds);
    }
  }
}
