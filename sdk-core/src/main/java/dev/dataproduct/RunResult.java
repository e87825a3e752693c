package dev.dataproduct;

import dev.dataproduct.policy.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link DataProduct#run()} did: outcome, timings, per-port row accounting, the
 * publications it committed, the rules violated, and the error when it failed.
 *
 * <p>Row accounting is checked at the end of every run (before anything is committed): per input
 * port {@code read = quarantined + delivered}; per output port {@code received = written +
 * quarantined + discarded}; and for row-wise transforms of runs that did not fail, per output port
 * {@code delivered = received + filtered}. A run whose accounts do not balance fails.
 *
 * @param runId unique per run
 * @param product the product's name
 * @param productVersion the product's version
 * @param outcome how it ended
 * @param startedAt when it started
 * @param endedAt when it ended
 * @param inputs per input port, in declaration order
 * @param outputs per output port, in declaration order
 * @param rowWise whether the transform was row-wise
 * @param publications per output port, the publication committed (absent when nothing of the
 *     run is visible on the port)
 * @param violations every rule violated, with counts
 * @param error why the run failed, if it did
 * @param portStates per output port, in declaration order, whether this run's publication is
 *     visible (see {@link #portStates()})
 */
public record RunResult(
    String runId,
    String product,
    String productVersion,
    RunOutcome outcome,
    Instant startedAt,
    Instant endedAt,
    Map<String, InputCounts> inputs,
    Map<String, OutputCounts> outputs,
    boolean rowWise,
    Map<String, Publication> publications,
    List<Violation> violations,
    Optional<Throwable> error,
    Map<String, PortState> portStates) {

  public RunResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(outcome, "outcome");
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    publications =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(publications));
    violations = List.copyOf(violations);
    Objects.requireNonNull(error, "error");
    portStates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(portStates));
    for (String port : outputs.keySet()) {
      PortState state = portStates.get(port);
      if (state == null || (state == PortState.PUBLISHED) != publications.containsKey(port)) {
        throw new IllegalArgumentException("Port '" + port + "' has state " + state
            + " but " + (publications.containsKey(port) ? "a" : "no") + " publication");
      }
    }
  }

  /**
   * A result whose ports are {@link PortState#PUBLISHED} where a publication is given and {@link
   * PortState#NOT_PUBLISHED} elsewhere (no commit of unknown outcome).
   */
  public RunResult(String runId, String product, String productVersion, RunOutcome outcome,
      Instant startedAt, Instant endedAt, Map<String, InputCounts> inputs,
      Map<String, OutputCounts> outputs, boolean rowWise, Map<String, Publication> publications,
      List<Violation> violations, Optional<Throwable> error) {
    this(runId, product, productVersion, outcome, startedAt, endedAt, inputs, outputs, rowWise,
        publications, violations, error, statesOf(outputs.keySet(), publications, null));
  }

  /**
   * Port states from what was committed: {@code unknown} (may be null) is the port whose commit
   * has an unknown outcome.
   */
  private static Map<String, PortState> statesOf(java.util.Collection<String> ports,
      Map<String, Publication> publications, String unknown) {
    Map<String, PortState> states = new java.util.LinkedHashMap<>();
    for (String port : ports) {
      states.put(port, publications.containsKey(port) ? PortState.PUBLISHED
          : port.equals(unknown) ? PortState.COMMIT_UNKNOWN : PortState.NOT_PUBLISHED);
    }
    return states;
  }

  /** Whether the run published every output port (with or without warnings). */
  public boolean succeeded() {
    return outcome == RunOutcome.SUCCEEDED || outcome == RunOutcome.SUCCEEDED_WITH_WARNINGS;
  }

  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /** Rows read from every input port. */
  public long rowsRead() {
    return inputs.values().stream().mapToLong(InputCounts::read).sum();
  }

  /** Rows published to every output port. */
  public long rowsWritten() {
    return outputs.values().stream().mapToLong(OutputCounts::written).sum();
  }

  /** Rows quarantined at every input and output port. */
  public long rowsQuarantined() {
    return inputs.values().stream().mapToLong(InputCounts::quarantined).sum()
        + outputs.values().stream().mapToLong(OutputCounts::quarantined).sum();
  }

  /** The publication committed to {@code port}, if any. */
  public Optional<Publication> publication(String port) {
    return Optional.ofNullable(publications.get(port));
  }

  /** Whether an output port's publication of a run is visible to readers. */
  public enum PortState {
    /** The port's publication of this run is committed and visible. */
    PUBLISHED,
    /** Nothing of this run is visible on the port (aborted, or never committed). */
    NOT_PUBLISHED,
    /**
     * The port's store could not tell whether its commit took effect ({@link
     * CommitOutcomeUnknownException}): the publication may be visible or not, never in part.
     */
    COMMIT_UNKNOWN
  }

  /**
   * Per output port, in declaration order, whether this run's publication is visible: all
   * {@link PortState#PUBLISHED} for a run that succeeded, none for a {@link RunOutcome#FAILED}
   * one, some for a {@link RunOutcome#PARTIALLY_PUBLISHED} one, and one {@link
   * PortState#COMMIT_UNKNOWN} for a {@link RunOutcome#COMMIT_UNKNOWN} one.
   */
  @Override
  public Map<String, PortState> portStates() {
    return portStates;
  }

  /** The counts of output port {@code port}. */
  public OutputCounts output(String port) {
    OutputCounts c = outputs.get(port);
    if (c == null) {
      throw new IllegalArgumentException(
          "No output port '" + port + "'; ports are " + outputs.keySet());
    }
    return c;
  }

  /** The counts of input port {@code port}. */
  public InputCounts input(String port) {
    InputCounts c = inputs.get(port);
    if (c == null) {
      throw new IllegalArgumentException(
          "No input port '" + port + "'; ports are " + inputs.keySet());
    }
    return c;
  }

  /** Rows quarantined on {@code port} for {@code ruleId}. */
  public long quarantined(String port, String ruleId) {
    return violations.stream()
        .filter(v -> v.port().equals(port) && v.ruleId().equals(ruleId)
            && v.action() == dev.dataproduct.policy.Action.QUARANTINE)
        .mapToLong(Violation::count)
        .sum();
  }

  /** Every accounting identity that does not hold; empty when the run balanced. */
  public List<String> accountingProblems() {
    return dev.dataproduct.internal.Accounting.problems(inputs, outputs,
        rowWise && outcome != RunOutcome.FAILED);
  }

  /** Whether every accounting identity holds. */
  public boolean accountingBalanced() {
    return accountingProblems().isEmpty();
  }

  /**
   * Returns this result when the run succeeded.
   *
   * @throws DataProductException the run's error (or one wrapping it) when it failed, also
   *     when it failed after publishing some ports ({@link RunOutcome#PARTIALLY_PUBLISHED}) or
   *     at a commit of unknown outcome ({@link RunOutcome#COMMIT_UNKNOWN}: a {@link
   *     CommitOutcomeUnknownException})
   */
  public RunResult orThrow() {
    if (!succeeded()) {
      Throwable t = error.orElse(null);
      if (t instanceof DataProductException) {
        throw (DataProductException) t;
      }
      throw new DataProductException("Run " + runId + " of " + product + " failed", t);
    }
    return this;
  }
}
