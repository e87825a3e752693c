package dev.dataproduct.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimeTest {

  @Test
  void formatInstant_matchesInstantToString_forRandomInstantsAndPrecisions() {
    SplittableRandom random = new SplittableRandom(42);
    IsoTime iso = new IsoTime();
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long secs = random.nextLong(min, max + 1);
      int nanos;
      switch (i % 4) {
        case 0:
          nanos = 0;
          break;
        case 1:
          nanos = random.nextInt(1000) * 1_000_000;
          break;
        case 2:
          nanos = random.nextInt(1_000_000) * 1_000;
          break;
        default:
          nanos = random.nextInt(1_000_000_000);
          break;
      }
      Instant t = Instant.ofEpochSecond(secs, nanos);
      assertThat(iso.format(t)).as("epoch second %s nanos %s", secs, nanos)
          .isEqualTo(t.toString());
    }
  }

  @Test
  void formatInstant_consecutiveValuesOfOneDay_reuseTheDateCorrectly() {
    IsoTime iso = new IsoTime();
    Instant t = Instant.parse("2024-02-29T23:59:58.999Z");
    for (int i = 0; i < 5; i++) {
      Instant x = t.plusMillis(i * 500L);
      assertThat(iso.format(x)).isEqualTo(x.toString());
    }
  }

  @Test
  void formatInstant_outsideYears0To9999_fallsBack() {
    IsoTime iso = new IsoTime();
    char[] buf = new char[IsoTime.MAX_INSTANT_CHARS];
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    Instant before = Instant.parse("-0001-12-31T23:59:59Z");
    assertThat(iso.formatInstant(far, buf, 0)).isEqualTo(-1);
    assertThat(iso.format(far)).isEqualTo(far.toString());
    assertThat(iso.format(before)).isEqualTo(before.toString());
  }

  @Test
  void formatDate_matchesLocalDateToString() {
    char[] buf = new char[12];
    for (LocalDate d = LocalDate.of(1899, 12, 25); d.isBefore(LocalDate.of(1901, 3, 5));
        d = d.plusDays(1)) {
      int end = IsoTime.formatDate(d, buf, 0);
      assertThat(new String(buf, 0, end)).isEqualTo(d.toString());
    }
    assertThat(IsoTime.formatDate(LocalDate.of(12345, 1, 1), buf, 0)).isEqualTo(-1);
  }

  @Test
  void parseInstant_readsWhatFormatWrites_andOffsets() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 50_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
          i % 2 == 0 ? random.nextInt(1_000_000_000) : random.nextInt(1000) * 1_000_000);
      assertThat(IsoTime.parseInstant(t.toString())).isEqualTo(t);
    }
    assertThat(IsoTime.parseInstant("2024-01-31T14:00:00+02:00"))
        .isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
    assertThat(IsoTime.parseInstant("2024-01-31T12:00:00.5Z"))
        .isEqualTo(Instant.parse("2024-01-31T12:00:00.500Z"));
  }

  @Test
  void parse_invalidText_returnsNull() {
    assertThat(IsoTime.parseInstant("2024-02-30T00:00:00Z")).isNull();
    assertThat(IsoTime.parseInstant("yesterday")).isNull();
    assertThat(IsoTime.parseInstant("2024-01-31T25:00:00Z")).isNull();
    assertThat(IsoTime.parseDate("2023-02-29")).isNull();
    assertThat(IsoTime.parseDate("31/01/2024")).isNull();
    assertThat(IsoTime.parseDate("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
  }
}
