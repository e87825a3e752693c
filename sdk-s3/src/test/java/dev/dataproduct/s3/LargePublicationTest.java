package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Publication;
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
 * A publication much larger than the heap: a JVM with {@code -Xmx64m} publishes 512 MB of JSON
 * Lines through S3Proxy (on disk, in this JVM) with the default part size and concurrency. The
 * port holds at most three 8 MiB parts at once, so it finishes where a buffering writer would
 * run out of memory.
 */
class LargePublicationTest {
  private static final String HEAP = "64m";
  private static final long ROWS = 1_100_000; // ~ 460 bytes each: ~ 560 MB

  @TempDir Path dir;

  @Test
  void publish_ofEightTimesTheHeap_completesInAJvmWithSmallHeap() throws Exception {
    try (EmbeddedS3 server = EmbeddedS3.startOnDisk(dir)) {
      URI endpoint = server.endpoint();
      S3Client s3 = server.client();
      s3.createBucket(b -> b.bucket("large"));
      Path log = dir.resolve("child.log");
      Process child = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError",
          "-cp", S3Fixtures.childClasspath(), LargePublication.class.getName(),
          endpoint.toString(), "large", Long.toString(ROWS)))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean done = child.waitFor(120, TimeUnit.SECONDS);
      if (!done) {
        child.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as("child finished in time; output:%n%s", output).isTrue();
      assertThat(child.exitValue()).as("child exit code; output:%n%s", output).isZero();

      Matcher m = Pattern.compile("RESULT rows=(\\d+) bytes=(\\d+) maxHeap=(\\d+)")
          .matcher(output);
      assertThat(m.find()).as(output).isTrue();
      long bytes = Long.parseLong(m.group(2));
      long maxHeap = Long.parseLong(m.group(3));
      assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
      assertThat(bytes).isGreaterThan(8 * maxHeap);
      System.out.println(output.lines().filter(l -> l.startsWith("RESULT")).findFirst()
          .orElseThrow());

      OutputPortView view = new OutputPortView(s3);
      Publication p = view.latest();
      assertThat(p.rows()).isEqualTo(ROWS);
      assertThat(p.bytes()).isEqualTo(bytes);
    }
  }

  /** Reads the publication back as a consumer in this JVM would see it. */
  private static final class OutputPortView {
    private final S3Client s3;

    OutputPortView(S3Client s3) {
      this.s3 = s3;
    }

    Publication latest() {
      return S3OutputPort.builder("events").client(s3).bucket("large").prefix("big/events")
          .contract(dev.dataproduct.contract.DataContract.builder("events").version("1.0.0")
              .schema(LargePublication.EVENTS).build())
          .build().latest().orElseThrow();
    }
  }
}
