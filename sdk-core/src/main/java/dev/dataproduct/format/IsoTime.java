package dev.dataproduct.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Fast, exact ISO-8601 text for {@link Instant} and {@link LocalDate}. The output is identical to
 * {@link Instant#toString()} and {@link LocalDate#toString()} (fraction in groups of 3 digits, UTC
 * {@code Z}); years outside 0000..9999 fall back to those methods. Formatting a timestamp through
 * {@code DateTimeFormatter} costs about a third of encoding a typical row; this avoids the
 * formatter and reuses the date part of consecutive values on the same day.
 *
 * <p>Not thread-safe (it caches the last day): one instance per encoder.
 */
final class IsoTime {
  private static final int SECONDS_PER_DAY = 86_400;
  /** Epoch seconds of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z. */
  private static final long MIN_FAST = -62_167_219_200L;
  private static final long MAX_FAST = 253_402_300_800L;

  private long cachedDay = Long.MIN_VALUE;
  private final char[] cachedDate = new char[10];

  /** The longest text {@link #formatInstant} writes on the fast path, plus quotes. */
  public static final int MAX_INSTANT_CHARS = 32;

  /**
   * Writes {@code t} at {@code buf[off]} and returns the offset after it. {@code buf} needs
   * {@link #MAX_INSTANT_CHARS} free chars on the fast path; returns -1 when the year is outside
   * 0000..9999 (use {@link Instant#toString()} then).
   */
  public int formatInstant(Instant t, char[] buf, int off) {
    long secs = t.getEpochSecond();
    if (secs < MIN_FAST || secs >= MAX_FAST) {
      return -1;
    }
    long day = Math.floorDiv(secs, SECONDS_PER_DAY);
    int secOfDay = (int) (secs - day * SECONDS_PER_DAY);
    if (day != cachedDay) {
      writeDate(day, cachedDate, 0);
      cachedDay = day;
    }
    System.arraycopy(cachedDate, 0, buf, off, 10);
    int p = off + 10;
    buf[p++] = 'T';
    int h = secOfDay / 3600;
    int m = (secOfDay / 60) % 60;
    int s = secOfDay % 60;
    p = two(h, buf, p);
    buf[p++] = ':';
    p = two(m, buf, p);
    buf[p++] = ':';
    p = two(s, buf, p);
    int nanos = t.getNano();
    if (nanos != 0) {
      buf[p++] = '.';
      int digits;
      int value;
      if (nanos % 1_000_000 == 0) {
        digits = 3;
        value = nanos / 1_000_000;
      } else if (nanos % 1_000 == 0) {
        digits = 6;
        value = nanos / 1_000;
      } else {
        digits = 9;
        value = nanos;
      }
      for (int i = digits - 1; i >= 0; i--) {
        buf[p + i] = (char) ('0' + value % 10);
        value /= 10;
      }
      p += digits;
    }
    buf[p++] = 'Z';
    return p;
  }

  /** Formats {@code t} as {@link Instant#toString()} does. */
  public String format(Instant t) {
    char[] buf = new char[MAX_INSTANT_CHARS];
    int end = formatInstant(t, buf, 0);
    return end < 0 ? t.toString() : new String(buf, 0, end);
  }

  /**
   * Writes {@code d} as {@code yyyy-MM-dd} and returns the offset after it, or -1 when the year is
   * outside 0000..9999 (use {@link LocalDate#toString()} then).
   */
  public static int formatDate(LocalDate d, char[] buf, int off) {
    int y = d.getYear();
    if (y < 0 || y > 9999) {
      return -1;
    }
    int p = four(y, buf, off);
    buf[p++] = '-';
    p = two(d.getMonthValue(), buf, p);
    buf[p++] = '-';
    return two(d.getDayOfMonth(), buf, p);
  }

  /** Civil date of an epoch day (H. Hinnant's algorithm), year 0..9999. */
  private static void writeDate(long epochDay, char[] buf, int off) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
    int p = four(y, buf, off);
    buf[p++] = '-';
    p = two(m, buf, p);
    buf[p++] = '-';
    two(d, buf, p);
  }

  private static int two(int v, char[] buf, int p) {
    buf[p] = (char) ('0' + v / 10);
    buf[p + 1] = (char) ('0' + v % 10);
    return p + 2;
  }

  private static int four(int v, char[] buf, int p) {
    buf[p] = (char) ('0' + v / 1000);
    buf[p + 1] = (char) ('0' + (v / 100) % 10);
    buf[p + 2] = (char) ('0' + (v / 10) % 10);
    buf[p + 3] = (char) ('0' + v % 10);
    return p + 4;
  }

  /**
   * Parses an ISO-8601 instant ({@code 2024-01-31T12:00:00Z}, any fraction of up to 9 digits)
   * or an offset date-time ({@code 2024-01-31T14:00:00+02:00}), or returns {@code null} when the
   * text is neither.
   */
  public static Instant parseInstant(CharSequence s) {
    int n = s.length();
    if (n >= 20 && n <= 30 && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-'
        && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':') {
      int y = digits(s, 0, 4);
      int mo = digits(s, 5, 2);
      int d = digits(s, 8, 2);
      int h = digits(s, 11, 2);
      int mi = digits(s, 14, 2);
      int se = digits(s, 17, 2);
      int nanos = 0;
      boolean ok = y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && h >= 0 && h < 24 && mi >= 0
          && mi < 60 && se >= 0 && se < 60;
      if (ok && n > 20) {
        int fracDigits = n - 21;
        ok = s.charAt(19) == '.' && fracDigits >= 1 && fracDigits <= 9;
        if (ok) {
          nanos = digits(s, 20, fracDigits);
          ok = nanos >= 0;
          for (int i = fracDigits; i < 9 && ok; i++) {
            nanos *= 10;
          }
        }
      }
      if (ok && d <= lengthOfMonth(y, mo)) {
        long days = daysFromCivil(y, mo, d);
        return Instant.ofEpochSecond(days * SECONDS_PER_DAY + h * 3600L + mi * 60L + se, nanos);
      }
    }
    String text = s.toString();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** Parses {@code yyyy-MM-dd}, or returns {@code null} when the text is not such a date. */
  public static LocalDate parseDate(CharSequence s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int y = digits(s, 0, 4);
      int m = digits(s, 5, 2);
      int d = digits(s, 8, 2);
      if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= lengthOfMonth(y, m)) {
        return LocalDate.of(y, m, d);
      }
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(CharSequence s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int lengthOfMonth(int y, int m) {
    switch (m) {
      case 2:
        return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  private static long daysFromCivil(int y, int m, int d) {
    long yy = m <= 2 ? y - 1 : y;
    long era = Math.floorDiv(yy, 400);
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
