package dev.dataproduct.parquet;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.format.Formats;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.ValueRoundTrip;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every value written as Parquet through an S3 port reads back exactly or its row is quarantined
 * with a reason naming the field: a timestamp with a fraction of a microsecond, a decimal no
 * double holds in a NUMBER without a declared decimal, a date beyond Parquet's 32-bit days never
 * fails the publication and is never rounded.
 */
class ValueRoundTripTest {
  @RegisterExtension
  static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();

  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  private static OutputPort port() {
    return S3OutputPort.builder("values").client(S3.client()).bucket(S3.newBucket())
        .prefix("values").format(Formats.parquet()).contract(ValueRoundTrip.contract()).build();
  }

  @Test
  void everyValue_readsBackExactlyOrIsQuarantined() {
    RunResult run = ValueRoundTrip.check(dp, port(), 11_000L, 300);

    assertThat(run).succeeded();
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isPositive();
  }

  @Test
  void oneUnstorableValuePerRow_quarantinesThoseRows_namingTheField_andPublishesTheRest() {
    OutputPort port = port();
    List<Row> rows = List.of(
        ValueRoundTrip.row(1, "t", Instant.parse("2026-12-02T10:15:30.123456Z")),
        ValueRoundTrip.row(2, "t", Instant.parse("2026-12-02T10:15:30.123456789Z")),
        ValueRoundTrip.row(3, "n", new BigDecimal("9007199254740993")),
        ValueRoundTrip.row(4, "n", new BigDecimal("0.1")),
        ValueRoundTrip.row(5, "d", LocalDate.MAX),
        ValueRoundTrip.row(6, "t", Instant.MAX));

    RunResult run = ValueRoundTrip.check(dp, port, rows);

    assertThat(run).succeeded();
    assertThat(run.output("values").written()).isEqualTo(2);
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(4);
    assertThat(ValueRoundTrip.quarantineReasons(port, run))
        .containsExactlyInAnyOrder(
            "field 't' holds a timestamp with a fraction of a microsecond; Parquet keeps"
                + " microseconds (truncate it in the transform:"
                + " Instant.truncatedTo(ChronoUnit.MICROS))",
            "field 'n' holds a decimal that no double holds exactly; Parquet stores a NUMBER"
                + " without a declared decimal(p, s) as a double: declare withDecimal(p, s) on"
                + " the field",
            "field 'd' holds a date after +5881580-07-11, the latest Parquet stores",
            "field 't' holds a timestamp after +294247-01-10T04:00:54.775807Z, the latest"
                + " Parquet stores");
  }
}
