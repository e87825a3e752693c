package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Classification;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RowCheckerTest {
  static final Schema ORDERS = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII),
      Field.optional("amount", FieldType.NUMBER).withDecimal(8, 2));
  static final DataContract CONTRACT = DataContract.builder("orders").version("1.0.0")
      .schema(ORDERS)
      .rule(Rules.range("amount", BigDecimal.ZERO, null))
      .rule(Rules.pattern("country", "[A-Z]{2}"))
      .rule(Rules.pattern("email", "[a-z]+@corp[.]example"))
      .build();

  private final RowChecker checker = RowChecker.of(CONTRACT, Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void check_conformingRowSatisfyingEveryRule_passes() {
    RowChecker.Verdict v = checker.check(Row.of(ORDERS, 1L, "DE", "ana@corp.example",
        new BigDecimal("1.50")));
    assertThat(v.passes()).isTrue();
    assertThat(v.conformed().getLong("id")).isEqualTo(1L);
  }

  @Test
  void check_rowBreakingTheSchema_doesNotConform_andNamesTheField() {
    RowChecker.Verdict v = checker.check(Row.of(ORDERS, 1L, "DEU", null, null));
    assertThat(v.conforms()).isFalse();
    assertThat(v.schemaViolation()).get().asString().contains("country");
    assertThat(v.violations()).isEmpty();
  }

  @Test
  void check_rowBreakingRules_listsEachRuleInOrder_withoutSensitiveValues() {
    RowChecker.Verdict v = checker.check(Row.of(ORDERS, 1L, "de", "Secret@Else.where",
        new BigDecimal("-1.00")));
    assertThat(v.conforms()).isTrue();
    assertThat(v.violations()).containsOnlyKeys("amount-range", "country-pattern",
        "email-pattern");
    assertThat(v.violations().get("email-pattern")).doesNotContain("Secret@Else.where");
  }

  @Test
  void check_repeatedPrimaryKey_violatesUniqueness_afterTheFirst() {
    assertThat(checker.check(Row.of(ORDERS, 7L, "DE", null, null)).passes()).isTrue();
    RowChecker.Verdict second = checker.check(Row.of(ORDERS, 7L, "FR", null, null));
    assertThat(second.violations()).hasSize(1);
    assertThat(second.violations().keySet().iterator().next()).contains("unique");
  }

  @Test
  void patternSample_simplePattern_givesDistinctMatchingStrings_complexOneNone() {
    String a = RowChecker.patternSample("[A-Z]{2}[0-9]", 0).orElseThrow();
    String b = RowChecker.patternSample("[A-Z]{2}[0-9]", 1).orElseThrow();
    assertThat(a).matches("[A-Z]{2}[0-9]").isNotEqualTo(b);
    assertThat(b).matches("[A-Z]{2}[0-9]");
    assertThat(RowChecker.patternSample("(a|b)+", 0)).isEmpty();
  }
}
