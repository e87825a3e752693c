package dev.dataproduct.kafka;

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
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
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

  private static final DataContract CONTRACT = DataContract.builder("values").version("1.0.0")
      .schema(ValueRoundTrip.SCHEMA).build();

  private static OutputPort port() {
    return KafkaOutputPort.builder("values").properties(EmbeddedKafka.properties())
        .topic(EmbeddedKafka.topic("values")).contract(CONTRACT).build();
  }

  @Test
  void everyValue_readsBackExactlyOrIsQuarantined() {
    OutputPort port = port();
    try {
      RunResult run = ValueRoundTrip.check(dp, port, 13_000L, 300, ValueRoundTrip.NANOS);

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
        row(1, "n", new BigDecimal("1e-2000")),
        row(2, "s", "a\uD800b"),
        row(3, "o", Map.of("n", new BigDecimal("123456789012345678901234567890.5"))),
        row(4, "n", new BigDecimal("1e999")));
    DataProduct product = DataProduct.builder("values").version("1.0.0").domain("testing")
        .owner(Owner.business("owner@example.com"), Owner.technical("data-eng"))
        .input(InMemoryInputPort.of("in", ValueRoundTrip.SCHEMA, rows))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allowAll())
        .telemetry(dp.telemetry())
        .build();
    try {
      RunResult run = dp.run(product);

      assertThat(run).succeeded();
      assertThat(run.accountingProblems()).isEmpty();
      assertThat(run.output("values").written()).isEqualTo(1);
      assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(3);
      List<Row> quarantined = ValueRoundTrip.readAll(PortStorage.store(port).quarantine(),
          Quarantine.SCHEMA);
      assertThat(quarantined).extracting(q -> (String) q.get(Quarantine.REASON))
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

  private static Row row(long id, String field, Object value) {
    Object[] values = new Object[ValueRoundTrip.SCHEMA.size()];
    values[0] = id;
    values[ValueRoundTrip.SCHEMA.indexOf(field)] = value;
    return Row.of(ValueRoundTrip.SCHEMA, values);
  }
}
