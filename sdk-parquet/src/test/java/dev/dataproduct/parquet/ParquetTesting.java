package dev.dataproduct.parquet;

import dev.dataproduct.testing.s3.EmbeddedS3;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Rows, schemas and an S3 server for the Parquet tests. */
final class ParquetTesting {

  /** Every logical type, decimals of each physical width (INT32, INT64, fixed bytes). */
  static final Schema ALL = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("text", FieldType.STRING),
      Field.optional("price", FieldType.NUMBER).withDecimal(20, 4),
      Field.optional("small", FieldType.NUMBER).withDecimal(9, 2),
      Field.optional("medium", FieldType.NUMBER).withDecimal(18, 6),
      Field.optional("ratio", FieldType.NUMBER),
      Field.optional("flag", FieldType.BOOLEAN),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("attrs", FieldType.OBJECT),
      Field.optional("tags", FieldType.ARRAY));

  private ParquetTesting() {}

  /** Rows of {@link #ALL}: nulls, escapes, extremes, negative decimals, nested values. */
  static List<Row> sample() {
    List<Row> rows = new ArrayList<>();
    rows.add(Row.of(ALL, 1L, "plain", new BigDecimal("1234567890123456.7890"),
        new BigDecimal("1234567.89"), new BigDecimal("123456789012.345678"), 0.1, true,
        LocalDate.of(2026, 2, 28), Instant.parse("2026-03-01T12:34:56.123456Z"),
        Map.of("k", "v"), List.of("a", "b")));
    rows.add(Row.of(ALL, 2L, "ünïcødé € \uD83D\uDE00, \"quoted\",\nnew line\r\nCRLF\ttab",
        new BigDecimal("-9999999999999999.9999"), new BigDecimal("-9999999.99"),
        new BigDecimal("-999999999999.999999"), -1.5e10, false, LocalDate.of(1, 1, 1),
        Instant.parse("1969-12-31T23:59:59.999999Z"),
        Map.of("nested", Map.of("n", 42L), "list", List.of(1L, 2.5, "x")),
        List.of(Map.of("a", true))));
    rows.add(Row.of(ALL, 3L, null, null, null, null, null, null, null, null, null, null));
    rows.add(Row.of(ALL, 4L, "", new BigDecimal("0.0000"), new BigDecimal("0.00"),
        new BigDecimal("0.000000"), Double.MAX_VALUE, true, LocalDate.of(9999, 12, 31),
        Instant.parse("2000-01-01T00:00:00Z"), Map.of(), List.of()));
    rows.add(Row.of(ALL, Long.MAX_VALUE, " leading and trailing spaces ",
        new BigDecimal("1E+3").setScale(4), new BigDecimal("-0.01"), new BigDecimal("0.000001"),
        Double.MIN_VALUE, false, LocalDate.of(2024, 2, 29),
        Instant.parse("+12345-01-01T00:00:00Z"), null, List.of("")));
    rows.add(Row.of(ALL, Long.MIN_VALUE, "x", new BigDecimal("0.0001"), new BigDecimal("0.01"),
        new BigDecimal("1.000000"), -0.0, null, LocalDate.of(1970, 1, 1),
        Instant.parse("1970-01-01T00:00:00Z"), Map.of("z", List.of()), List.of(1L, 2L)));
    return rows;
  }

  static byte[] encode(FileFormat format, Schema schema, List<Row> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileFormat.Encoder e = format.encoder(schema, out);
    for (Row r : rows) {
      e.write(r);
    }
    e.finish();
    return out.toByteArray();
  }

  static List<Row> decode(FileFormat format, Schema schema, byte[] bytes) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (FileFormat.Decoder d = format.decoder(schema, new ByteArrayInputStream(bytes),
        "file:test.parquet")) {
      for (Row r = d.next(); r != null; r = d.next()) {
        rows.add(r);
      }
    }
    return rows;
  }

  /** A client of an {@link EmbeddedS3} endpoint (a child JVM's). */
  static S3Client s3Client(URI endpoint) {
    return EmbeddedS3.client(endpoint, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
  }

  /** The test class path, for a child JVM (every entry checked to exist). */
  static String childClasspath() throws IOException {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank() && !new java.io.File(entry).exists()) {
        throw new IOException("Class path entry " + entry + " does not exist");
      }
    }
    return cp;
  }
}
