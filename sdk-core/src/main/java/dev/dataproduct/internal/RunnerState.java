package dev.dataproduct.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a product remembers across runs: per output port, when it last published (the source of
 * the {@code dataproduct.freshness} gauge). Shared by the copies {@code withInput} and {@code
 * withTelemetry} derive. Thread-safe.
 */
public final class RunnerState {
  /** Epoch millis of the last commit per output port; {@link Long#MIN_VALUE} when unknown. */
  private final ConcurrentMap<String, AtomicLong> lastCommit = new ConcurrentHashMap<>();

  /** Registries the freshness gauge of a port was registered with (weakly held). */
  private final ConcurrentMap<String, Set<MeterRegistry>> gauges = new ConcurrentHashMap<>();

  /** Whether the port's gauge still has to be registered with {@code registry}; true once. */
  public boolean firstGaugeRegistration(String port, MeterRegistry registry) {
    Set<MeterRegistry> set = gauges.computeIfAbsent(port,
        k -> Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>())));
    return set.add(registry);
  }

  /** The holder of the port's last commit time, created on first use. */
  public AtomicLong lastCommit(String port) {
    return lastCommit.computeIfAbsent(port, k -> new AtomicLong(Long.MIN_VALUE));
  }
}
