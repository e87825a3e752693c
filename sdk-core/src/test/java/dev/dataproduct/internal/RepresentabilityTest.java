package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.ValueDomain;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RepresentabilityTest {
  private static final ValueDomain NO_NUL = ValueDomain.builder("DB").noNulInText()
      .decimals(5, 2).build();
  private static final ValueDomain UTF8 = ValueDomain.builder("File").build();

  @Test
  void text_withNulOrLoneSurrogates_isRefused_pairsAndOtherCharactersPass() {
    assertThat(Representability.textProblem("plain \u00e9 \uFFFF \uE000", false, "DB")).isNull();
    assertThat(Representability.textProblem("\uD83D\uDE00", false, "DB")).isNull();
    assertThat(Representability.textProblem("a\u0000", false, "DB")).contains("NUL");
    assertThat(Representability.textProblem("a\u0000", true, "DB")).isNull();
    assertThat(Representability.textProblem("\uDE00\uD83D", true, "DB"))
        .contains("unpaired UTF-16 surrogate at index 0");
    assertThat(Representability.textProblem("ab\uD83D", true, "DB"))
        .contains("unpaired UTF-16 surrogate at index 2");
    assertThat(Representability.textProblem("\uD83Dx", true, "DB")).contains("index 0");
    assertThat(Representability.textProblem("\u0001\uD7FF", false, "DB")).isNull();
  }

  @Test
  void compile_checksOnlyFieldsTheDomainLimits() {
    Schema schema = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("fits", FieldType.NUMBER).withDecimal(5, 2),
        Field.optional("free", FieldType.NUMBER),
        Field.optional("flag", FieldType.BOOLEAN));

    assertThat(Representability.compile(schema, NO_NUL).check(Row.of(schema, 1L,
        new BigDecimal("123.45"), new BigDecimal("123456"), true)))
        .isEqualTo("field 'free' holds a decimal with 6 digits before the point; DB stores at"
            + " most 5");
    assertThat(Representability.compile(schema, UTF8).isEmpty()).isTrue();
    assertThat(Representability.compile(schema, ValueDomain.unrestricted()).isEmpty()).isTrue();
  }

  @Test
  void timestampPrecision_refusesFinerTimestampsOnly() {
    Schema schema = Schema.of(Field.optional("at", FieldType.TIMESTAMP));
    Representability micros = Representability.compile(schema,
        ValueDomain.builder("Parquet").timestampPrecision(ChronoUnit.MICROS).build());

    assertThat(micros.check(Row.of(schema, Instant.parse("2026-01-01T00:00:00.123456Z"))))
        .isNull();
    assertThat(micros.check(Row.of(schema, Instant.parse("2026-01-01T00:00:00.1234567Z"))))
        .isEqualTo("field 'at' holds a timestamp with a fraction of a microsecond; Parquet keeps"
            + " microseconds (truncate it in the transform:"
            + " Instant.truncatedTo(ChronoUnit.MICROS))");
    assertThat(Representability.compile(schema, UTF8).isEmpty()).isTrue();
  }

  @Test
  void doubleNumbers_refuseDecimalsNoDoubleHolds_onFieldsWithoutADeclaredDecimal() {
    Schema schema = Schema.of(Field.optional("x", FieldType.NUMBER),
        Field.optional("d", FieldType.NUMBER).withDecimal(30, 2));
    Representability doubles = Representability.compile(schema,
        ValueDomain.builder("Iceberg").doubleNumbers().build());

    assertThat(doubles.check(Row.of(schema, new BigDecimal("0.1"), null))).isNull();
    assertThat(doubles.check(Row.of(schema, new BigDecimal("1E+20"), null))).isNull();
    assertThat(doubles.check(Row.of(schema, 0.1d, null))).isNull();
    assertThat(doubles.check(Row.of(schema, null,
        new BigDecimal("1234567890123456789012345678.25")))).isNull();
    assertThat(doubles.check(Row.of(schema, new BigDecimal("9007199254740993"), null)))
        .startsWith("field 'x' holds a decimal that no double holds exactly; Iceberg stores");
    assertThat(doubles.check(Row.of(schema, new BigDecimal("1e-400"), null)))
        .startsWith("field 'x' holds a decimal that no double holds exactly");
    assertThat(doubles.check(Row.of(schema, new BigDecimal("1e400"), null)))
        .startsWith("field 'x' holds a number beyond the range of a double");
  }

  @Test
  void epochDaysAndMicros_holdsExactlyWhat32BitDaysAnd64BitMicrosecondsHold() {
    Schema schema = Schema.of(Field.optional("d", FieldType.DATE),
        Field.optional("t", FieldType.TIMESTAMP));
    Representability r = Representability.compile(schema,
        ValueDomain.builder("Columns").epochDaysAndMicros().build());
    Instant maxMicros = Instant.EPOCH.plus(Long.MAX_VALUE, ChronoUnit.MICROS);
    // the earliest whole second of 64-bit microseconds: a converter multiplying the seconds by a
    // million stays within a long
    Instant minMicros = Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000L);

    for (Object[] held : new Object[][] {
        {LocalDate.ofEpochDay(Integer.MAX_VALUE), maxMicros},
        {LocalDate.ofEpochDay(Integer.MIN_VALUE), minMicros}}) {
      assertThat(r.check(Row.of(schema, held))).isNull();
    }
    assertThat(r.check(Row.of(schema, LocalDate.ofEpochDay(Integer.MAX_VALUE + 1L),
        null))).startsWith("field 'd' holds a date after");
    assertThat(r.check(Row.of(schema, LocalDate.ofEpochDay(Integer.MIN_VALUE - 1L),
        null))).startsWith("field 'd' holds a date before");
    assertThat(r.check(Row.of(schema, null, maxMicros.plusNanos(1_000))))
        .startsWith("field 't' holds a timestamp after");
    assertThat(r.check(Row.of(schema, null, minMicros.minusNanos(1_000))))
        .startsWith("field 't' holds a timestamp before");
    assertThat(r.check(Row.of(schema, null, Instant.EPOCH.plusNanos(1))))
        .startsWith("field 't' holds a timestamp with a fraction of a microsecond");
  }
}
