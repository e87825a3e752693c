package dev.dataproduct.parquet;

import dev.dataproduct.testing.s3.EmbeddedS3;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Parquet publication larger than the heap: a JVM with {@code -Xmx96m} writes more Parquet
 * than its heap through the S3 port (S3Proxy on disk, in this JVM; about 3.5 times the heap as
 * rows in memory) and reads it all back. The writer holds about one row group (8 MiB here), the
 * pages being filled and the port's upload parts (3 x 8 MiB); the reader one row group of a
 * temporary copy of the file. (The JSON Lines test of sdk-s3 fits in 64 MiB: Parquet's row
 * group and page buffers are the difference.)
 */
class LargeParquetPublicationTest {
  private static final String HEAP = "96m";
  private static final long ROWS = 1_000_000; // ~ 110 bytes of Parquet each
  private static final long ROW_GROUP = 8L << 20;

  @TempDir Path dir;

  @Test
  void publishAndRead_ofMoreParquetThanTheHeap_completeInAJvmWithSmallHeap() throws Exception {
    try (EmbeddedS3 server = EmbeddedS3.startOnDisk(dir)) {
      URI endpoint = server.endpoint();
      S3Client s3 = server.client();
      s3.createBucket(b -> b.bucket("large"));
      Path log = Files.createTempFile("large-parquet", ".log");
      Process child = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError",
          "-cp", ParquetTesting.childClasspath(), LargeParquetPublication.class.getName(),
          endpoint.toString(), "large", Long.toString(ROWS), Long.toString(ROW_GROUP)))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean done = child.waitFor(600, TimeUnit.SECONDS);
      if (!done) {
        child.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      assertThat(done).as("child finished in time; output:%n%s", output).isTrue();
      assertThat(child.exitValue()).as("child exit code; output:%n%s", output).isZero();

      Matcher m = Pattern.compile(
          "RESULT rows=(\\d+) bytes=(\\d+) read=(\\d+) idSum=(\\d+) maxHeap=(\\d+)").matcher(output);
      assertThat(m.find()).as(output).isTrue();
      assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
      assertThat(Long.parseLong(m.group(3))).isEqualTo(ROWS);
      assertThat(Long.parseLong(m.group(4))).isEqualTo(ROWS * (ROWS - 1) / 2);
      assertThat(Long.parseLong(m.group(2))).isGreaterThan(Long.parseLong(m.group(5)));
      System.out.println(output.lines().filter(l -> l.startsWith("RESULT")).findFirst()
          .orElseThrow());
    }
  }
}
