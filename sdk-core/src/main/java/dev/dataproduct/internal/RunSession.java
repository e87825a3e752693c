package dev.dataproduct.internal;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.InputCounts;
import dev.dataproduct.OutputCounts;
import dev.dataproduct.Publication;
import dev.dataproduct.RunListener;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every run of a product does around its stages, whichever engine executes them ({@link
 * Runner} in this JVM, {@link EngineRunner} for an engine elsewhere): the run's state and its
 * telemetry (the run span starts here), the run listeners told at the start and at the end, row
 * accounting checked before anything is committed, the quarantine stored, the input ports told of
 * the commit, and the {@link RunResult} with its outcome. Single-threaded.
 */
final class RunSession {
  private static final Logger LOG = LoggerFactory.getLogger(RunSession.class);

  final DataProduct product;
  final RunState run;
  final RunObserver observer;
  private final RunListener.Start start;

  /** Starts the run's telemetry and tells the listeners that the run started. */
  RunSession(DataProduct product, RunState run) {
    this.product = product;
    this.run = run;
    this.observer = new RunTelemetry(product, run.runId, run.ledger);
    this.start = new RunListener.Start(product, run.runId, run.startedAt, observer.traceId(),
        observer.spanId(), observer.sampled());
    for (RunListener l : product.listeners()) {
      try {
        l.onStart(start);
      } catch (RuntimeException e) {
        LOG.warn("Run listener {} failed on the start of run {} of {}",
            l.getClass().getName(), run.runId, product.name(), e);
      }
    }
  }

  /**
   * Checks row accounting before anything is committed.
   *
   * @throws DataProductException naming every problem when it does not balance
   */
  void checkAccounting(Map<String, InputCounts> inputs, Map<String, OutputCounts> outputs,
      boolean rowWise) {
    List<String> problems = Accounting.problems(inputs, outputs, rowWise);
    if (!problems.isEmpty()) {
      LOG.error("Row accounting of run {} of {} does not balance: {}", run.runId,
          product.name(), problems);
      throw new DataProductException("Row accounting does not balance: " + problems);
    }
  }

  /** Commits the rows the run quarantined (before any port is committed). */
  void commitQuarantines() {
    for (QuarantineSink q : run.quarantines()) {
      q.commit();
    }
  }

  /**
   * The run failed with {@code error}, its uncommitted ports aborted: stores what it quarantined
   * (for diagnosis; a failure there joins {@code error}), fails the run span and says so.
   *
   * @param published the ports that were committed before the failure
   * @param commitUnknown the port whose commit has an unknown outcome, or null
   */
  void failed(Throwable error, Set<String> published, String commitUnknown) {
    for (QuarantineSink q : run.quarantines()) {
      try {
        q.commit();
      } catch (RuntimeException e) {
        error.addSuppressed(dev.dataproduct.VendorException.sanitize(e));
        LOG.error("Run {} of {}: {} quarantined rows could not be stored: {}", run.runId,
            product.name(), q.total(), describe(e));
      }
    }
    observer.runFailed(error);
    if (commitUnknown != null) {
      LOG.error("Run {} of product {}: the commit of output port {} has an unknown outcome"
          + " (ports published before it: {}); check its store before running again: {}",
          run.runId, product.name(), commitUnknown, published, describe(error));
    } else if (published.isEmpty()) {
      LOG.warn("Run {} of product {} failed: {}", run.runId, product.name(), describe(error));
    } else {
      LOG.warn("Run {} of product {} failed after output ports {} had published; nothing of"
          + " it is visible on the other ports: {}", run.runId, product.name(), published,
          describe(error));
    }
  }

  /**
   * Tells the input ports read here that the run's publications are committed (a watermark is
   * stored, say). A failure there is a warning, not a failure: the publications are visible.
   *
   * @return whether one of them failed
   */
  boolean inputsCommitted(Collection<InputStage> inputs) {
    boolean problem = false;
    for (InputStage in : inputs) {
      try {
        in.committed();
      } catch (RuntimeException e) {
        problem = true;
        LOG.warn("Run {} of {}: input port {} failed after the commit: {}", run.runId,
            product.name(), in.port().name(), describe(e));
      }
    }
    return problem;
  }

  /**
   * Ends the run: its outcome and result, the run span ended, the listeners told.
   *
   * @param error why the run failed, or null
   * @param publications the ports committed, in declaration order
   * @param commitUnknown the port whose commit has an unknown outcome, or null
   * @param postCommitProblem whether an input port failed after the commit (a warning)
   */
  RunResult end(Throwable error, Map<String, Publication> publications, String commitUnknown,
      boolean postCommitProblem, Map<String, InputCounts> inputs,
      Map<String, OutputCounts> outputs, boolean rowWise) {
    boolean warnings = postCommitProblem || run.ledger.any();
    RunOutcome outcome = error == null
        ? warnings ? RunOutcome.SUCCEEDED_WITH_WARNINGS : RunOutcome.SUCCEEDED
        : commitUnknown != null ? RunOutcome.COMMIT_UNKNOWN
        : publications.isEmpty() ? RunOutcome.FAILED : RunOutcome.PARTIALLY_PUBLISHED;
    Map<String, RunResult.PortState> states = new LinkedHashMap<>();
    for (String port : product.outputs().keySet()) {
      states.put(port, publications.containsKey(port) ? RunResult.PortState.PUBLISHED
          : port.equals(commitUnknown) ? RunResult.PortState.COMMIT_UNKNOWN
          : RunResult.PortState.NOT_PUBLISHED);
    }
    RunResult result = new RunResult(run.runId, product.name(), product.version().toString(),
        outcome, run.startedAt, product.clock().instant(), inputs, outputs, rowWise,
        publications, run.ledger.violations(), Optional.ofNullable(error), states);
    observer.runEnded(result);
    for (RunListener l : product.listeners()) {
      try {
        l.onComplete(start, result);
      } catch (RuntimeException e) {
        LOG.warn("Run listener {} failed on the end of run {} of {}",
            l.getClass().getName(), run.runId, product.name(), e);
      }
    }
    return result;
  }

  private static String describe(Throwable t) {
    // only the SDK's own messages are known to be free of classified values
    return DataProductException.describe(t);
  }
}
