package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.ValueRoundTrip;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every value written through an S3 port reads back exactly or its row is quarantined with a
 * reason naming the field, in JSON Lines and in CSV; one value the format cannot hold (a decimal
 * of 200001 digits, an unpaired surrogate) never fails the publication.
 */
class ValueRoundTripTest {
  @RegisterExtension
  static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();

  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  private static FileFormat format(String name) {
    return Formats.byName(name).orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jsonl", "csv"})
  void everyValue_readsBackExactlyOrIsQuarantined(String format) {
    OutputPort port = S3OutputPort.builder("values").client(S3.client()).bucket(S3.newBucket())
        .prefix("values").format(format(format)).contract(ValueRoundTrip.contract()).build();

    RunResult run = ValueRoundTrip.check(dp, port, 9_000L + format.length(), 300);

    assertThat(run).succeeded();
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isPositive();
  }

  @Test
  void jsonLines_hugeDecimal_isQuarantinedAndTheRestPublished() {
    Schema schema = Schema.of(dev.dataproduct.Field.required("id", dev.dataproduct.FieldType.INTEGER),
        dev.dataproduct.Field.optional("amount", dev.dataproduct.FieldType.NUMBER));
    OutputPort port = S3OutputPort.builder("amounts").client(S3.client()).bucket(S3.newBucket())
        .prefix("amounts").format(Formats.jsonLines())
        .contract(DataContract.builder("amounts").version("1.0.0").schema(schema).build())
        .build();
    List<Row> rows = List.of(Row.of(schema, 1L, new BigDecimal("1.5")),
        Row.of(schema, 2L, new BigDecimal("1e200000")), Row.of(schema, 3L, BigDecimal.TEN));

    RunResult run = dp.run(S3Fixtures.product("amounts", InMemoryInputPort.of("in", schema, rows),
        port, dp.telemetry()));

    assertThat(run).succeeded();
    assertThat(run.accountingProblems()).isEmpty();
    assertThat(run.output("amounts").written()).isEqualTo(2);
    assertThat(run.quarantined("amounts", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(1);
    assertThat(run.violations()).anySatisfy(v -> assertThat(v.example()).isEqualTo(
        "field 'amount' holds a decimal with 200001 digits before the point; JSON Lines stores"
            + " at most 9999"));
  }
}
