package dev.dataproduct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTest {
  static final Schema S = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII),
      Field.optional("amount", FieldType.NUMBER));

  @Test
  void of_withWrongNumberOfValues_namesCounts() {
    assertThatThrownBy(() -> Row.of(S, 1L, "a"))
        .hasMessage("Schema has 3 fields [id, email, amount] but 2 values were given");
  }

  @Test
  void of_copiesTheValueArray() {
    Object[] values = {1L, "a@b.c", BigDecimal.ONE};
    Row r = Row.of(S, values);
    values[0] = 99L;
    assertThat(r.getLong(0)).isEqualTo(1L);
  }

  @Test
  void toString_hidesSensitiveValues() {
    Row r = Row.of(S, 7L, "secret@example.com", new BigDecimal("1.5"));
    assertThat(r.toString()).contains("id=7").contains("email=***")
        .doesNotContain("secret@example.com");
  }

  @Test
  void typedGetter_onWrongType_namesFieldNotValue() {
    Row r = Row.of(S, 7L, "secret@example.com", null);
    assertThatThrownBy(() -> r.getLong("email"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Field 'email' holds a String, not a Long");
  }

  @Test
  void getDecimal_widensIntegralsAndDoubles() {
    Row r = Row.of(S, 7L, null, 2.5d);
    assertThat(r.getDecimal("amount")).isEqualByComparingTo("2.5");
    assertThat(r.getDecimal("id")).isEqualByComparingTo("7");
    assertThat(r.getDouble("id")).isEqualTo(7.0);
  }

  @Test
  void builder_fillsByIndexAndName_andStartsOver() {
    Row.Builder b = Row.builder(S);
    Row first = b.set(0, 1L).set("email", "x@y.z").build();
    Row second = b.set(0, 2L).build();
    assertThat(first.get("email")).isEqualTo("x@y.z");
    assertThat(second.get("email")).isNull();
    assertThat(second.getLong(0)).isEqualTo(2L);
  }

  @Test
  void fromMap_withUnknownKey_isRejected() {
    assertThatThrownBy(() -> Row.fromMap(S, Map.of("nope", 1)))
        .hasMessageContaining("No field 'nope'");
    assertThat(Row.fromMap(S, Map.of("id", 3L)).toMap()).containsEntry("id", 3L)
        .containsEntry("amount", null);
  }

  @Test
  void with_returnsChangedCopy_andEqualityIsByValue() {
    Row r = Row.of(S, 1L, null, null);
    Row r2 = r.with("amount", BigDecimal.TEN);
    assertThat(r.get("amount")).isNull();
    assertThat(r2.get("amount")).isEqualTo(BigDecimal.TEN);
    assertThat(r).isEqualTo(Row.of(S, 1L, null, null)).hasSameHashCodeAs(Row.of(S, 1L, null,
        null));
  }
}
