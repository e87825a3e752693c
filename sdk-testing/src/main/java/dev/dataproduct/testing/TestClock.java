package dev.dataproduct.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, for freshness, "not in the future" rules and commit times. Give
 * the same instance to the product ({@code DataProduct.Builder.clock}) and to the store ({@code
 * InMemoryPublicationStore.create(clock)}). Thread-safe; always UTC.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-11-21T10:00:00Z"));
 * dp.run(product);                         // publishes at 10:00
 * clock.advance(Duration.ofMinutes(90));
 * assertThat(dp.meters()).gauge("dataproduct.freshness", "port", "revenue").isEqualTo(5400.0);
 * }</pre>
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;

  private TestClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock standing at {@code start}. */
  public static TestClock at(Instant start) {
    return new TestClock(Objects.requireNonNull(start, "start"));
  }

  /** Moves the clock forward (or back, with a negative duration). */
  public TestClock advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    now.updateAndGet(i -> i.plus(duration));
    return this;
  }

  /** Sets the clock to {@code instant}. */
  public TestClock set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
    return this;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
