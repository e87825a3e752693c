package dev.dataproduct.parquet;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.Formats;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
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

  private static final DataContract CONTRACT = DataContract.builder("values").version("1.0.0")
      .schema(ValueRoundTrip.SCHEMA).build();

  private static OutputPort port() {
    return S3OutputPort.builder("values").client(S3.client()).bucket(S3.newBucket())
        .prefix("values").format(Formats.parquet()).contract(CONTRACT).build();
  }

  @Test
  void everyValue_readsBackExactlyOrIsQuarantined() {
    RunResult run = ValueRoundTrip.check(dp, port(), 11_000L, 300, ValueRoundTrip.NANOS);

    assertThat(run).succeeded();
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isPositive();
  }

  @Test
  void oneUnstorableValuePerRow_quarantinesThoseRows_namingTheField_andPublishesTheRest() {
    OutputPort port = port();
    List<Row> rows = List.of(
        row(1, "t", Instant.parse("2026-12-02T10:15:30.123456Z")),
        row(2, "t", Instant.parse("2026-12-02T10:15:30.123456789Z")),
        row(3, "n", new BigDecimal("9007199254740993")),
        row(4, "n", new BigDecimal("0.1")),
        row(5, "d", LocalDate.MAX),
        row(6, "t", Instant.MAX));
    DataProduct product = DataProduct.builder("values").version("1.0.0").domain("testing")
        .owner(Owner.business("owner@example.com"), Owner.technical("data-eng"))
        .input(InMemoryInputPort.of("in", ValueRoundTrip.SCHEMA, rows))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allowAll())
        .telemetry(dp.telemetry())
        .build();

    RunResult run = dp.run(product);

    assertThat(run).succeeded();
    assertThat(run.accountingProblems()).isEmpty();
    assertThat(run.output("values").written()).isEqualTo(2);
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(4);
    List<Row> quarantined = ValueRoundTrip.readAll(PortStorage.store(port).quarantine(),
        Quarantine.SCHEMA);
    assertThat(quarantined).extracting(q -> (String) q.get(Quarantine.REASON))
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

  private static Row row(long id, String field, Object value) {
    Object[] values = new Object[ValueRoundTrip.SCHEMA.size()];
    values[0] = id;
    values[ValueRoundTrip.SCHEMA.indexOf(field)] = value;
    return Row.of(ValueRoundTrip.SCHEMA, values);
  }
}
