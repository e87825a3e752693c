package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/** Durations as ODCS SLA properties write them: a value and a unit ({@code 4} {@code d}). */
final class Durations {
  private static final Map<String, Duration> UNITS = Map.ofEntries(
      Map.entry("ms", Duration.ofMillis(1)),
      Map.entry("millisecond", Duration.ofMillis(1)),
      Map.entry("milliseconds", Duration.ofMillis(1)),
      Map.entry("s", Duration.ofSeconds(1)),
      Map.entry("sec", Duration.ofSeconds(1)),
      Map.entry("second", Duration.ofSeconds(1)),
      Map.entry("seconds", Duration.ofSeconds(1)),
      Map.entry("m", Duration.ofMinutes(1)),
      Map.entry("min", Duration.ofMinutes(1)),
      Map.entry("minute", Duration.ofMinutes(1)),
      Map.entry("minutes", Duration.ofMinutes(1)),
      Map.entry("h", Duration.ofHours(1)),
      Map.entry("hr", Duration.ofHours(1)),
      Map.entry("hour", Duration.ofHours(1)),
      Map.entry("hours", Duration.ofHours(1)),
      Map.entry("d", Duration.ofDays(1)),
      Map.entry("day", Duration.ofDays(1)),
      Map.entry("days", Duration.ofDays(1)),
      Map.entry("w", Duration.ofDays(7)),
      Map.entry("week", Duration.ofDays(7)),
      Map.entry("weeks", Duration.ofDays(7)),
      Map.entry("mo", Duration.ofDays(30)),
      Map.entry("month", Duration.ofDays(30)),
      Map.entry("months", Duration.ofDays(30)),
      Map.entry("y", Duration.ofDays(365)),
      Map.entry("yr", Duration.ofDays(365)),
      Map.entry("year", Duration.ofDays(365)),
      Map.entry("years", Duration.ofDays(365)));

  private Durations() {}

  /** Writes {@code d} in the largest unit that divides it exactly: d, h, m, s or ms. */
  static void write(ObjectNode sla, Duration d) {
    long ms = d.toMillis();
    String[] units = {"d", "h", "m", "s"};
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    for (int i = 0; i < units.length; i++) {
      if (ms % sizes[i] == 0 && d.getNano() % 1_000_000 == 0) {
        sla.put("value", ms / sizes[i]).put("unit", units[i]);
        return;
      }
    }
    sla.put("value", ms).put("unit", "ms");
  }

  /**
   * Reads the {@code value} and {@code unit} of an SLA property: a number with a unit (d, h, m, s,
   * ms, w, mo = 30 days, y = 365 days, and their long forms), or an ISO-8601 duration string.
   */
  static Duration read(Node sla) {
    JsonNode value = sla.get("value").json();
    String unit = sla.string("unit").map(u -> u.trim().toLowerCase(Locale.ROOT)).orElse(null);
    Duration d;
    if (value.isTextual() && unit == null) {
      try {
        d = Duration.parse(value.textValue().trim());
      } catch (DateTimeParseException e) {
        throw sla.fail("value", "expected a duration such as 24 with a unit, or PT24H; found '"
            + value.textValue() + "'");
      }
    } else {
      BigDecimal amount;
      if (value.isNumber()) {
        amount = value.decimalValue();
      } else if (value.isTextual()) {
        try {
          amount = new BigDecimal(value.textValue().trim());
        } catch (NumberFormatException e) {
          throw sla.fail("value", "expected a number of " + (unit == null ? "days" : unit)
              + ", found '" + value.textValue() + "'");
        }
      } else {
        throw sla.fail("value", "expected a number with a unit, found " + Node.describe(value));
      }
      Duration size = unit == null ? Duration.ofDays(1) : UNITS.get(unit);
      if (size == null) {
        throw sla.fail("unit", "unknown duration unit '" + unit
            + "'; expected ms, s, m, h, d, w, mo or y");
      }
      BigDecimal nanos = amount.multiply(BigDecimal.valueOf(size.toNanos()));
      try {
        d = Duration.ofNanos(nanos.longValueExact());
      } catch (ArithmeticException e) {
        throw sla.fail("value", "duration " + amount.toPlainString() + " " + unit
            + " is out of range or not a whole number of nanoseconds");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw sla.fail("value", "expected a positive duration, found " + d);
    }
    return d;
  }
}
