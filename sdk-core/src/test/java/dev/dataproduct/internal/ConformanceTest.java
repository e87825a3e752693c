package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Classification;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConformanceTest {
  static final Schema S = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("code", FieldType.STRING).withMaxLength(3),
      Field.optional("amount", FieldType.NUMBER).withDecimal(6, 2),
      Field.optional("ratio", FieldType.NUMBER),
      Field.optional("flag", FieldType.BOOLEAN),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("attrs", FieldType.OBJECT),
      Field.optional("tags", FieldType.ARRAY),
      Field.optional("secret", FieldType.STRING).withClassification(Classification.PII)
          .withMaxLength(4));

  private final Conformance c = new Conformance(S);

  private Row row(Object... values) {
    Object[] all = new Object[S.size()];
    System.arraycopy(values, 0, all, 0, values.length);
    return Row.of(S, all);
  }

  @Test
  void conform_canonicalRow_keepsItsValues_andIsNotCheckedTwice() {
    Row r = row(1L, "ABC", new BigDecimal("12.34"), 0.5, true, LocalDate.EPOCH, Instant.EPOCH,
        Map.of(), List.of());
    Row once = c.conform(r);
    assertThat(once).isEqualTo(r);
    assertThat(c.conform(once)).isSameAs(once);
    // an equal schema built elsewhere accepts the row without a second check, rebinding it
    Conformance other = new Conformance(Schema.of(S.fields()));
    Row rebound = other.conform(once);
    assertThat(rebound.schema()).isSameAs(other.target());
    assertThat(rebound.toMap()).isEqualTo(once.toMap());
  }

  @Test
  void conform_userRowBoundToTheTargetSchema_isStillChecked() {
    // same schema object, wrong value: only rows the runtime checked skip the check
    Row bad = Row.of(S, "not-a-long", null, null, null, null, null, null, null, null, null);
    assertThat(c.conform(bad)).isNull();
    assertThat(c.reason()).contains("'id' expects integer");
  }

  @Test
  void conform_rowCheckedAgainstALooserSchema_isCheckedAgain() {
    Schema loose = Schema.of(S.fields().stream().map(f -> Field.optional(f.name(), f.type()))
        .collect(java.util.stream.Collectors.toList()));
    Row looseRow = new Conformance(loose).conform(row(1L, "ABCD"));
    assertThat(looseRow).isNotNull();
    assertThat(c.conform(looseRow)).isNull();
    assertThat(c.reason()).contains("'code' has 4 characters");
  }

  @Test
  void conform_convertsAcceptedJavaTypesToCanonicalOnes() {
    Row r = row(5, UUID.fromString("123e4567-e89b-12d3-a456-426614174000").toString()
        .substring(0, 3), 7, 1.5f, null, java.sql.Date.valueOf("2026-01-02"),
        OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)), null,
        new Object[] {"a"});
    Row out = c.conform(r);
    assertThat(out).isNotNull();
    assertThat(out.get("id")).isEqualTo(5L);
    assertThat(out.get("amount")).isEqualTo(new BigDecimal("7.00"));
    assertThat(out.get("ratio")).isEqualTo(1.5d);
    assertThat(out.get("day")).isEqualTo(LocalDate.of(2026, 1, 2));
    assertThat(out.get("at")).isEqualTo(Instant.parse("2026-01-02T01:04:05Z"));
    assertThat(out.get("tags")).isEqualTo(List.of("a"));
    assertThat(r.get("id")).isEqualTo(5); // the input row is untouched
  }

  @Test
  void conform_wrongType_namesFieldAndTypes_notTheValue() {
    assertThat(c.conform(row("not-a-number"))).isNull();
    assertThat(c.reason()).isEqualTo("field 'id' expects integer, got String");
    assertThat(c.conform(row(1L, null, null, null, "yes"))).isNull();
    assertThat(c.reason()).isEqualTo("field 'flag' expects boolean, got String");
    assertThat(c.conform(row(1L, null, null, null, null, "2026-01-01"))).isNull();
    assertThat(c.reason()).contains("'day' expects date");
  }

  @Test
  void conform_nullInRequiredField_isRejected() {
    assertThat(c.conform(row((Object) null))).isNull();
    assertThat(c.reason()).isEqualTo("field 'id' is required but null");
  }

  @Test
  void conform_oversizeString_givesLengthNotValue() {
    assertThat(c.conform(row(1L, null, null, null, null, null, null, null, null, "s3cr3t!"))).isNull();
    assertThat(c.reason()).contains("'secret' has 7 characters").doesNotContain("s3cr3t");
    // four code points, eight UTF-16 chars: fits
    assertThat(c.conform(row(1L, null, null, null, null, null, null, null, null,
        "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"))).isNotNull();
  }

  @Test
  void conform_decimalOutOfPrecisionOrScale_isRejected() {
    assertThat(c.conform(row(1L, null, new BigDecimal("1.234")))).isNull();
    assertThat(c.reason()).contains("more than 2 decimal places");
    assertThat(c.conform(row(1L, null, new BigDecimal("12345.6")))).isNull();
    assertThat(c.reason()).contains("decimal(6,2)");
    assertThat(c.conform(row(1L, null, new BigDecimal("9999.99")))).isNotNull();
  }

  @Test
  void conform_nonFiniteAndOverflowingNumbers_areRejected() {
    assertThat(c.conform(row(1L, null, null, Double.NaN))).isNull();
    assertThat(c.reason()).contains("not a finite number");
    assertThat(c.conform(row(BigInteger.TWO.pow(70)))).isNull();
    assertThat(c.reason()).contains("64-bit range");
    assertThat(c.conform(row(new BigDecimal("1.5")))).isNull();
    assertThat(c.conform(row(new BigDecimal("3")))).isNotNull();
  }

  @Test
  void conform_localDateTime_isReadAsUtc() {
    Row out = c.conform(row(1L, null, null, null, null, null,
        LocalDateTime.of(2026, 5, 6, 7, 8, 9)));
    assertThat(out.get("at")).isEqualTo(Instant.parse("2026-05-06T07:08:09Z"));
  }

  @Test
  void conform_rowOfAnotherSchema_isMappedByName() {
    Schema other = Schema.of(Field.optional("code", FieldType.STRING),
        Field.optional("id", FieldType.INTEGER), Field.optional("extra", FieldType.STRING));
    Row out = c.conform(Row.of(other, "XY", 9L, "ignored"));
    assertThat(out.schema()).isSameAs(S);
    assertThat(out.get("id")).isEqualTo(9L);
    assertThat(out.get("code")).isEqualTo("XY");
    assertThat(c.conform(Row.of(other, "XY", null, null))).isNull();
    assertThat(c.reason()).contains("'id' is required");
  }

  @Test
  void conform_missingRequiredField_namesTheRowFields() {
    Schema other = Schema.of(Field.optional("code", FieldType.STRING));
    assertThat(c.conform(Row.of(other, "XY"))).isNull();
    assertThat(c.reason()).isEqualTo("field 'id' is required but missing from the row (fields [code])");
  }
}
