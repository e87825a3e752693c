package dev.dataproduct.internal;

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

  /** The holder of the port's last commit time, created on first use. */
  public AtomicLong lastCommit(String port) {
    return lastCommit.computeIfAbsent(port, k -> new AtomicLong(Long.MIN_VALUE));
  }
}
