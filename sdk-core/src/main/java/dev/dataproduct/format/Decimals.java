package dev.dataproduct.format;

import java.math.BigDecimal;

/**
 * Plain-notation text of a {@link BigDecimal} written straight into a char buffer, identical to
 * {@link BigDecimal#toPlainString()}. Decimals of up to 18 digits and a scale of 0 to 18 (prices,
 * amounts) avoid the intermediate strings; others fall back to {@code toPlainString()}.
 */
final class Decimals {
  /** The most chars {@link #plain} writes on its fast path. */
  public static final int MAX_CHARS = 21;

  private Decimals() {}

  /**
   * Writes {@code d} at {@code buf[off]} and returns the offset after it, or -1 when it is not
   * on the fast path.
   */
  public static int plain(BigDecimal d, char[] buf, int off) {
    int scale = d.scale();
    if (scale < 0 || scale > 18 || d.precision() > 18) {
      return -1;
    }
    // the unscaled value as a long without unscaledValue(), which allocates a BigInteger per call:
    // a compact decimal moved to scale 0 answers longValue() from its compact field
    long u = scale == 0 ? d.longValue() : d.scaleByPowerOfTen(scale).longValue();
    int p = off;
    if (u < 0) {
      buf[p++] = '-';
      u = -u;
    }
    // digits of u, at least scale + 1 of them so that "0." leads small fractions
    int digits = Math.max(digitCount(u), scale + 1);
    int end = p + digits + (scale > 0 ? 1 : 0);
    int i = end - 1;
    for (int k = 0; k < scale; k++) {
      buf[i--] = (char) ('0' + (u % 10));
      u /= 10;
    }
    if (scale > 0) {
      buf[i--] = '.';
    }
    do {
      buf[i--] = (char) ('0' + (u % 10));
      u /= 10;
    } while (i >= p);
    return end;
  }

  private static int digitCount(long v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }
}
