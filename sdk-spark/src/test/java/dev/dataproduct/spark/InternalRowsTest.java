package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The single pass and the ordered job read Spark's internal rows straight into SDK rows ({@link
 * InternalRows}); Spark Connect reads {@code Row}s ({@link SparkRows#toRow}). Over a dataset with
 * every Spark type the SDK meets, nulls everywhere, and timestamps and dates before 1582 and
 * before 1970, both give the same values, and timestamps are the instants Spark stores, except in
 * the ten days of October 1582 that a {@code java.sql.Timestamp} or {@code Date} cannot hold,
 * where only the internal rows keep the stored value.
 */
class InternalRowsTest {
  private static final String SELECT = """
      SELECT * FROM VALUES
        ('text é ✓', 1L, 2, CAST(3 AS SMALLINT), CAST(4 AS TINYINT), 5.5D, CAST(6.25 AS FLOAT),
         true, CAST(123.45 AS DECIMAL(10,2)),
         CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)),
         TIMESTAMP'2026-12-02 10:11:12.123456Z', DATE'2026-12-02', X'0102FF',
         TIMESTAMP_NTZ'2026-12-02 10:11:12', INTERVAL '3' DAY, INTERVAL '2' YEAR,
         named_struct('a', 1L, 'b', 'x', 't', TIMESTAMP'1000-01-01 00:00:00Z',
             'inner', named_struct('d', DATE'0001-01-01')),
         array(1L, NULL, 3L), array(named_struct('day', DATE'1000-06-15')),
         map('a', 1L, 'b', 2L, 'c', 3L, 'd', 4L, 'e', 5L, 'f', NULL),
         map('t', TIMESTAMP'0500-03-01 12:00:00Z'), make_interval(1, 2, 0, 3, 4, 5, 6.5)),
        ('', -1L, -2, CAST(-3 AS SMALLINT), CAST(-4 AS TINYINT), -0.0D, CAST('NaN' AS FLOAT),
         false, CAST(-0.01 AS DECIMAL(10,2)), CAST(0 AS DECIMAL(38,18)),
         TIMESTAMP'1000-01-01 00:00:00Z', DATE'1000-01-01', X'',
         TIMESTAMP_NTZ'1000-01-01 00:00:00', INTERVAL '-3' DAY, INTERVAL '-2' YEAR,
         named_struct('a', NULL, 'b', NULL, 't', NULL, 'inner', NULL),
         array(), array(), map(), map(), NULL),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         TIMESTAMP'0001-01-01 00:00:00Z', DATE'0001-01-01', NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         TIMESTAMP'1582-10-10 23:59:59.999999Z', DATE'1582-10-10', NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         TIMESTAMP'1969-12-31 23:59:59.999999Z', DATE'1969-12-31', NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      AS t(s, l, i, sh, b, d, f, bool, dec, wide, ts, day, bin, ntz, dt, ym, st, arr,
           structs, m, tm, ci)""";

  private static Dataset<org.apache.spark.sql.Row> dataset;
  private static StructType type;
  private static Schema naming;

  @BeforeAll
  static void dataset() {
    dataset = LocalSpark.session().sql(SELECT);
    type = dataset.schema();
    naming = SparkRows.naming(type, type.size(), "p");
  }

  @Test
  void internalRows_giveTheValuesOfSparkRows_forEveryType() {
    List<Row> viaRows = new ArrayList<>();
    for (org.apache.spark.sql.Row r : dataset.collectAsList()) {
      viaRows.add(SparkRows.toRow(naming, r));
    }
    List<Row> direct = direct();

    assertThat(direct).hasSize(6).hasSameSizeAs(viaRows);
    // the one difference: a timestamp or a date in the ten days the Julian-Gregorian calendar of
    // java.sql.Timestamp and Date skips (1582-10-05 to 14) comes back from a Row on the 15th
    int ts = type.fieldIndex("ts");
    int day = type.fieldIndex("day");
    assertThat(viaRows.get(3).get(ts)).isEqualTo(Instant.parse("1582-10-15T23:59:59.999999Z"));
    assertThat(direct.get(3).get(ts)).isEqualTo(Instant.parse("1582-10-10T23:59:59.999999Z"));
    assertThat(viaRows.get(3).get(day)).isEqualTo(LocalDate.parse("1582-10-15"));
    assertThat(direct.get(3).get(day)).isEqualTo(LocalDate.parse("1582-10-10"));
    for (int r = 0; r < direct.size(); r++) {
      for (int c = 0; c < type.size(); c++) {
        if (r == 3 && (c == ts || c == day)) {
          continue;
        }
        Object a = direct.get(r).get(c);
        Object b = viaRows.get(r).get(c);
        assertThat(Objects.deepEquals(a, b))
            .as("row %d column %s: %s (%s) against %s (%s)", r, type.fields()[c].name(), a,
                a == null ? null : a.getClass(), b, b == null ? null : b.getClass())
            .isTrue();
        if (a != null && !(a instanceof byte[])) {
          assertThat(a.getClass()).isEqualTo(b.getClass());
        }
      }
    }
    assertThat(direct.get(5).toArray()).containsOnlyNulls();
  }

  @Test
  void timestampsAndDates_areTheStoredInstantsAndDays_evenBefore1582() {
    List<Row> direct = direct();

    assertThat(direct).extracting(r -> r.get("ts")).containsExactly(
        Instant.parse("2026-12-02T10:11:12.123456Z"), Instant.parse("1000-01-01T00:00:00Z"),
        Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("1582-10-10T23:59:59.999999Z"),
        Instant.parse("1969-12-31T23:59:59.999999Z"), null);
    assertThat(direct).extracting(r -> r.get("day")).containsExactly(
        LocalDate.parse("2026-12-02"), LocalDate.parse("1000-01-01"),
        LocalDate.parse("0001-01-01"), LocalDate.parse("1582-10-10"),
        LocalDate.parse("1969-12-31"), null);
    Map<?, ?> struct = (Map<?, ?>) direct.get(0).get("st");
    assertThat(struct.get("t")).isEqualTo(Instant.parse("1000-01-01T00:00:00Z"));
    assertThat(((Map<?, ?>) struct.get("inner")).get("d")).isEqualTo(LocalDate.of(1, 1, 1));
    assertThat(((Map<?, ?>) direct.get(0).get("tm")).get("t"))
        .isEqualTo(Instant.parse("0500-03-01T12:00:00Z"));
    assertThat(direct.get(0).get("wide"))
        .isEqualTo(new BigDecimal("12345678901234567890.123456789012345678"));

    // what Timestamp.toInstant() gave for a Row's value before 1582 (the Julian rebase of Spark's
    // java.sql.Timestamp): days off the stored instant
    java.sql.Timestamp ancient = dataset.collectAsList().get(1).getTimestamp(10);
    assertThat(ancient.toInstant()).isNotEqualTo(Instant.parse("1000-01-01T00:00:00Z"));
    assertThat(SparkRows.toJava(ancient)).isEqualTo(Instant.parse("1000-01-01T00:00:00Z"));
  }

  @Test
  void datesAndTimestampsBeforeTheCommonEra_areTheSameThroughARow() {
    // a java.sql.Date's year has no era: Date.toLocalDate() made 1 BC (year 0) AD 1
    Dataset<org.apache.spark.sql.Row> bce = LocalSpark.session().sql("SELECT"
        + " date_add(DATE'0001-01-01', -400) AS d, timestamp_micros(-62198755200000000L) AS t");
    Schema names = SparkRows.naming(bce.schema(), 2, "p");
    InternalRow internal = ((org.apache.spark.sql.classic.Dataset<org.apache.spark.sql.Row>) bce)
        .queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect().get(0);

    Row direct = new InternalRows(bce.schema(), names).toRow(internal);
    Row viaRow = SparkRows.toRow(names, bce.collectAsList().get(0));

    assertThat(direct.get("d")).isEqualTo(LocalDate.of(1, 1, 1).minusDays(400));
    assertThat(direct.get("t")).isEqualTo(Instant.ofEpochSecond(-62_198_755_200L));
    assertThat(viaRow.toMap()).isEqualTo(direct.toMap());
  }

  @Test
  void text_isDecodedFromTheBytesItPointsInto_asUtf8StringDecodesIt() {
    // slices of one buffer (as an UnsafeRow's strings are), ASCII, multi-byte, four-byte and
    // malformed sequences (replaced, as UTF8String.toString replaces them), random bytes
    byte[][] samples = {
        "".getBytes(StandardCharsets.UTF_8), "orders".getBytes(StandardCharsets.UTF_8),
        "é ✓ 漢 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xC3, 0x28}, {(byte) 0xFF, 'a'}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {'a', (byte) 0xF0, (byte) 0x9F}};
    List<byte[]> all = new ArrayList<>(List.of(samples));
    Random random = new Random(11);
    for (int n = 0; n < 2_000; n++) {
      byte[] b = new byte[random.nextInt(24)];
      random.nextBytes(b);
      all.add(b);
    }
    for (byte[] bytes : all) {
      byte[] buffer = new byte[bytes.length + 7];
      System.arraycopy(bytes, 0, buffer, 5, bytes.length);
      UTF8String slice = UTF8String.fromBytes(buffer, 5, bytes.length);

      assertThat(InternalRows.string(slice)).isEqualTo(UTF8String.fromBytes(bytes).toString())
          .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** The dataset's internal rows (copied to reach the driver), read by {@link InternalRows}. */
  private static List<Row> direct() {
    List<InternalRow> internal = ((org.apache.spark.sql.classic.Dataset<org.apache.spark.sql.Row>)
        dataset).queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect();
    InternalRows reader = new InternalRows(type, naming);
    List<Row> rows = new ArrayList<>();
    for (InternalRow r : internal) {
      rows.add(reader.toRow(r));
    }
    return rows;
  }
}
