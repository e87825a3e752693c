package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.TestReadContext;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads every row of the gzip files under a prefix through {@link S3InputPort#files}, in its own
 * JVM (started by {@link S3InputPortGzipTest} with a small {@code -Xmx}), and prints the rows,
 * the characters of their payloads and the heap it was allowed.
 *
 * <p>Arguments: endpoint, bucket, prefix.
 */
public final class LargeGzipRead {
  static final Schema EVENTS = Schema.of(
      Field.required("event_id", FieldType.INTEGER),
      Field.optional("payload", FieldType.STRING));

  private LargeGzipRead() {}

  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    try (S3Client s3 = EmbeddedS3.client(endpoint, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)) {
      InputPort port = S3InputPort.files("events").client(s3).bucket(args[1]).prefix(args[2])
          .schema(EVENTS).build();
      long rows = 0;
      long chars = 0;
      try (BatchReader r = port.read(TestReadContext.of("events").batchSize(1_000))) {
        for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
          rows += b.size();
          for (Row row : b) {
            chars += row.getString("payload").length();
          }
        }
      }
      System.out.printf("RESULT rows=%d chars=%d maxHeap=%d%n", rows, chars,
          Runtime.getRuntime().maxMemory());
    }
  }
}
