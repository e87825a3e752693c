package dev.dataproduct.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractDoubleAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.Assertions;

/**
 * Assertions on the meters of a registry. Counters matching a name (and optional tag pairs) are
 * summed across their other tags.
 */
public final class MeterRegistryAssert extends AbstractAssert<MeterRegistryAssert, MeterRegistry> {

  MeterRegistryAssert(MeterRegistry actual) {
    super(actual, MeterRegistryAssert.class);
  }

  private List<Meter> find(String name, String... tags) {
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException("Tags come in key, value pairs");
    }
    return actual.getMeters().stream()
        .filter(m -> m.getId().getName().equals(name))
        .filter(m -> {
          for (int i = 0; i < tags.length; i += 2) {
            if (!tags[i + 1].equals(m.getId().getTag(tags[i]))) {
              return false;
            }
          }
          return true;
        })
        .collect(Collectors.toList());
  }

  private String names() {
    return actual.getMeters().stream().map(m -> m.getId().getName()).distinct().sorted()
        .collect(Collectors.joining(", "));
  }

  /** The registry has a meter named {@code name} (with the tags). */
  public MeterRegistryAssert hasMeter(String name, String... tags) {
    isNotNull();
    if (find(name, tags).isEmpty()) {
      failWithMessage("Expected a meter '%s' %s; meters are [%s]", name, List.of(tags), names());
    }
    return this;
  }

  /** The registry has no meter named {@code name} (with the tags). */
  public MeterRegistryAssert hasNoMeter(String name, String... tags) {
    isNotNull();
    if (!find(name, tags).isEmpty()) {
      failWithMessage("Expected no meter '%s' %s but found %s", name, List.of(tags),
          find(name, tags));
    }
    return this;
  }

  /** The sum of counters named {@code name} with the tags; fails when there is none. */
  public CountAssert counter(String name, String... tags) {
    isNotNull();
    List<Meter> meters = find(name, tags);
    if (meters.isEmpty()) {
      failWithMessage("Expected a counter '%s' %s; meters are [%s]", name, List.of(tags),
          names());
    }
    double sum = 0;
    for (Meter m : meters) {
      if (!(m instanceof Counter)) {
        failWithMessage("Meter '%s' is a %s, not a counter", name, m.getId().getType());
      }
      sum += ((Counter) m).count();
    }
    return new CountAssert(sum, name);
  }

  /** The value of the gauge named {@code name} with the tags. */
  public AbstractDoubleAssert<?> gauge(String name, String... tags) {
    isNotNull();
    List<Meter> meters = find(name, tags);
    if (meters.size() != 1 || !(meters.get(0) instanceof Gauge)) {
      failWithMessage("Expected one gauge '%s' %s but found %s; meters are [%s]", name,
          List.of(tags), meters, names());
    }
    return Assertions.assertThat(((Gauge) meters.get(0)).value()).as("gauge %s", name);
  }

  /** The number of recordings of timers named {@code name} with the tags. */
  public AbstractLongAssert<?> timerCount(String name, String... tags) {
    isNotNull();
    List<Meter> meters = find(name, tags);
    if (meters.isEmpty()) {
      failWithMessage("Expected a timer '%s' %s; meters are [%s]", name, List.of(tags), names());
    }
    long n = 0;
    for (Meter m : meters) {
      n += ((Timer) m).count();
    }
    return Assertions.assertThat(n).as("timer %s count", name);
  }

  /** A counter's value. */
  public static final class CountAssert extends AbstractAssert<CountAssert, Double> {
    private final String name;

    CountAssert(double actual, String name) {
      super(actual, CountAssert.class);
      this.name = name;
    }

    /** The counter equals {@code expected}. */
    public CountAssert hasCount(double expected) {
      if (Double.compare(actual, expected) != 0) {
        failWithMessage("Expected counter '%s' to be %s but was %s", name, expected, actual);
      }
      return this;
    }
  }
}
