package dev.dataproduct.page;

import java.time.Duration;

/** Durations in words for people: {@code 24 hours}, {@code 30 days}, {@code 90 minutes}. */
final class Durations {
  private Durations() {}

  static String words(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0 && s >= 2 * 86_400) {
      return plural(s / 86_400, "day");
    }
    if (s % 3_600 == 0 && s >= 3_600) {
      return plural(s / 3_600, "hour");
    }
    if (s % 60 == 0 && s >= 60) {
      return plural(s / 60, "minute");
    }
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
