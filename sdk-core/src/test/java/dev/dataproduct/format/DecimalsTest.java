package dev.dataproduct.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

  private static String plain(BigDecimal d) {
    char[] buf = new char[Decimals.MAX_CHARS];
    int end = Decimals.plain(d, buf, 0);
    return end < 0 ? null : new String(buf, 0, end);
  }

  @Test
  void plain_matchesToPlainString_forRandomDecimalsUpTo18Digits() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      int digits = random.nextInt(1, 19);
      long unscaled = random.nextLong((long) Math.pow(10, digits - 1), (long) Math.pow(10, digits))
          * (random.nextBoolean() ? 1 : -1);
      if (i % 10 == 0) {
        unscaled = random.nextInt(-1000, 1000);
      }
      BigDecimal d = BigDecimal.valueOf(unscaled, random.nextInt(0, 19));
      assertThat(plain(d)).as("%s", d).isEqualTo(d.toPlainString());
    }
  }

  @Test
  void plain_edgeCases_matchToPlainString() {
    for (String s : new String[] {"0", "0.00", "-0.01", "0.000000000000000001", "1.10",
        "999999999999999999", "-999999999999999999", "123456789012345678.0"}) {
      BigDecimal d = new BigDecimal(s);
      String p = plain(d);
      if (p != null) {
        assertThat(p).as(s).isEqualTo(d.toPlainString());
      }
    }
    assertThat(plain(BigDecimal.valueOf(Long.MIN_VALUE))).isNull(); // 19 digits
  }

  @Test
  void plain_outsideFastPath_returnsMinusOne() {
    assertThat(plain(new BigDecimal("1E+3"))).isNull();
    assertThat(plain(new BigDecimal(BigInteger.TEN.pow(30)))).isNull();
    assertThat(plain(new BigDecimal("1.0000000000000000000"))).isNull();
  }
}
