package dev.dataproduct.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The values a {@link PublicationStore} stores exactly: outside them a value would be refused by
 * the storage (failing the whole publication) or, worse, stored as another value. The core checks
 * every row against the domain of its port's store right after schema conformance and quarantines
 * a row holding a value outside it, under rule {@link dev.dataproduct.Quarantine#REPRESENTABLE_RULE_ID},
 * with a reason naming the field and the limit (never the value). The check is compiled once per
 * port and run, so it costs a few comparisons per value.
 *
 * <pre>{@code
 * @Override
 * public ValueDomain valueDomain() {
 *   return ValueDomain.builder("PostgreSQL")
 *       .instants(Instant.parse("-4713-11-24T00:00:00Z"), Instant.parse("+294276-12-31T23:59:59.999999Z"))
 *       .dates(LocalDate.parse("-4713-11-24"), LocalDate.parse("+5874897-12-31"))
 *       .decimals(131_072, 16_383)
 *       .noNulInText()
 *       .timestampPrecision(ChronoUnit.MICROS)
 *       .build();
 * }
 * }</pre>
 *
 * <p>Every domain but {@link #unrestricted()} refuses text (in string fields and inside objects
 * and arrays) holding an unpaired UTF-16 surrogate, which has no encoding in UTF-8, and
 * non-finite numbers inside objects and arrays, which JSON cannot hold. Limits apply to values
 * inside objects and arrays too.
 *
 * <p>Timestamps finer than a store's precision: a domain with {@link
 * Builder#timestampPrecision} refuses them (PostgreSQL, H2, Parquet and Iceberg: a timestamp with
 * a fraction of a microsecond is quarantined, never rounded; the reason says to truncate it in
 * the transform). A store keeping less than nanoseconds declares its precision, so that no store
 * rounds a timestamp.
 *
 * <p>Numbers: a store that keeps a NUMBER field without a declared {@code decimal(p, s)} as a
 * 64-bit floating-point double declares {@link Builder#doubleNumbers}; a decimal value that does
 * not read back from its nearest double as the same number (Java's shortest text of that double,
 * compared by value) is then outside the domain: {@code 0.1} and {@code 1E+20} are in it, {@code
 * 9007199254740993} and {@code 0.10000000000000000001} are not.
 *
 * <p>Serializable, so that an engine can check rows where it runs them (a Spark executor).
 */
public final class ValueDomain implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final ValueDomain UNRESTRICTED = new ValueDomain(new Builder("memory", false));

  private final String store;
  private final boolean restricted;
  private final Instant minInstant;
  private final Instant maxInstant;
  private final LocalDate minDate;
  private final LocalDate maxDate;
  private final int maxDigitsBeforePoint;
  private final int maxDigitsAfterPoint;
  private final int maxDecimalChars;
  private final boolean nulInText;
  private final ChronoUnit timestampPrecision;
  private final boolean doubleNumbers;

  private ValueDomain(Builder b) {
    this.store = b.store;
    this.restricted = b.restricted;
    this.minInstant = b.minInstant;
    this.maxInstant = b.maxInstant;
    this.minDate = b.minDate;
    this.maxDate = b.maxDate;
    this.maxDigitsBeforePoint = b.maxDigitsBeforePoint;
    this.maxDigitsAfterPoint = b.maxDigitsAfterPoint;
    this.maxDecimalChars = b.maxDecimalChars;
    this.nulInText = b.nulInText;
    this.timestampPrecision = b.timestampPrecision;
    this.doubleNumbers = b.doubleNumbers;
  }

  /**
   * Every value of the core's canonical types, as a store keeping Java objects holds them (the
   * in-memory store). The default of {@link PublicationStore#valueDomain()}.
   */
  public static ValueDomain unrestricted() {
    return UNRESTRICTED;
  }

  /**
   * A domain to narrow, starting from what UTF-8 and JSON can hold: no unpaired surrogates in
   * text, finite numbers in objects and arrays, no other limit.
   *
   * @param store the storage as reasons name it: {@code PostgreSQL}, {@code JSON Lines}
   */
  public static Builder builder(String store) {
    return new Builder(Objects.requireNonNull(store, "store"), true);
  }

  /** The storage as reasons name it. */
  public String store() {
    return store;
  }

  /** Whether this domain refuses anything at all ({@code false} only for {@link #unrestricted}). */
  public boolean isRestricted() {
    return restricted;
  }

  /** The earliest timestamp stored, if limited. */
  public Optional<Instant> minInstant() {
    return Optional.ofNullable(minInstant);
  }

  /** The latest timestamp stored, if limited. */
  public Optional<Instant> maxInstant() {
    return Optional.ofNullable(maxInstant);
  }

  /** The earliest date stored, if limited. */
  public Optional<LocalDate> minDate() {
    return Optional.ofNullable(minDate);
  }

  /** The latest date stored, if limited. */
  public Optional<LocalDate> maxDate() {
    return Optional.ofNullable(maxDate);
  }

  /** Most digits of a decimal before its point ({@code Integer.MAX_VALUE}: no limit). */
  public int maxDigitsBeforePoint() {
    return maxDigitsBeforePoint;
  }

  /** Most digits of a decimal after its point ({@code Integer.MAX_VALUE}: no limit). */
  public int maxDigitsAfterPoint() {
    return maxDigitsAfterPoint;
  }

  /**
   * Most characters of a decimal written out in plain notation, sign and point included ({@code
   * Integer.MAX_VALUE}: no limit); readers of text formats refuse longer numbers.
   */
  public int maxDecimalChars() {
    return maxDecimalChars;
  }

  /** Whether text may hold the NUL character U+0000. */
  public boolean allowsNulInText() {
    return nulInText;
  }

  /**
   * The finest unit of time a stored timestamp keeps, if the domain refuses finer ones ({@link
   * ChronoUnit#MICROS} for PostgreSQL, H2, Parquet and Iceberg).
   */
  public Optional<ChronoUnit> timestampPrecision() {
    return Optional.ofNullable(timestampPrecision);
  }

  /** Whether NUMBER fields without a declared decimal are stored as 64-bit doubles. */
  public boolean doubleNumbers() {
    return doubleNumbers;
  }

  @Override
  public String toString() {
    return "ValueDomain[" + store + (restricted ? "" : ", unrestricted") + "]";
  }

  /** Builds a {@link ValueDomain}; see {@link ValueDomain#builder}. */
  public static final class Builder {
    private final String store;
    private final boolean restricted;
    private Instant minInstant;
    private Instant maxInstant;
    private LocalDate minDate;
    private LocalDate maxDate;
    private int maxDigitsBeforePoint = Integer.MAX_VALUE;
    private int maxDigitsAfterPoint = Integer.MAX_VALUE;
    private int maxDecimalChars = Integer.MAX_VALUE;
    private boolean nulInText = true;
    private ChronoUnit timestampPrecision;
    private boolean doubleNumbers;

    private Builder(String store, boolean restricted) {
      this.store = store;
      this.restricted = restricted;
    }

    /** Timestamps from {@code min} to {@code max}, both included. */
    public Builder instants(Instant min, Instant max) {
      this.minInstant = Objects.requireNonNull(min, "min");
      this.maxInstant = Objects.requireNonNull(max, "max");
      if (min.isAfter(max)) {
        throw new IllegalArgumentException("min " + min + " is after max " + max);
      }
      return this;
    }

    /** Dates from {@code min} to {@code max}, both included. */
    public Builder dates(LocalDate min, LocalDate max) {
      this.minDate = Objects.requireNonNull(min, "min");
      this.maxDate = Objects.requireNonNull(max, "max");
      if (min.isAfter(max)) {
        throw new IllegalArgumentException("min " + min + " is after max " + max);
      }
      return this;
    }

    /**
     * Decimals with at most {@code beforePoint} digits before the point (a negative scale counts
     * its zeros) and {@code afterPoint} digits after it.
     */
    public Builder decimals(int beforePoint, int afterPoint) {
      if (beforePoint < 1 || afterPoint < 0) {
        throw new IllegalArgumentException("decimals(" + beforePoint + ", " + afterPoint
            + "): need at least one digit before the point and none or more after it");
      }
      this.maxDigitsBeforePoint = beforePoint;
      this.maxDigitsAfterPoint = afterPoint;
      return this;
    }

    /** Decimals of at most {@code chars} characters in plain notation (sign and point included). */
    public Builder maxDecimalChars(int chars) {
      if (chars < 2) {
        throw new IllegalArgumentException("maxDecimalChars must be >= 2, was " + chars);
      }
      this.maxDecimalChars = chars;
      return this;
    }

    /** Text must not hold the NUL character U+0000 (PostgreSQL's text and jsonb cannot). */
    public Builder noNulInText() {
      this.nulInText = false;
      return this;
    }

    /**
     * Timestamps with a fraction of a second finer than {@code unit} are outside the domain
     * (refused, not rounded): {@code timestampPrecision(ChronoUnit.MICROS)} refuses {@code
     * 2026-01-01T00:00:00.000000500Z}. One of {@code SECONDS}, {@code MILLIS}, {@code MICROS},
     * {@code NANOS}.
     */
    public Builder timestampPrecision(ChronoUnit unit) {
      Objects.requireNonNull(unit, "unit");
      if (unit != ChronoUnit.SECONDS && unit != ChronoUnit.MILLIS && unit != ChronoUnit.MICROS
          && unit != ChronoUnit.NANOS) {
        throw new IllegalArgumentException("timestampPrecision must be SECONDS, MILLIS, MICROS"
            + " or NANOS, was " + unit);
      }
      this.timestampPrecision = unit;
      return this;
    }

    /**
     * Dates as 32-bit days and timestamps as 64-bit microseconds since 1970-01-01 (a finer
     * fraction refused), the layout of Parquet, Iceberg and Spark: {@link #dates} and {@link
     * #instants} of those ranges (from the earliest whole second, so that seconds times a million
     * stay within a long) and {@code timestampPrecision(MICROS)}.
     */
    public Builder epochDaysAndMicros() {
      dates(LocalDate.ofEpochDay(Integer.MIN_VALUE), LocalDate.ofEpochDay(Integer.MAX_VALUE));
      instants(Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000L),
          Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000L, Long.MAX_VALUE % 1_000_000L * 1_000L));
      return timestampPrecision(ChronoUnit.MICROS);
    }

    /**
     * NUMBER fields without a declared {@code decimal(p, s)} are stored as 64-bit doubles: a
     * decimal value is in the domain only when its nearest double reads back as the same number
     * (see the class comment). Doubles always are.
     */
    public Builder doubleNumbers() {
      this.doubleNumbers = true;
      return this;
    }

    public ValueDomain build() {
      return new ValueDomain(this);
    }
  }
}
