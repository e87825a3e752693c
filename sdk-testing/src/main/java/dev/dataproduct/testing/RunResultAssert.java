package dev.dataproduct.testing;

import dev.dataproduct.OutputCounts;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.policy.Violation;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;

/** AssertJ assertions on a {@link RunResult}; see {@link DataProductAssertions}. */
public final class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {

  RunResultAssert(RunResult actual) {
    super(actual, RunResultAssert.class);
  }

  private String summary() {
    return "run " + actual.runId() + " of " + actual.product() + ": " + actual.outcome()
        + actual.error().map(e -> " (" + e + ")").orElse("") + ", outputs " + actual.outputs()
        + ", violations " + actual.violations();
  }

  /** The run published (with or without warnings). */
  public RunResultAssert succeeded() {
    isNotNull();
    if (!actual.succeeded()) {
      failWithMessage("Expected the run to succeed but it failed: %s", summary());
    }
    return this;
  }

  /** The run failed. */
  public RunResultAssert failed() {
    isNotNull();
    if (actual.succeeded()) {
      failWithMessage("Expected the run to fail but it %s: %s", actual.outcome(), summary());
    }
    return this;
  }

  public RunResultAssert hasOutcome(RunOutcome outcome) {
    isNotNull();
    if (actual.outcome() != outcome) {
      failWithMessage("Expected outcome %s but was %s", outcome, summary());
    }
    return this;
  }

  /** Assertions on the run's error (fails when there is none). */
  public AbstractThrowableAssert<?, ? extends Throwable> error() {
    isNotNull();
    if (actual.error().isEmpty()) {
      failWithMessage("Expected the run to have an error but it has none: %s", summary());
    }
    return Assertions.assertThat(actual.error().get());
  }

  /** Exactly {@code rows} rows were published to {@code port}. */
  public RunResultAssert wrote(String port, long rows) {
    isNotNull();
    OutputCounts c = counts(port);
    if (c.written() != rows) {
      failWithMessage("Expected %s rows written to port '%s' but were %s: %s", rows, port,
          c.written(), summary());
    }
    if (actual.succeeded() && actual.publication(port).map(p -> p.rows() != rows).orElse(true)) {
      failWithMessage("Expected a publication of %s rows on port '%s' but it is %s", rows, port,
          actual.publication(port));
    }
    return this;
  }

  /** Exactly {@code rows} rows of {@code port} were quarantined, by any rule. */
  public RunResultAssert quarantined(String port, long rows) {
    isNotNull();
    long q = actual.inputs().containsKey(port) ? actual.input(port).quarantined()
        : counts(port).quarantined();
    if (q != rows) {
      failWithMessage("Expected %s rows quarantined on port '%s' but were %s: %s", rows, port, q,
          summary());
    }
    return this;
  }

  /** Exactly {@code rows} rows of {@code port} were quarantined by rule {@code ruleId}. */
  public RunResultAssert quarantined(String port, long rows, String ruleId) {
    isNotNull();
    long q = actual.quarantined(port, ruleId);
    if (q != rows) {
      failWithMessage("Expected %s rows quarantined on port '%s' by rule '%s' but were %s;"
          + " violations: %s", rows, port, ruleId, q, actual.violations());
    }
    return this;
  }

  /** Rule {@code ruleId} was violated {@code count} times (any port, any action). */
  public RunResultAssert violated(String ruleId, long count) {
    isNotNull();
    long n = actual.violations().stream().filter(v -> v.ruleId().equals(ruleId))
        .mapToLong(Violation::count).sum();
    if (n != count) {
      failWithMessage("Expected rule '%s' violated %s times but was %s; violations: %s", ruleId,
          count, n, actual.violations());
    }
    return this;
  }

  /** No publication was committed on any port. */
  public RunResultAssert publishedNothing() {
    isNotNull();
    if (!actual.publications().isEmpty()) {
      failWithMessage("Expected no publication but found %s", actual.publications());
    }
    return this;
  }

  /** Every row-accounting identity holds (see {@link RunResult}). */
  public RunResultAssert accountingBalanced() {
    isNotNull();
    if (!actual.accountingBalanced()) {
      failWithMessage("Expected balanced row accounting but: %s",
          actual.accountingProblems().stream().collect(Collectors.joining("; ")));
    }
    return this;
  }

  private OutputCounts counts(String port) {
    OutputCounts c = actual.outputs().get(port);
    if (c == null) {
      failWithMessage("Run has no output port '%s'; ports are %s", port,
          actual.outputs().keySet());
    }
    return c;
  }
}
