package dev.dataproduct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {

  record Order(long orderId, String customerEmail, BigDecimal amount, LocalDate day,
      Instant placedAt, boolean paid, Integer quantity, Map<String, Object> attrs,
      List<String> tags) {}

  record Unsupported(Object thing) {}

  @Test
  void fromRecord_mapsComponentsToSnakeCaseFieldsWithLogicalTypes() {
    Schema s = Schema.fromRecord(Order.class);
    assertThat(s.fieldNames()).containsExactly("order_id", "customer_email", "amount", "day",
        "placed_at", "paid", "quantity", "attrs", "tags");
    assertThat(s.field("order_id").type()).isEqualTo(FieldType.INTEGER);
    assertThat(s.field("order_id").isRequired()).isTrue();
    assertThat(s.field("customer_email").isRequired()).isFalse();
    assertThat(s.field("amount").type()).isEqualTo(FieldType.NUMBER);
    assertThat(s.field("placed_at").type()).isEqualTo(FieldType.TIMESTAMP);
    assertThat(s.field("attrs").type()).isEqualTo(FieldType.OBJECT);
    assertThat(s.field("tags").type()).isEqualTo(FieldType.ARRAY);
  }

  @Test
  void uniqueKeys_fieldsUniqueAloneFirst_thenTheCompositePrimaryKey() {
    Field day = Field.required("day", FieldType.DATE).asPrimaryKey();
    Field country = Field.required("country", FieldType.STRING).asPrimaryKey();
    Field ref = Field.optional("ref", FieldType.STRING).asUnique();
    Field code = Field.required("code", FieldType.STRING).asPrimaryKey().asUnique();
    Schema composite = Schema.of(day, country, ref, Field.optional("x", FieldType.STRING));
    assertThat(composite.uniqueKeys()).containsExactly(List.of(ref), List.of(day, country));
    assertThat(composite.isUniqueAlone(day)).isFalse();
    assertThat(composite.isUniqueAlone(ref)).isTrue();

    Schema declared = Schema.of(day, code);
    assertThat(declared.uniqueKeys()).containsExactly(List.of(code), List.of(day, code));

    Schema single = Schema.of(Field.required("id", FieldType.INTEGER).asPrimaryKey(), ref);
    assertThat(single.uniqueKeys()).containsExactly(List.of(single.field("id")), List.of(ref));
    assertThat(Schema.of(Field.optional("x", FieldType.STRING)).uniqueKeys()).isEmpty();
  }

  @Test
  void fromRecord_withUnsupportedComponent_namesItAndItsType() {
    assertThatThrownBy(() -> Schema.fromRecord(Unsupported.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'thing'").hasMessageContaining("java.lang.Object");
  }

  @Test
  void of_withDuplicateFieldNames_isRejected() {
    assertThatThrownBy(() -> Schema.of(Field.required("a", FieldType.STRING),
        Field.optional("a", FieldType.INTEGER)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field name 'a'");
  }

  @Test
  void indexOf_unknownField_listsTheKnownOnes() {
    Schema s = Schema.of(Field.required("day", FieldType.DATE), Field.required("total",
        FieldType.NUMBER));
    assertThatThrownBy(() -> s.indexOf("amount"))
        .hasMessage("No field 'amount'; fields are [day, total]");
  }

  @Test
  void field_withInvalidDecimalOrLength_isRejectedWithTheValues() {
    assertThatThrownBy(() -> Field.required("x", FieldType.NUMBER).withDecimal(2, 3))
        .hasMessageContaining("decimal(2, 3)");
    assertThatThrownBy(() -> Field.required("x", FieldType.INTEGER).withMaxLength(3))
        .hasMessageContaining("only STRING fields");
    assertThatThrownBy(() -> Field.required(" ", FieldType.STRING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Field.required("a\u0000b", FieldType.STRING))
        .hasMessageContaining("control character");
  }

  @Test
  void primaryKey_impliesRequiredAndUnique_andCannotBeMadeOptional() {
    Field id = Field.optional("id", FieldType.INTEGER).asPrimaryKey();
    assertThat(id.isRequired()).isTrue();
    assertThat(id.isUnique()).isTrue();
    assertThatThrownBy(id::asOptional).hasMessageContaining("Primary-key field 'id'");
  }

  @Test
  void withAndWithout_returnNewSchemas() {
    Schema s = Schema.of(Field.required("a", FieldType.STRING));
    Schema s2 = s.with(Field.optional("b", FieldType.BOOLEAN));
    assertThat(s.size()).isEqualTo(1);
    assertThat(s2.fieldNames()).containsExactly("a", "b");
    assertThat(s2.without("a").fieldNames()).containsExactly("b");
    assertThat(s2.replace(Field.optional("a", FieldType.STRING)).field("a").isRequired())
        .isFalse();
  }
}
