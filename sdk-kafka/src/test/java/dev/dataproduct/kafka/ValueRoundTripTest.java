package dev.dataproduct.kafka;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.ValueRoundTrip;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every value written through a Kafka port (JSON record values) reads back exactly or its row is
 * quarantined with a reason naming the field: a decimal longer than JSON parsers read back, an
 * unpaired surrogate never fails the transaction and never reaches the topic.
 */
class ValueRoundTripTest {
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  private static OutputPort port() {
    return KafkaOutputPort.builder("values").properties(EmbeddedKafka.properties())
        .topic(EmbeddedKafka.topic("values")).contract(ValueRoundTrip.contract()).build();
  }

  @Test
  void everyValue_readsBackExactlyOrIsQuarantined() {
    OutputPort port = port();
    try {
      RunResult run = ValueRoundTrip.check(dp, port, 13_000L, 300);

      assertThat(run).succeeded();
      assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isPositive();
    } finally {
      PortStorage.store(port).close();
    }
  }

  @Test
  void oneUnstorableValuePerRow_quarantinesThoseRows_namingTheField_andPublishesTheRest() {
    OutputPort port = port();
    List<Row> rows = List.of(
        ValueRoundTrip.row(1, "n", new BigDecimal("1e-2000")),
        ValueRoundTrip.row(2, "s", "a\uD800b"),
        ValueRoundTrip.row(3, "o", Map.of("n",
            new BigDecimal("123456789012345678901234567890.5"))),
        ValueRoundTrip.row(4, "n", new BigDecimal("1e999")));
    try {
      RunResult run = ValueRoundTrip.check(dp, port, rows);

      assertThat(run).succeeded();
      assertThat(run.output("values").written()).isEqualTo(1);
      assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(3);
      assertThat(ValueRoundTrip.quarantineReasons(port, run))
          .containsExactlyInAnyOrder(
              "field 'n' holds a decimal of 2002 characters in plain notation; Kafka JSON reads"
                  + " at most 999",
              "field 's' holds text with an unpaired UTF-16 surrogate at index 1, which has no"
                  + " UTF-8 encoding (Kafka JSON)",
              "field 'n' holds a decimal of 1000 characters in plain notation; Kafka JSON reads"
                  + " at most 999");
    } finally {
      PortStorage.store(port).close();
    }
  }
}
