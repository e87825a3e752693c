package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RowChecksTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  static final Schema S = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("ccy", FieldType.STRING),
      Field.optional("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("day", FieldType.DATE),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII),
      Field.optional("score", FieldType.NUMBER));

  private static Row row(Object... v) {
    Object[] all = new Object[S.size()];
    System.arraycopy(v, 0, all, 0, v.length);
    return Row.of(S, all);
  }

  private static RowCheck check(RowRule r) {
    return RowChecks.compile(r, S, NOW);
  }

  @Test
  void notNull_passesValuesFailsNulls() {
    RowCheck c = check(Rules.notNull("ccy"));
    assertThat(c.test(row(1L, "EUR"))).isTrue();
    assertThat(c.test(row(1L))).isFalse();
    assertThat(c.reason(row(1L))).isEqualTo("field 'ccy' is null");
  }

  @Test
  void unique_onIntegerAndString_flagsSecondOccurrenceOnly() {
    RowCheck ids = check(Rules.unique("id"));
    assertThat(ids.test(row(1L))).isTrue();
    assertThat(ids.test(row(2L))).isTrue();
    assertThat(ids.test(row(1L))).isFalse();
    assertThat(ids.reason(row(1L))).contains("'1' is a duplicate");
    RowCheck ccy = check(Rules.unique("ccy"));
    assertThat(ccy.test(row(1L, "EUR"))).isTrue();
    assertThat(ccy.test(row(2L, null))).isTrue();
    assertThat(ccy.test(row(3L, null))).isTrue();
    assertThat(ccy.test(row(4L, "EUR"))).isFalse();
  }

  @Test
  void range_onDecimalDoubleLongAndTimestamp_isInclusive() {
    RowCheck amount = check(Rules.range("amount", BigDecimal.ZERO, new BigDecimal("100")));
    assertThat(amount.test(row(1L, null, new BigDecimal("0.00")))).isTrue();
    assertThat(amount.test(row(1L, null, new BigDecimal("100.00")))).isTrue();
    assertThat(amount.test(row(1L, null, new BigDecimal("-0.01")))).isFalse();
    assertThat(amount.reason(row(1L, null, new BigDecimal("-0.01"))))
        .isEqualTo("field 'amount' value '-0.01' is outside [0, 100]");
    RowCheck score = check(Rules.range("score", 0, 1));
    assertThat(score.test(row(1L, null, null, null, null, null, 0.5d))).isTrue();
    assertThat(score.test(row(1L, null, null, null, null, null, 1.5d))).isFalse();
    RowCheck id = check(Rules.range("id", 10L, null));
    assertThat(id.test(row(10L))).isTrue();
    assertThat(id.test(row(9L))).isFalse();
    RowCheck at = check(Rules.range("at", Instant.EPOCH, null));
    assertThat(at.test(row(1L, null, null, Instant.parse("1969-12-31T23:59:59Z")))).isFalse();
  }

  @Test
  void range_withBoundOfWrongType_failsAtCompileNamingBoth() {
    assertThatThrownBy(() -> check(Rules.range("at", 5, null)))
        .hasMessageContaining("Integer does not fit timestamp field 'at'");
    assertThatThrownBy(() -> check(Rules.range("amount", "a", null)))
        .hasMessageContaining("use a Number");
  }

  @Test
  void lengthAndPattern_checkStrings_andRejectOtherFieldTypes() {
    RowCheck len = check(Rules.length("ccy", 3, 3));
    assertThat(len.test(row(1L, "EUR"))).isTrue();
    assertThat(len.test(row(1L, "EURO"))).isFalse();
    assertThat(len.reason(row(1L, "EURO"))).contains("has 4 characters, outside [3, 3]");
    RowCheck pat = check(Rules.pattern("ccy", "[A-Z]{3}"));
    assertThat(pat.test(row(1L, "EUR"))).isTrue();
    assertThat(pat.test(row(1L, "eur"))).isFalse();
    RowCheck complex = check(Rules.pattern("ccy", "(EUR|USD)"));
    assertThat(complex.test(row(1L, "USD"))).isTrue();
    assertThat(complex.test(row(1L, "GBP"))).isFalse();
    assertThatThrownBy(() -> check(Rules.pattern("id", "\\d+")))
        .hasMessageContaining("needs a string field; 'id' is integer");
  }

  @Test
  void allowedValues_normalisesNumbers() {
    RowCheck ccy = check(Rules.allowedValues("ccy", "EUR", "USD"));
    assertThat(ccy.test(row(1L, "USD"))).isTrue();
    assertThat(ccy.test(row(1L, "XXX"))).isFalse();
    assertThat(ccy.reason(row(1L, "XXX"))).contains("not one of the 2 allowed values");
    RowCheck amount = check(Rules.allowedValues("amount", 1, new BigDecimal("2.5")));
    assertThat(amount.test(row(1L, null, new BigDecimal("1.00")))).isTrue();
    assertThat(amount.test(row(1L, null, new BigDecimal("2.50")))).isTrue();
    assertThat(amount.test(row(1L, null, new BigDecimal("3.00")))).isFalse();
    RowCheck id = check(Rules.allowedValues("id", 1, 2));
    assertThat(id.test(row(2L))).isTrue();
  }

  @Test
  void notInFuture_comparesToRunStart() {
    RowCheck at = check(Rules.notInFuture("at"));
    assertThat(at.test(row(1L, null, null, NOW))).isTrue();
    assertThat(at.test(row(1L, null, null, NOW.plusSeconds(1)))).isFalse();
    RowCheck day = check(Rules.notInFuture("day"));
    assertThat(day.test(row(1L, null, null, null, LocalDate.of(2026, 11, 21)))).isTrue();
    assertThat(day.test(row(1L, null, null, null, LocalDate.of(2026, 11, 22)))).isFalse();
  }

  @Test
  void custom_exceptionIsAViolation_reasonKeepsOnlyTheType() {
    RowCheck c = check(Rules.custom("explodes", r -> {
      throw new IllegalStateException("value " + r.get("email"));
    }));
    Row r = row(1L, null, null, null, null, "secret@example.com");
    assertThat(c.test(r)).isFalse();
    assertThat(c.reason(r)).isEqualTo("custom rule 'explodes' threw IllegalStateException")
        .doesNotContain("secret");
  }

  @Test
  void reason_neverContainsSensitiveValues() {
    RowCheck c = check(Rules.pattern("email", "[a-z]+"));
    Row r = row(1L, null, null, null, null, "Secret@Example.com");
    assertThat(c.test(r)).isFalse();
    assertThat(c.reason(r)).doesNotContain("Secret").contains("(pii value)");
  }

  @Test
  void ruleFactories_rejectNonsense() {
    assertThatThrownBy(() -> Rules.range("x", null, null)).hasMessageContaining("min or a max");
    assertThatThrownBy(() -> Rules.length("x", 5, 2)).hasMessageContaining("[5, 2]");
    assertThatThrownBy(() -> Rules.pattern("x", "[")).hasMessageContaining("invalid regular");
    assertThatThrownBy(() -> Rules.allowedValues("x")).hasMessageContaining("no values");
    assertThatThrownBy(() -> Rules.notNull("x").id("bad id!")).hasMessageContaining("bad id!");
    assertThatThrownBy(() -> Rules.rowCount(1, null).action(dev.dataproduct.policy.Action
        .QUARANTINE)).hasMessageContaining("cannot quarantine");
  }
}
