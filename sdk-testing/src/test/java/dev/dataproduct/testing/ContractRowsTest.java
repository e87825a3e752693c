package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.DataProductAssertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ContractRowsTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  static final Schema S = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("code", FieldType.STRING).withMaxLength(3),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("amount", FieldType.NUMBER).withDecimal(10, 2),
      Field.optional("status", FieldType.STRING),
      Field.optional("note", FieldType.STRING),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("day", FieldType.DATE),
      Field.optional("flag", FieldType.BOOLEAN));

  static final DataContract CONTRACT = DataContract.builder("generated").schema(S)
      .rule(Rules.pattern("code", "[A-Z]{3}"))
      .rule(Rules.notNull("email"))
      .rule(Rules.range("amount", BigDecimal.ZERO, new BigDecimal("1000")))
      .rule(Rules.allowedValues("status", "NEW", "PAID"))
      .rule(Rules.length("note", 2, 10))
      .rule(Rules.notInFuture("at"))
      .rule(Rules.unique("email"))
      .build();

  @Test
  void validAndViolatingRows_publishTheValidOnes_andQuarantineOnePerRule() {
    ContractRows gen = ContractRows.of(CONTRACT);
    List<Row> valid = gen.valid(25);
    Map<String, Row> violating = gen.violating();
    assertThat(violating).containsOnlyKeys("code-pattern", "email-not-null", "amount-range",
        "status-allowed-values", "note-length", "at-not-in-future", "email-unique");

    List<Row> rows = new ArrayList<>(valid);
    rows.addAll(violating.values());
    DataProduct p = Fixtures.product("generated")
        .input(InMemoryInputPort.of("in", S, rows))
        .output(InMemoryOutputPort.create("out", CONTRACT)).build();
    RunResult run = dp.run(p);

    assertThat(run).succeeded().wrote("out", 25).quarantined("out", violating.size());
    violating.keySet().forEach(rule -> assertThat(run).quarantined("out", 1, rule));
    assertThat(valid).extracting(r -> r.get("id")).doesNotHaveDuplicates();
  }

  @Test
  void valid_withUnsatisfiableCustomRule_namesTheRule() {
    DataContract c = CONTRACT.toBuilder().rule(Rules.custom("never", r -> false)).build();
    assertThatThrownBy(() -> ContractRows.of(c).valid(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rule 'never'").hasMessageContaining("supply such rows yourself");
  }

  @Test
  void valid_withPatternTooComplexToGenerate_saysSo() {
    DataContract c = DataContract.builder("c").schema(S)
        .rule(Rules.pattern("code", "(AB|CD)")).build();
    assertThatThrownBy(() -> ContractRows.of(c).valid(1))
        .hasMessageContaining("Pattern '(AB|CD)' of field 'code' is too complex");
  }

  @Test
  void valid_moreRowsThanAllowedUniqueValues_failsInsteadOfRepeating() {
    DataContract c = DataContract.builder("c").schema(S)
        .rule(Rules.allowedValues("status", "NEW", "PAID"))
        .rule(Rules.unique("status")).build();
    assertThat(ContractRows.of(c).valid(2)).hasSize(2);
    assertThatThrownBy(() -> ContractRows.of(c).valid(3))
        .hasMessageContaining("rule 'status-unique'");
  }

  @Test
  void violating_leavesOutWhatItCannotViolateAlone() {
    DataContract c = DataContract.builder("c").schema(S)
        .rule(Rules.notNull("code"))              // required field: conformance rejects first
        .rule(Rules.custom("custom", r -> true))  // no generic counterexample
        .rule(Rules.notInFuture("at"))
        .build();
    assertThat(ContractRows.of(c).violating()).containsOnlyKeys("at-not-in-future");
    assertThat(ContractRows.of(c).violating().get("at-not-in-future").get("at"))
        .isEqualTo(Instant.parse("9999-01-01T00:00:00Z"));
  }
}
