package dev.dataproduct.parquet;

import dev.dataproduct.testing.s3.EmbeddedS3;
import static dev.dataproduct.parquet.ParquetTesting.ALL;
import static dev.dataproduct.parquet.ParquetTesting.sample;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.s3.S3InputPort;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.TestReadContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Parquet publications through the S3 ports on S3Proxy: same manifests and pointer as JSON Lines,
 * read back exactly by the SDK, and read by DuckDB as an independent reader with the contract's
 * exact column types.
 */
class S3ParquetPublicationTest {
  private static EmbeddedS3 server;
  private static S3Client s3;
  private static int buckets;
  @TempDir Path dir;

  @BeforeAll
  static void startS3() throws Exception {
    server = EmbeddedS3.start();
    s3 = server.client();
  }

  @AfterAll
  static void stopS3() throws Exception {
    server.close();
  }

  private static String newBucket() {
    String name = "parquet-" + (++buckets) + "-" + Long.toHexString(System.nanoTime());
    s3.createBucket(b -> b.bucket(name));
    return name;
  }

  private static OutputPort port(String bucket, String prefix, FileFormat format,
      long maxFileSize) {
    return S3OutputPort.builder("all-types").client(s3).bucket(bucket).prefix(prefix)
        .format(format).maxFileSize(maxFileSize)
        .contract(DataContract.builder("all-types").version("1.0.0").schema(ALL).build())
        .build();
  }

  /** The product of the last {@link #publish}: ports bound to it are read through it. */
  private static DataProduct last;

  private static RunResult publish(OutputPort port, Schema schema, List<Row> rows) {
    DataProduct product = DataProduct.builder("types").version("1.0.0").domain("test")
        .owner(Owner.business("ana@example.com"), Owner.technical("data-eng"))
        .input(InMemoryInputPort.of("in", schema, rows))
        .transform(dev.dataproduct.Transforms.identity())
        .output(port)
        .policy(dev.dataproduct.policy.AccessPolicy.allowAll())
        .telemetry(Telemetry.noop())
        .build();
    last = product;
    return product.run();
  }

  private static List<Row> readAll(OutputPort port) {
    List<Row> all = new ArrayList<>();
    try (BatchReader r = last.output(port.name()).read(Principal.of("tester").withRoles("owner"),
        ReadOptions.latest())) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  private static List<Row> readAll(InputPort port) {
    List<Row> all = new ArrayList<>();
    try (BatchReader r = port.read(TestReadContext.of("upstream").batchSize(2))) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  private static List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
      page.contents().stream().map(S3Object::key).forEach(keys::add);
    }
    return keys;
  }

  private static String text(String bucket, String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
  }

  @Test
  void publish_parquet_writesDataManifestAndPointer_andReadsBackExactly() throws Exception {
    String bucket = newBucket();
    OutputPort port = port(bucket, "lake/types", ParquetFormats.parquet(), 256L << 20);
    List<Row> rows = sample();

    RunResult run = publish(port, ALL, rows);

    assertThat(run).succeeded().wrote("all-types", rows.size()).accountingBalanced();
    List<String> data = keys(bucket, "lake/types/data/");
    assertThat(data).singleElement().asString().endsWith("/part-00000.parquet");
    List<String> manifests = keys(bucket, "lake/types/manifests/");
    assertThat(manifests).hasSize(1);
    JsonNode manifest = new ObjectMapper().readTree(text(bucket, manifests.get(0)));
    assertThat(manifest.get("format").asText()).isEqualTo("parquet");
    assertThat(manifest.get("rows").asLong()).isEqualTo(rows.size());
    assertThat(manifest.toString()).contains("part-00000.parquet");
    assertThat(text(bucket, "lake/types/_latest")).contains(manifests.get(0)
        .substring(manifests.get(0).lastIndexOf('/') + 1));
    assertThat(readAll(port)).containsExactlyElementsOf(rows);

    // a consumer that configures no format finds Parquet by the manifest's name
    InputPort upstream = S3InputPort.product("upstream").client(s3).bucket(bucket)
        .prefix("lake/types").schema(ALL).contractMajor(1).build();
    assertThat(readAll(upstream)).containsExactlyElementsOf(rows);
  }

