package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.policy.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ContractJsonTest {
  private static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey().withDescription("the key"),
      Field.optional("email", FieldType.STRING).withMaxLength(320)
          .withClassification(Classification.PII).withTerm("glossary:email").asUnique(),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("attrs", FieldType.OBJECT),
      Field.optional("tags", FieldType.ARRAY),
      Field.optional("ok", FieldType.BOOLEAN));

  @Test
  void declarativeContract_roundTripsToAnEqualContract() {
    DataContract c = DataContract.builder("orders").version("2.1.0-rc.1")
        .description("orders")
        .schema(SCHEMA)
        .rule(Rules.notNull("email").severity(Severity.WARNING))
        .rule(Rules.range("amount", new BigDecimal("0.01"), 1_000L).action(Action.FAIL))
        .rule(Rules.range("day", LocalDate.of(2020, 1, 1), null))
        .rule(Rules.range("at", null, Instant.parse("2030-01-01T00:00:00Z")))
        .rule(Rules.length("email", 3, 320))
        .rule(Rules.pattern("email", ".+@.+").description("looks like an email"))
        .rule(Rules.allowedValues("id", 1L, 2L, 3L).id("known-ids"))
        .rule(Rules.notInFuture("at"))
        .rule(Rules.unique("email"))
        .rule(Rules.rowCount(1L, null).action(Action.WARN))
        .freshness(Duration.ofHours(24))
        .retention(Duration.ofDays(30))
        .customProperty("owner-team", "sales")
        .build();

    DataContract back = ContractJson.read(ContractJson.write(c), "test");

    assertThat(back).isEqualTo(c);
  }

  @Test
  void customRules_keepIdentity_andRefuseToRun() {
    DataContract c = DataContract.builder("orders").schema(SCHEMA)
        .rule(Rules.custom("positive", "amount", r -> r.getDecimal("amount").signum() > 0))
        .rule(Rules.dataset("few-rejects", s -> true, "under 1% rejected"))
        .build();

    DataContract back = ContractJson.read(ContractJson.write(c), "test");

    RowRule rule = back.rowRules().get(0);
    assertThat(rule.id()).isEqualTo("positive");
    assertThat(rule.kind()).isEqualTo(RowRule.Kind.CUSTOM);
    assertThat(rule.field()).hasValue("amount");
    assertThat(back.datasetRules().get(0).description()).hasValue("under 1% rejected");
    Row row = Row.of(SCHEMA, 1L, null, BigDecimal.ONE, null, null, null, null, null);
    assertThatThrownBy(() -> rule.predicate().test(row))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("'positive' was read from a stored contract");
  }

  @Test
  void read_unknownFormat_failsNamingTheSource() {
    assertThatThrownBy(() -> ContractJson.read("{\"format\":\"other\"}", "table x"))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("The contract stored in table x cannot be read")
        .hasMessageContaining("unknown format 'other'");
    assertThatThrownBy(() -> ContractJson.read("not json", "table x"))
        .hasMessageContaining("invalid JSON");
  }
}
