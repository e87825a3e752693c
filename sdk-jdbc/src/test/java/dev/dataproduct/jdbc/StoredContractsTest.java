package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.policy.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StoredContractsTest {
  private static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey().withDescription("the key"),
      Field.optional("email", FieldType.STRING).withMaxLength(320)
          .withClassification(Classification.PII).asUnique(),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("attrs", FieldType.OBJECT),
      Field.optional("tags", FieldType.ARRAY),
      Field.optional("ok", FieldType.BOOLEAN));

  @Test
  void declarativeContract_roundTripsToAnEqualContract() {
    DataContract c = DataContract.builder("orders").version("2.1.0")
        .description("orders")
        .schema(SCHEMA)
        .rule(Rules.notNull("email").severity(Severity.WARNING))
        .rule(Rules.range("amount", new BigDecimal("0.01"), new BigDecimal("1000"))
            .action(Action.FAIL))
        .rule(Rules.range("day", LocalDate.of(2020, 1, 1), null))
        .rule(Rules.range("at", null, Instant.parse("2030-01-01T00:00:00Z")))
        .rule(Rules.length("email", 3, 320))
        .rule(Rules.pattern("email", ".+@.+").description("looks like an email"))
        .rule(Rules.allowedValues("id", 1L, 2L, 3L).id("known-ids"))
        .rule(Rules.notInFuture("at"))
        .rule(Rules.rowCount(1L, null).action(Action.WARN))
        .freshness(Duration.ofHours(24))
        .retention(Duration.ofDays(30))
        .build();

    String yaml = StoredContracts.write(c);
    DataContract back = StoredContracts.read(yaml, "test");

    assertThat(yaml).contains("apiVersion: v3.1.0").contains("kind: DataContract");
    assertThat(back).isEqualTo(c);
  }

  @Test
  void customRules_comeBackUnbound_withTheirIdentity() {
    DataContract c = DataContract.builder("orders").schema(SCHEMA)
        .rule(Rules.custom("positive", "amount", r -> r.getDecimal("amount").signum() > 0))
        .build();

    DataContract back = StoredContracts.read(StoredContracts.write(c), "test");

    RowRule rule = back.rowRules().get(0);
    assertThat(rule.id()).isEqualTo("positive");
    assertThat(rule.kind()).isEqualTo(RowRule.Kind.CUSTOM);
    assertThat(DataContracts.unboundRules(back)).containsExactly("positive");
  }

  @Test
  void read_malformedText_failsNamingTheSource() {
    assertThatThrownBy(() -> StoredContracts.read("apiVersion: [", "dataproduct_publications"
        + " (table t, port p, publication 3)"))
        .isInstanceOf(DescriptorException.class)
        .hasMessageContaining("dataproduct_publications (table t, port p, publication 3)");
  }
}
