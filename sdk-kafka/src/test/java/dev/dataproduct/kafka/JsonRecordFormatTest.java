package dev.dataproduct.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in JSON record format on its own: exact nested numbers, errors without values. */
class JsonRecordFormatTest {
  private static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("amount", FieldType.NUMBER),
      Field.optional("doc", FieldType.OBJECT),
      Field.optional("tags", FieldType.ARRAY));

  private static Row roundTrip(Row row) {
    byte[] bytes = RecordFormat.json().encoder(SCHEMA).encode(row);
    return RecordFormat.json().decoder(SCHEMA).decode(bytes);
  }

  @Test
  void nestedDecimals_readBackExactly_neverThroughADouble() {
    BigDecimal wide = new BigDecimal("123456789012345678901234567890.123456789");

    Row back = roundTrip(Row.of(SCHEMA, 1L, wide, Map.of("x", wide, "n", 12L),
        List.of(wide, new BigDecimal("0.1"))));

    assertThat((BigDecimal) back.get("amount")).isEqualByComparingTo(wide);
    assertThat(((Map<?, ?>) back.get("doc")).get("x")).isEqualTo(wide);
    assertThat(((Map<?, ?>) back.get("doc")).get("n")).isEqualTo(12);
    assertThat(back.get("tags")).isEqualTo(List.of(wide, new BigDecimal("0.1")));
  }

  @Test
  void nestedInstant_isWrittenAsIsoText_notRefused() {
    Row back = roundTrip(Row.of(SCHEMA, 1L, null,
        Map.of("at", Instant.parse("2026-12-02T10:15:30Z")), null));

    assertThat(back.get("doc")).isEqualTo(Map.of("at", "2026-12-02T10:15:30Z"));
  }

  @Test
  void numberLongerThanJacksonReads_isMalformed_withoutAnErrorLocation() {
    byte[] value = ("{\"id\":1,\"amount\":" + "9".repeat(1_200) + "}")
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RecordFormat.json().decoder(SCHEMA).decode(value))
        .isInstanceOf(RecordFormat.MalformedValueException.class)
        .hasMessageStartingWith("the value is not valid JSON")
        .hasMessageNotContaining("9999");
  }

  @Test
  void brokenJson_isMalformed_namingTheByte() {
    byte[] value = "{\"id\":1,\"amount\":}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RecordFormat.json().decoder(SCHEMA).decode(value))
        .isInstanceOf(RecordFormat.MalformedValueException.class)
        .hasMessageMatching("the value is not valid JSON \\(at byte \\d+\\)");
  }

  @Test
  void domain_refusesDecimalsJacksonCannotReadBack() {
    assertThat(RecordFormat.json().valueDomain().maxDecimalChars()).isEqualTo(999);
    assertThat(RecordFormat.json().valueDomain().store()).isEqualTo("Kafka JSON");
  }
}
