package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.policy.Action;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.ValueDomain;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values a store cannot keep are quarantined per row, before they reach the store, with a reason
 * naming the field and the limit; the run goes on and its accounts balance.
 */
class RepresentableValuesTest {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  private static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("name", FieldType.STRING).withClassification(
          dev.dataproduct.Classification.PII),
      Field.optional("born", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("amount", FieldType.NUMBER),
      Field.optional("doc", FieldType.OBJECT));

  /** A store that declares PostgreSQL-like limits over the in-memory store. */
  private static final class Limited extends ForwardingPublicationStore {
    Limited(InMemoryPublicationStore delegate) {
      super(delegate);
    }

    @Override
    public ValueDomain valueDomain() {
      return ValueDomain.builder("LimitedDB")
          .instants(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"))
          .dates(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31))
          .decimals(20, 10)
          .noNulInText()
          .build();
    }
  }

  private RunResult run(OutputPort port, List<Row> rows) {
    DataProduct product = DataProduct.builder("limits")
        .version("1.0.0")
        .domain("testing")
        .owner(Owner.business("owner@example.com"), Owner.technical("data-eng"))
        .input(InMemoryInputPort.of("in", SCHEMA, rows))
        .transform(Transforms.identity())
        .output(port)
        .build();
    return dp.run(product);
  }

  @Test
  void run_withValuesTheStoreCannotKeep_quarantinesEachRowAndPublishesTheRest() {
    InMemoryPublicationStore memory = InMemoryPublicationStore.create();
    OutputPort port = OutputPort.builder("people", new Limited(memory))
        .contract(DataContract.builder("people").version("1.0.0").schema(SCHEMA).build())
        .build();
    List<Row> rows = List.of(
        Row.of(SCHEMA, 1L, "fine", LocalDate.of(2000, 1, 1), Instant.EPOCH,
            new BigDecimal("1.5"), Map.of("k", "v")),
        Row.of(SCHEMA, 2L, "nul\u0000inside", null, null, null, null),
        Row.of(SCHEMA, 3L, "lone \uD800 surrogate", null, null, null, null),
        Row.of(SCHEMA, 4L, null, LocalDate.MAX, null, null, null),
        Row.of(SCHEMA, 5L, null, null, Instant.MIN, null, null),
        Row.of(SCHEMA, 6L, null, null, null, new BigDecimal("1e200000"), null),
        Row.of(SCHEMA, 7L, null, null, null, new BigDecimal("1e-11"), null),
        Row.of(SCHEMA, 8L, null, null, null, null, Map.of("k", List.of("a\u0000"))),
        Row.of(SCHEMA, 9L, null, null, null, null, Map.of("k", Double.NaN)),
        Row.of(SCHEMA, 10L, "\uD83D\uDE00 paired is fine", LocalDate.of(1, 1, 1),
            Instant.parse("9999-12-31T23:59:59Z"), new BigDecimal("1e19"), null));

    RunResult run = run(port, rows);

    assertThat(run).succeeded();
    assertThat(run.accountingProblems()).isEmpty();
    assertThat(run.output("people").written()).isEqualTo(2);
    assertThat(run.quarantined("people", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(8);
    assertThat(memory.latestRows()).extracting(r -> r.get("id")).containsExactly(1L, 10L);
    Map<Object, String> reasons = new java.util.HashMap<>();
    for (Row q : memory.quarantinedRows()) {
      assertThat(q.get(Quarantine.RULE_ID)).isEqualTo(Quarantine.REPRESENTABLE_RULE_ID);
      String record = (String) q.get(Quarantine.RECORD);
      reasons.put(Long.parseLong(record.replaceAll("^\\{\"id\":\"(\\d+)\".*$", "$1")),
          (String) q.get(Quarantine.REASON));
    }
    assertThat(reasons).hasSize(8);
    assertThat(reasons.get(2L)).isEqualTo("field 'name' holds text with a NUL character"
        + " (U+0000), which LimitedDB cannot store");
    assertThat(reasons.get(3L)).startsWith("field 'name' holds text with an unpaired UTF-16"
        + " surrogate at index 5").doesNotContain("lone");
    assertThat(reasons.get(4L)).isEqualTo("field 'born' holds a date after 9999-12-31, the"
        + " latest LimitedDB stores");
    assertThat(reasons.get(5L)).isEqualTo("field 'at' holds a timestamp before"
        + " 0001-01-01T00:00:00Z, the earliest LimitedDB stores");
    assertThat(reasons.get(6L)).isEqualTo("field 'amount' holds a decimal with 200001 digits"
        + " before the point; LimitedDB stores at most 20");
    assertThat(reasons.get(7L)).isEqualTo("field 'amount' holds a decimal with 11 digits after"
        + " the point; LimitedDB stores at most 10");
    assertThat(reasons.get(8L)).startsWith("field 'doc' holds inside it text with a NUL");
    assertThat(reasons.get(9L)).isEqualTo("field 'doc' holds inside it a non-finite number,"
        + " which JSON cannot hold");
    // the quarantine keeps the rejected values exactly, the lone surrogate included
    String record3 = (String) memory.quarantinedRows().stream()
        .filter(q -> ((String) q.get(Quarantine.RECORD)).startsWith("{\"id\":\"3\""))
        .findFirst().orElseThrow().get(Quarantine.RECORD);
    assertThat(record3).contains("lone \\uD800 surrogate");
  }

  @Test
  void run_withFailAction_failsOnAnUnrepresentableValue() {
    OutputPort port = OutputPort.builder("people", new Limited(InMemoryPublicationStore.create()))
        .contract(DataContract.builder("people").version("1.0.0").schema(SCHEMA).build())
        .onNonConforming(Action.FAIL)
        .build();

    RunResult run = run(port, List.of(Row.of(SCHEMA, 1L, null, LocalDate.MAX, null, null,
        null)));

    assertThat(run).failed();
    assertThat(run.error().orElseThrow()).hasMessageContaining("rule 'representable'")
        .hasMessageContaining("field 'born' holds a date after 9999-12-31");
  }

  @Test
  void inMemoryStore_keepsEveryValueExactly() {
    OutputPort port = InMemoryOutputPort.create("values",
        DataContract.builder("values").version("1.0.0").schema(ValueRoundTrip.SCHEMA).build());

    RunResult run = ValueRoundTrip.check(dp, port, 20261202L, 400);

    // only what conformance refuses (NaN and infinity, decimals not fitting decimal(38,10))
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isZero();
    assertThat(run.output("values").written()).isGreaterThan(300);
  }
}
