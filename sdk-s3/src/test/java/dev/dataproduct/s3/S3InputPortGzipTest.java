package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.format.Formats;
import dev.dataproduct.spi.BatchReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@link S3InputPort#files} over gzip-compressed objects, through S3Proxy and the AWS SDK. */
class S3InputPortGzipTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();

  private static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER),
      Field.required("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  private final String bucket = S3.newBucket();

  @TempDir Path dir;

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String jsonl(long from, int count) {
    StringBuilder b = new StringBuilder();
    for (long i = from; i < from + count; i++) {
      b.append("{\"order_id\":").append(i).append(",\"country\":\"DE\",\"amount\":").append(i)
          .append(".50}\n");
    }
    return b.toString();
  }

  private void put(String key, byte[] bytes) {
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  private void put(String key, String text) {
    put(key, text.getBytes(StandardCharsets.UTF_8));
  }

  private S3InputPort.FilesBuilder files(String prefix) {
    return S3InputPort.files("orders").client(S3.client()).bucket(bucket).prefix(prefix)
        .schema(ORDERS);
  }

  private static List<Long> ids(InputPort port) {
    return S3Fixtures.drain(port.read(S3Fixtures.readContext(100))).stream()
        .map(r -> r.getLong("order_id"))
        .collect(java.util.stream.Collectors.toList());
  }

  private static List<Long> range(long from, int count) {
    return java.util.stream.LongStream.range(from, from + count).boxed()
        .collect(java.util.stream.Collectors.toList());
  }

  @Test
  void files_jsonLinesGz_isDecompressedWhileStreaming() {
    put("raw/2026-11-21/events.jsonl.gz", gzip(jsonl(1, 300)));
    put("raw/2026-11-21/notes.txt.gz", gzip("not selected"));

    List<Row> rows = S3Fixtures.drain(files("raw/").build().read(S3Fixtures.readContext(100)));

    assertThat(rows).hasSize(300);
    assertThat(rows.get(0)).isEqualTo(Row.of(ORDERS, 1L, "DE", new BigDecimal("1.50")));
    assertThat(rows).extracting(r -> r.getLong("order_id")).isEqualTo(range(1, 300));
  }

  @Test
  void files_csvGz_isDecompressed() {
    put("drop/a.csv.gz", gzip("country,order_id,amount\r\nDE,1,1.50\r\nFR,2,\"2.50\"\r\n"));
    put("drop/b.csv", "order_id,country,amount\n3,IT,3.00\n");

    List<Row> rows = S3Fixtures.drain(files("drop/").format(Formats.csv()).build()
        .read(S3Fixtures.readContext(100)));

    assertThat(rows).containsExactly(Row.of(ORDERS, 1L, "DE", new BigDecimal("1.50")),
        Row.of(ORDERS, 2L, "FR", new BigDecimal("2.50")),
        Row.of(ORDERS, 3L, "IT", new BigDecimal("3.00")));
  }

  @Test
  void files_contentEncodingGzipWithoutGzSuffix_isDecompressed() {
    S3.client().putObject(b -> b.bucket(bucket).key("web/orders.jsonl").contentEncoding("gzip"),
        RequestBody.fromBytes(gzip(jsonl(10, 5))));
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("web/orders.jsonl"))
        .contentEncoding()).contains("gzip");

    assertThat(ids(files("web/").build())).isEqualTo(range(10, 5));
  }

  @Test
  void files_gzSuffixAndContentEncodingGzip_isDecompressedOnce() {
    S3.client().putObject(b -> b.bucket(bucket).key("web/orders.jsonl.gz")
        .contentEncoding("gzip"), RequestBody.fromBytes(gzip(jsonl(1, 3))));

    assertThat(ids(files("web/").build())).isEqualTo(range(1, 3));
  }

  @Test
  void files_multiMemberGzip_readsEveryMember() {
    put("multi/events.jsonl.gz", concat(gzip(jsonl(1, 1000)), gzip(jsonl(1001, 1)), gzip(""),
        gzip(jsonl(1002, 2000))));

    assertThat(ids(files("multi/").build())).isEqualTo(range(1, 3001));
  }

  @Test
  void files_mixOfPlainAndGzip_readsEveryFileInKeyOrder() {
    put("mix/1.jsonl", jsonl(1, 2));
    put("mix/2.jsonl.gz", gzip(jsonl(3, 2)));
    put("mix/3.jsonl", jsonl(5, 2));
    put("mix/4.JSONL.GZ", gzip(jsonl(99, 1))); // the suffix is case-sensitive, .gz is not
    put("mix/4.jsonl.GZ", gzip(jsonl(7, 2)));

    assertThat(ids(files("mix/").build())).isEqualTo(range(1, 8));
    assertThat(ids(files("mix/").suffix(".jsonl.gz").build())).containsExactly(3L, 4L);
    assertThat(files("mix/").build().toString()).contains("*.jsonl[.gz]");
  }

  @Test
  void files_emptyGzip_yieldsNoRows() {
    put("empty/a.jsonl.gz", new byte[0]);
    put("empty/b.jsonl.gz", gzip(""));
    put("empty/c.csv.gz", gzip(""));

    assertThat(ids(files("empty/").build())).isEmpty();
    assertThat(ids(files("empty/").format(Formats.csv()).build())).isEmpty();
  }

  @Test
  void files_truncatedGzip_failsNamingTheObjectNotItsContent() {
    String secret = "{\"order_id\":2,\"country\":\"hunter2\",\"amount\":1}\n";
    byte[] file = gzip(jsonl(1, 1) + secret + jsonl(3, 2000));
    put("bad/a.jsonl.gz", Arrays.copyOf(file, file.length / 2));
    put("bad/b.jsonl.gz", gzip(jsonl(5000, 1)));

    BatchReader reader = files("bad/").build().read(S3Fixtures.readContext(10));
    assertThat(reader.next()).hasSize(10);
    assertThatThrownBy(() -> S3Fixtures.drain(reader))
        .isInstanceOf(DataProductException.class).isNotInstanceOf(StorageException.class)
        .hasMessageContaining("s3://" + bucket + "/bad/a.jsonl.gz of input port 'orders'")
        .hasMessageContaining("truncated")
        .hasMessageNotContaining("hunter2");
    assertThat(reader.next()).isEmpty(); // closed after the failure
  }

  @Test
  void files_corruptGzip_failsNamingTheObject() {
    byte[] file = gzip(jsonl(1, 500));
    byte[] badData = file.clone();
    badData[file.length / 2] ^= 0x5a;
    badData[file.length / 2 + 1] ^= 0x5a;
    put("bad/data.jsonl.gz", badData);
    byte[] badCrc = file.clone();
    badCrc[file.length - 8] ^= 0x01; // the CRC32 in the trailer
    put("bad/corrupt.jsonl.gz", badCrc);
    put("bad/plain-named-gz.jsonl.gz", jsonl(1, 1));
    put("bad/garbage.jsonl.gz", concat(gzip(jsonl(1, 1)), "junk".getBytes(
        StandardCharsets.UTF_8)));

    // flipped bits in the data decode as garbage the decoder (or the inflater) rejects first
    assertThatThrownBy(() -> ids(files("bad/data").build()))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://" + bucket + "/bad/data.jsonl.gz");
    assertThatThrownBy(() -> ids(files("bad/corrupt").build()))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://" + bucket + "/bad/corrupt.jsonl.gz")
        .hasMessageContaining("cannot be decompressed")
        .hasMessageContaining("Corrupt GZIP trailer");
    assertThatThrownBy(() -> ids(files("bad/plain").build()))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://" + bucket + "/bad/plain-named-gz.jsonl.gz")
        .hasMessageContaining("not valid gzip");
    assertThatThrownBy(() -> ids(files("bad/garbage").build()))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://" + bucket + "/bad/garbage.jsonl.gz")
        .hasMessageContaining("after its last complete gzip member");
  }

  @Test
  void files_gzipOfEightTimesTheHeap_isReadInAJvmWithSmallHeap() throws Exception {
    // one member of 1000 rows with 2000-character payloads (~2 MB), repeated: ~ 280 MB of JSON
    StringBuilder member = new StringBuilder();
    String pad = "x".repeat(2_000);
    for (int i = 0; i < 1_000; i++) {
      member.append("{\"event_id\":").append(i).append(",\"payload\":\"").append(pad)
          .append("\"}\n");
    }
    byte[] one = gzip(member.toString());
    int members = 140;
    byte[][] all = new byte[members][];
    Arrays.fill(all, one);
    put("big/events.jsonl.gz", concat(all));
    long plainBytes = (long) member.length() * members;

    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
        "-cp", S3Fixtures.childClasspath(), LargeGzipRead.class.getName(),
        S3.endpoint().toString(), bucket, "big/"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = child.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      child.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("child finished in time; output:%n%s", output).isTrue();
    assertThat(child.exitValue()).as("child exit code; output:%n%s", output).isZero();

    Matcher m = Pattern.compile("RESULT rows=(\\d+) chars=(\\d+) maxHeap=(\\d+)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(1_000L * members);
    assertThat(Long.parseLong(m.group(2))).isEqualTo(2_000L * 1_000 * members);
    assertThat(plainBytes).isGreaterThan(8 * Long.parseLong(m.group(3)));
  }
}
