package dev.dataproduct.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dataproduct.format.NestedJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

  private static final Schema EVERY_TYPE = Schema.of(
      Field.optional("s", FieldType.STRING),
      Field.optional("i", FieldType.INTEGER),
      Field.optional("n", FieldType.NUMBER),
      Field.optional("b", FieldType.BOOLEAN),
      Field.optional("d", FieldType.DATE),
      Field.optional("t", FieldType.TIMESTAMP),
      Field.optional("o", FieldType.OBJECT),
      Field.optional("na\u00efve \"q\"", FieldType.STRING));

  /** What the encoder wrote before its fast path: every value through Jackson's generator. */
  private static byte[] throughJackson(Row row) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JsonRecordFormat.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < EVERY_TYPE.size(); i++) {
        g.writeFieldName(EVERY_TYPE.field(i).name());
        Object v = row.get(i);
        if (v == null) {
          g.writeNull();
          continue;
        }
        switch (EVERY_TYPE.field(i).type()) {
          case STRING -> g.writeString(v.toString());
          case INTEGER -> JsonRecordFormat.MAPPER.writeValue(g, v);
          case NUMBER -> {
            if (v instanceof BigDecimal d) {
              g.writeNumber(d.toPlainString());
            } else if (v instanceof Double d && Double.isFinite(d)) {
              g.writeNumber(d);
            } else {
              g.writeString(v.toString());
            }
          }
          case BOOLEAN -> g.writeBoolean((Boolean) v);
          case DATE, TIMESTAMP -> g.writeString(v.toString());
          default -> g.writeRawValue(NestedJson.write(v));
        }
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @Test
  void encoder_writesTheSameBytesAsJacksonsGenerator_forEveryKindOfValue() throws IOException {
    String[] strings = {"", "plain ascii", "quote \" and \\ backslash", "tab\tnew\nline\u0001",
        "del \u007f", "caf\u00e9", "\u20ac 12", "emoji \ud83d\ude00", "\u0000", "/slash/",
        "lone \ud800 half", "\udc00"};
    Object[] integers = {0L, 1L, -1L, 9L, 10L, 99L, 1_000_000_007L, -123_456L, Long.MAX_VALUE,
        Long.MIN_VALUE, new java.math.BigInteger("123456789012345678901234567890")};
    Object[] numbers = {new BigDecimal("0"), new BigDecimal("12.50"), new BigDecimal("-0.000001"),
        new BigDecimal("0.0000001"), new BigDecimal("1E+3"), new BigDecimal("-12345678901234567890.12"),
        BigDecimal.valueOf(5, -2), new BigDecimal("1E-20"), 2.5d, -0.0d, Double.NaN, 1e300};
    Instant[] instants = {Instant.EPOCH, Instant.parse("2026-12-02T10:15:00Z"),
        Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
        Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("2024-02-29T12:00:00.120Z"),
        Instant.parse("2024-02-29T12:00:00.000120Z"), Instant.parse("2024-02-29T12:00:00.000000120Z")};
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    RecordFormat.Encoder enc = RecordFormat.json().encoder(EVERY_TYPE);
    for (int k = 0; k < 20_000; k++) {
      long secs = rnd.nextLong(-62_167_219_200L - 1_000_000, 253_402_300_800L + 1_000_000);
      int nanos = switch (k % 4) {
        case 0 -> 0;
        case 1 -> rnd.nextInt(1_000) * 1_000_000;
        case 2 -> rnd.nextInt(1_000_000) * 1_000;
        default -> rnd.nextInt(1_000_000_000);
      };
      Instant t = k < instants.length ? instants[k] : Instant.ofEpochSecond(secs, nanos);
      BigDecimal random = BigDecimal.valueOf(rnd.nextLong(), rnd.nextInt(-5, 30));
      Row row = Row.of(EVERY_TYPE,
          k % 13 == 0 ? null : strings[k % strings.length],
          k % 11 == 0 ? null : integers[k % integers.length],
          k % 2 == 0 ? random : numbers[k % numbers.length],
          k % 7 == 0 ? null : k % 2 == 0,
          k % 5 == 0 ? null : java.time.LocalDate.ofEpochDay(rnd.nextLong(-800_000, 3_000_000)),
          k % 17 == 0 ? null : t,
          k % 3 == 0 ? Map.of("a", List.of(1L, "x\"y")) : null,
          strings[(k / 3) % strings.length]);

      assertThat(new String(enc.encode(row), StandardCharsets.UTF_8)).as("row %d", k)
          .isEqualTo(new String(throughJackson(row), StandardCharsets.UTF_8));
    }
  }

  @Test
  void encoder_writesATypicalRow_asPlainJson() {
    RecordFormat.Encoder enc = RecordFormat.json().encoder(EVERY_TYPE);
    Row row = Row.of(EVERY_TYPE, "ok", 42L, new BigDecimal("12.50"), true,
        java.time.LocalDate.parse("2026-12-02"), Instant.parse("2026-12-02T10:15:00.120Z"), null,
        "caf\u00e9");

    assertThat(new String(enc.encode(row), StandardCharsets.UTF_8)).isEqualTo(
        "{\"s\":\"ok\",\"i\":42,\"n\":12.50,\"b\":true,\"d\":\"2026-12-02\","
        + "\"t\":\"2026-12-02T10:15:00.120Z\",\"o\":null,\"na\u00efve \\\"q\\\"\":\"caf\u00e9\"}");
  }
}
