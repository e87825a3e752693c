package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary encodings, checked against PostgreSQL's documented wire format. */
class PgBinaryTest {

  /** ndigits, weight, sign, dscale, digits... as PostgreSQL's numeric_send writes them. */
  private static List<Integer> numeric(String value) {
    PgBinary.Buffer b = new PgBinary.Buffer(8);
    PgBinary.numeric(new BigDecimal(value), b);
    ByteBuffer bb = ByteBuffer.wrap(b.array(), 0, b.size());
    int len = bb.getInt();
    assertThat(len).isEqualTo(b.size() - 4);
    List<Integer> out = new ArrayList<>();
    while (bb.hasRemaining()) {
      out.add((int) bb.getShort());
    }
    return out;
  }

  @Test
  void numeric_matchesPostgresBase10000Layout() {
    assertThat(numeric("12345.678")).containsExactly(3, 1, 0, 3, 1, 2345, 6780);
    assertThat(numeric("0.0001")).containsExactly(1, -1, 0, 4, 1);
    assertThat(numeric("0.00001")).containsExactly(1, -2, 0, 5, 1000);
    assertThat(numeric("-0.5")).containsExactly(1, -1, 0x4000, 1, 5000);
    assertThat(numeric("10000")).containsExactly(1, 1, 0, 0, 1);
    assertThat(numeric("0.00")).containsExactly(0, 0, 0, 2);
    assertThat(numeric("1E+5")).containsExactly(1, 1, 0, 0, 10);
  }

  @Test
  void numeric_longAndBigIntegerPaths_agree() {
    // 18 digits take the long path; the same value with a 19th digit the BigInteger path
    assertThat(numeric("1234567890.12345678")).containsExactly(5, 2, 0, 8, 12, 3456, 7890,
        1234, 5678);
    assertThat(numeric("1234567890.123456780")).containsExactly(5, 2, 0, 9, 12, 3456, 7890,
        1234, 5678);
  }

  @Test
  void micros_countFromYear2000() {
    assertThat(PgBinary.micros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
    assertThat(PgBinary.micros(Instant.parse("2000-01-01T00:00:01.000001Z"))).isEqualTo(1_000_001);
    assertThat(PgBinary.micros(Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1);
  }

  @Test
  void micros_fractionOfAMicrosecond_isRefusedNotRounded() {
    assertThatThrownBy(() -> PgBinary.micros(Instant.parse("2000-01-01T00:00:01.0000005Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fraction of a microsecond");
  }

  @Test
  void timestampEncoder_fractionOfAMicrosecond_isRefusedNamingTheField() {
    Field at = Field.optional("at", FieldType.TIMESTAMP);
    PgBinary.Encoder encoder = PgBinary.encoder(at,
        new Column(1, "at", Types.TIMESTAMP_WITH_TIMEZONE, "timestamptz", true, 0, 6));
    PgBinary.Buffer b = new PgBinary.Buffer(16);

    assertThatThrownBy(() -> encoder.encode(Instant.parse("1999-12-31T23:59:59.999999999Z"), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A value of field 'at' has a fraction of a microsecond, finer than column type"
            + " timestamptz keeps; refused, not rounded (truncate it in the transform:"
            + " Instant.truncatedTo(ChronoUnit.MICROS))");
    assertThat(b.size()).isZero();
    encoder.encode(Instant.parse("1999-12-31T23:59:59.999999Z"), b);
    ByteBuffer bb = ByteBuffer.wrap(b.array(), 0, b.size());
    assertThat(bb.getInt()).isEqualTo(8);
    assertThat(bb.getLong()).isEqualTo(-1);
  }

  @Test
  void putText_writesUtf8LengthThenBytes() {
    PgBinary.Buffer b = new PgBinary.Buffer(2);
    b.putText("a\u00e9\uD83D\uDE00");
    ByteBuffer bb = ByteBuffer.wrap(b.array(), 0, b.size());
    assertThat(bb.getInt()).isEqualTo(1 + 2 + 4);
    byte[] rest = new byte[7];
    bb.get(rest);
    assertThat(new String(rest, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("a\u00e9\uD83D\uDE00");
  }

  @Test
  void putJsonb_prefixesVersionOne() {
    PgBinary.Buffer b = new PgBinary.Buffer(4);
    b.putJsonb("{}");
    assertThat(java.util.Arrays.copyOf(b.array(), b.size()))
        .containsExactly(0, 0, 0, 3, 1, '{', '}');
  }
}
