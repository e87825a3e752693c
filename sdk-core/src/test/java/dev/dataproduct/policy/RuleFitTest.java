package dev.dataproduct.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A rule that cannot be checked on its field fails when the contract is built, not in a run. */
class RuleFitTest {
  static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.required("country", FieldType.STRING),
      Field.optional("amount", FieldType.NUMBER),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("paid", FieldType.BOOLEAN));

  private static DataContract contract(RowRule rule) {
    return DataContract.builder("orders").version("1.0.0").schema(SCHEMA).rule(rule).build();
  }

  @Test
  void build_rangeWithIntegerBoundOnStringField_failsNamingRuleFieldAndWhatFits() {
    assertThatThrownBy(() -> contract(Rules.range("country", 0, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Contract 'orders': Rule 'country-range' bound Integer does not fit string"
            + " field 'country'; use a String");
  }

  @Test
  void build_eachKindOnAFieldItCannotCheck_fails() {
    assertThatThrownBy(() -> contract(Rules.range("amount", "1", null)))
        .hasMessageContaining("bound String does not fit number field 'amount'; use a Number");
    assertThatThrownBy(() -> contract(Rules.range("day", Instant.EPOCH, null)))
        .hasMessageContaining("bound Instant does not fit date field 'day'; use a LocalDate");
    assertThatThrownBy(() -> contract(Rules.range("at", LocalDate.EPOCH, null)))
        .hasMessageContaining("does not fit timestamp field 'at'; use a Instant");
    assertThatThrownBy(() -> contract(Rules.range("paid", 0, 1)))
        .hasMessageContaining("a range does not apply to boolean field 'paid'");
    assertThatThrownBy(() -> contract(Rules.pattern("id", "\\d+")))
        .hasMessageContaining("needs a string field; 'id' is integer");
    assertThatThrownBy(() -> contract(Rules.maxLength("amount", 3)))
        .hasMessageContaining("needs a string field; 'amount' is number");
    assertThatThrownBy(() -> contract(Rules.notInFuture("country")))
        .hasMessageContaining("needs a timestamp or date field; 'country' is string");
    assertThatThrownBy(() -> contract(Rules.allowedValues("id", "1", "2")))
        .hasMessageContaining("allows String values, which do not fit integer field 'id'");
  }

  @Test
  void build_rulesThatFit_pass() {
    assertThatCode(() -> DataContract.builder("orders").version("1.0.0").schema(SCHEMA)
        .rule(Rules.range("id", 1, null)).rule(Rules.range("amount", BigDecimal.ZERO, 10))
        .rule(Rules.range("country", "AA", "ZZ")).rule(Rules.range("day", LocalDate.EPOCH, null))
        .rule(Rules.range("at", Instant.EPOCH, null)).rule(Rules.pattern("country", "[A-Z]{2}"))
        .rule(Rules.notInFuture("day")).rule(Rules.notInFuture("at"))
        .rule(Rules.allowedValues("id", 1, 2L)).rule(Rules.unique("paid"))
        .rule(Rules.notNull("paid")).rule(Rules.custom("c", row -> true)).build())
        .doesNotThrowAnyException();
  }

  @Test
  void checkFits_fieldNotInSchema_namesTheFields() {
    assertThatThrownBy(() -> Rules.notNull("nope").checkFits(SCHEMA))
        .hasMessage("Rule 'nope-not-null' names field 'nope'; fields are [id, country, amount,"
            + " day, at, paid]");
  }
}