  @Test
  void publish_largerThanMaxFileSize_rollsOverIntoSeveralParquetFiles_allRead() {
    String bucket = newBucket();
    FileFormat small = ParquetFormats.builder().rowGroupBytes(64 * 1024).pageBytes(8 * 1024)
        .build();
    OutputPort port = port(bucket, "lake/many", small, 200 * 1024);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<Row> rows = LongStream.range(0, 40_000).mapToObj(i -> Row.of(ALL, i,
        "text " + Long.toHexString(i * 0x9E3779B97F4A7C15L), BigDecimal.valueOf(i * 7, 4),
        BigDecimal.valueOf(i % 1000, 2), BigDecimal.valueOf(i, 6), i / 3.0, i % 2 == 0,
        LocalDate.of(2026, 1, 1).plusDays(i % 365), t0.plus(i, ChronoUnit.MICROS), null,
        null)).collect(Collectors.toList());

    RunResult run = publish(port, ALL, rows);

    assertThat(run).succeeded().wrote("all-types", rows.size());
    assertThat(keys(bucket, "lake/many/data/")).hasSizeGreaterThan(2)
        .allMatch(k -> k.endsWith(".parquet"));
    Publication p = port.latest().orElseThrow();
    assertThat(p.rows()).isEqualTo(rows.size());
    assertThat(readAll(port)).containsExactlyElementsOf(rows);
  }

  @Test
  void portSwitchingFromJsonLinesToParquet_keepsOldPublicationsReadable() {
    String bucket = newBucket();
    List<Row> first = sample().subList(0, 3);
    List<Row> second = sample().subList(3, 6);
    assertThat(publish(port(bucket, "lake/switch", Formats.jsonLines(), 256L << 20), ALL, first))
        .succeeded();
    OutputPort parquet = port(bucket, "lake/switch", Formats.parquet(), 256L << 20);
    assertThat(publish(parquet, ALL, second)).succeeded();

    List<Publication> publications = parquet.publications();
    assertThat(publications).hasSize(2);
    List<Row> old = new ArrayList<>();
    try (BatchReader r = last.output(parquet.name()).read(Principal.of("tester").withRoles("owner"),
        ReadOptions.publication(publications.get(0).id()))) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        old.addAll(b);
      }
    }
    assertThat(old).hasSize(3);
    assertThat(old.get(0).get("price")).isEqualTo(first.get(0).get("price"));
    assertThat(readAll(parquet)).containsExactlyElementsOf(second);
  }

  @Test
  void duckDb_readsThePublishedFiles_withExactDecimalDateAndTimestampColumns() throws Exception {
    String bucket = newBucket();
    OutputPort port = port(bucket, "lake/duck", ParquetFormats.parquet(), 256L << 20);
    List<Row> rows = sample();
    assertThat(publish(port, ALL, rows)).succeeded();
    for (String key : keys(bucket, "lake/duck/data/")) {
      Files.write(dir.resolve(key.substring(key.lastIndexOf('/') + 1)),
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }
    String files = dir.resolve("*.parquet").toString().replace("'", "''");

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery(
          "DESCRIBE SELECT * FROM read_parquet('" + files + "')")) {
        while (rs.next()) {
          types.put(rs.getString("column_name"), rs.getString("column_type"));
        }
      }
      assertThat(types).containsEntry("id", "BIGINT").containsEntry("text", "VARCHAR")
          .containsEntry("price", "DECIMAL(20,4)").containsEntry("small", "DECIMAL(9,2)")
          .containsEntry("medium", "DECIMAL(18,6)").containsEntry("ratio", "DOUBLE")
          .containsEntry("flag", "BOOLEAN").containsEntry("day", "DATE")
          .containsEntry("at", "TIMESTAMP WITH TIME ZONE");

      try (ResultSet rs = st.executeQuery("SELECT id, text, CAST(price AS VARCHAR),"
          + " CAST(small AS VARCHAR), CAST(medium AS VARCHAR), ratio, flag,"
          + " CAST(day AS VARCHAR), epoch_us(at), CAST(attrs AS VARCHAR)"
          + " FROM read_parquet('" + files + "') ORDER BY id")) {
        List<Row> expected = new ArrayList<>(rows);
        expected.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
        for (Row want : expected) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(want.getLong("id"));
          assertThat(rs.getString(2)).isEqualTo(want.getString("text"));
          assertThat(rs.getString(3)).isEqualTo(plain(want.getDecimal("price")));
          assertThat(rs.getString(4)).isEqualTo(plain(want.getDecimal("small")));
          assertThat(rs.getString(5)).isEqualTo(plain(want.getDecimal("medium")));
          Double ratio = want.getDouble("ratio");
          assertThat(rs.getObject(6) == null ? null : rs.getDouble(6)).isEqualTo(ratio);
          assertThat(rs.getObject(7)).isEqualTo(want.getBoolean("flag"));
          LocalDate day = want.getDate("day");
          assertThat(rs.getString(8)).isEqualTo(day == null ? null : duckDate(day));
          Instant at = want.getTimestamp("at");
          assertThat(rs.getObject(9) == null ? null : rs.getLong(9))
              .isEqualTo(at == null ? null : at.getEpochSecond() * 1_000_000L + at.getNano() / 1000);
          assertThat(rs.getString(10) == null).isEqualTo(want.get("attrs") == null);
        }
        assertThat(rs.next()).isFalse();
      }
    }
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  /** DuckDB prints years below 1000 with four digits, like ISO-8601. */
  private static String duckDate(LocalDate d) {
    return d.toString();
  }
}
