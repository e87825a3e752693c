package dev.dataproduct.internal;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.InputCounts;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputCounts;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a product, orchestrated: it owns the order of the stages, not their work.
 * Single-threaded; a new instance per {@link DataProduct#run()}, so concurrent runs share nothing
 * but the ports.
 *
 * <p>Order of a run: open every output port ({@link OutputStage}: contract gate first, then the
 * publications); run the transform ({@link RunTransformContext}), which pulls input batches
 * ({@link InputStage}) and emits rows that the output stages judge and write; check the dataset
 * rules; check row accounting ({@link Accounting}); commit the quarantine records ({@link
 * QuarantineSink}), then each port's publication. Any failure aborts every publication not yet
 * committed; quarantine records are still committed for diagnosis. A commit whose outcome its
 * store cannot tell ({@link CommitOutcomeUnknownException}) ends the run as {@link
 * RunOutcome#COMMIT_UNKNOWN}. No {@link Error} escapes: a run out of heap fails like any other,
 * its uniqueness keys released first (see {@link KeyBudget}). Violations are counted in the
 * run's {@link ViolationLedger}; spans and meters are made by {@link RunTelemetry}, which only
 * observes. What every run does around its stages (telemetry, listeners, accounting, quarantine
 * after a failure, the result) is the {@link RunSession}'s, shared with {@link EngineRunner}.
 */
public final class Runner {
  private final DataProduct product;
  private final RunState run;
  private final Map<String, InputStage> inputs = new LinkedHashMap<>();
  private final Map<String, OutputStage> outputs = new LinkedHashMap<>();
  /** An input port's post-commit hook (e.g. storing a watermark) failed. */
  private boolean postCommitProblem;
  /** The output port whose commit has an unknown outcome, if one has. */
  private String commitUnknown;

  public Runner(DataProduct product) {
    this.product = product;
    this.run = new RunState(product);
  }

  /** Runs the product once; never throws for a failed run (see {@link RunResult#error()}). */
  public RunResult run() {
    RunSession session = new RunSession(product, run);
    Throwable error = null;
    Map<String, Publication> publications = new LinkedHashMap<>();
    try (Scope ignored = session.observer.enterRun()) {
      execute(session, publications);
    } catch (Throwable t) {
      error = failure(t);
      for (OutputStage out : outputs.values()) {
        out.abort(error);
      }
      session.failed(error, publications.keySet(), commitUnknown);
    } finally {
      run.keys.close();
      closeInputs();
    }
    return session.end(error, publications, commitUnknown, postCommitProblem, inputCounts(),
        outputCounts(false), product.transform().isRowWise());
  }

  private void execute(RunSession session, Map<String, Publication> publications)
      throws Exception {
    RunObserver observer = session.observer;
    for (InputPort in : product.inputs().values()) {
      inputs.put(in.name(), new InputStage(run, in,
          product.expectations().getOrDefault(in.name(), List.of()), observer));
    }
    for (OutputPort out : product.outputs().values()) {
      outputs.put(out.name(), new OutputStage(run, out, observer));
    }
    for (OutputStage out : outputs.values()) {
      out.open();
    }
    for (OutputStage out : outputs.values()) {
      out.openWriter();
    }
    try (Scope ignored = observer.transformStarted()) {
      product.transform().apply(new RunTransformContext(run, inputs, outputs));
      run.throwIfFailed();
    } catch (Throwable t) {
      observer.transformFailed(t);
      throw t;
    } finally {
      observer.transformEnded();
    }
    closeInputs();
    for (OutputStage out : outputs.values()) {
      out.flush();
    }
    for (OutputStage out : outputs.values()) {
      out.checkDataset();
    }
    run.throwIfFailed();
    session.checkAccounting(inputCounts(), outputCounts(true), product.transform().isRowWise());
    // quarantine first: if it cannot be stored, nothing is published and nothing is lost.
    // Then the ports, in declaration order; a store that fails at its commit leaves the ports
    // before it published (PARTIALLY_PUBLISHED) and aborts those after it.
    session.commitQuarantines();
    for (OutputStage out : outputs.values()) {
      try {
        publications.put(out.port().name(), out.commit());
      } catch (CommitOutcomeUnknownException e) {
        commitUnknown = out.port().name();
        throw e;
      }
    }
    // the publications are visible already: a failure now is a warning
    postCommitProblem = session.inputsCommitted(inputs.values());
  }

  /**
   * What a run that threw {@code t} reports. The uniqueness keys are released first: a run that
   * ran out of heap gets it back before it aborts. An {@link OutOfMemoryError} becomes a failure
   * saying what held memory and what to configure; no {@link Error} escapes {@link #run()}.
   */
  private Throwable failure(Throwable t) {
    String holder = "";
    if (t instanceof OutOfMemoryError) {
      try {
        holder = run.keys.largestHolder();
      } catch (OutOfMemoryError again) {
        holder = "";
      }
    }
    run.keys.close();
    if (!(t instanceof OutOfMemoryError)) {
      return t;
    }
    return new DataProductException("Run of product '" + product.name() + "' ran out of heap"
        + " memory (" + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)"
        + (holder.isEmpty() ? "" : "; uniqueness " + holder) + ". Give the JVM more heap"
        + " (-Xmx), lower DataProduct.Builder.uniquenessMemory(bytes) (now "
        + (run.keys.limit() == Long.MAX_VALUE ? "unbounded" : (run.keys.limit() >> 20) + " MiB")
        + ") so that more keys spill to disk, or lower batchSize (now " + run.batchSize + ")",
        t);
  }

  private void closeInputs() {
    for (InputStage in : inputs.values()) {
      in.close();
    }
  }

  private Map<String, InputCounts> inputCounts() {
    Map<String, InputCounts> m = new LinkedHashMap<>();
    for (InputStage in : inputs.values()) {
      m.put(in.port().name(), in.counts());
    }
    return m;
  }

  private Map<String, OutputCounts> outputCounts(boolean beforeCommit) {
    Map<String, OutputCounts> m = new LinkedHashMap<>();
    for (OutputStage out : outputs.values()) {
      m.put(out.port().name(), out.counts(beforeCommit, run.filtered));
    }
    return m;
  }
}
