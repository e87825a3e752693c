package dev.dataproduct.internal;

import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The violations of one run, counted per (port, rule): the source of {@link
 * dev.dataproduct.RunResult#violations()}, of dataset statistics and of the violation span events
 * and meters. Keeps the first reason of each as its example. Single-threaded, like the run.
 */
final class ViolationLedger {
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Violations of one rule on one port. */
  static final class Entry {
    final String port;
    final String ruleId;
    final Action action;
    final String example;
    long count;

    private Entry(String port, String ruleId, Action action, String example) {
      this.port = port;
      this.ruleId = ruleId;
      this.action = action;
      this.example = example;
    }
  }

  /** Counts one violation of {@code ruleId} on {@code port}. */
  void record(String port, String ruleId, Action action, String reason) {
    record(port, ruleId, action, reason, 1);
  }

  /** Counts {@code count} violations of {@code ruleId} on {@code port} (an engine's totals). */
  void record(String port, String ruleId, Action action, String reason, long count) {
    entries.computeIfAbsent(port + "\u0000" + ruleId,
        k -> new Entry(port, ruleId, action, reason)).count += count;
  }

  /** Whether any violation was recorded (a run with one succeeds with warnings at best). */
  boolean any() {
    for (Entry e : entries.values()) {
      if (e.count > 0) {
        return true;
      }
    }
    return false;
  }

  /** Every entry, in the order the rules were first violated. */
  Collection<Entry> entries() {
    return entries.values();
  }

  /** The counts of {@code port} by rule id, for dataset rules. */
  Map<String, Long> countsByRule(String port) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (Entry e : entries.values()) {
      if (e.port.equals(port)) {
        byRule.put(e.ruleId, e.count);
      }
    }
    return byRule;
  }

  /** The ledger as the run's result reports it. */
  List<Violation> violations() {
    List<Violation> out = new ArrayList<>(entries.size());
    for (Entry e : entries.values()) {
      out.add(new Violation(e.port, e.ruleId, e.action, e.count, e.example));
    }
    return out;
  }
}
