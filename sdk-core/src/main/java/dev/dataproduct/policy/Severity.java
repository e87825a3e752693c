package dev.dataproduct.policy;

/** How serious a violation is, for people and alerting; the {@link Action} decides what happens. */
public enum Severity {
  INFO,
  WARNING,
  ERROR,
  CRITICAL
}
