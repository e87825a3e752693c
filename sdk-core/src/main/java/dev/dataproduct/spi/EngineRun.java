package dev.dataproduct.spi;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.internal.EngineRunner;
import dev.dataproduct.policy.Action;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * One run of a product whose transform and checks an engine executes elsewhere (the executors of
 * a Spark job), kept by the core so that it is the same run as {@link DataProduct#run()}: its id,
 * the contract gate and write context of each output port, the input ports read here with their
 * conformance, expectations and input quarantine, the violation ledger, the dataset rules, row
 * accounting, the spans and meters (same names, same attributes), the run listeners (lineage) and
 * the {@link RunResult}. The engine runs the job, reports what it counted, and writes and commits
 * through the stores in the run's order: quarantine first ({@link #commitQuarantine} and its
 * own), then each port's publication in declaration order.
 *
 * <pre>{@code
 * EngineRun run = EngineRun.start(product);
 * Throwable error = null;
 * try (Scope s = run.enter()) {
 *   EngineRun.Output out = run.output("revenue");        // write span, contract gate
 *   ... run the job; per port: out.checked(received, accepted, quarantined);
 *   ...                         out.violated(ruleId, action, count, example);
 *   run.check();                                         // dataset rules, accounting
 *   run.commitQuarantine();                              // then the engine's quarantine parts
 *   out.committed(write.commit(parts));
 * } catch (Throwable t) {
 *   error = t;                                           // the engine aborts its writes
 * }
 * return run.end(error);
 * }</pre>
 *
 * <p>Used by one thread, like a run. Not for products' own code: an engine module (sdk-spark)
 * implements runs with it.
 */
public interface EngineRun {

  /** Starts a run of {@code product}: the run span (child of the current span) and listeners. */
  static EngineRun start(DataProduct product) {
    return EngineRunner.start(product);
  }

  /** The run's id. */
  String runId();

  /** When the run started; "in the future" rules measure from it. */
  Instant startedAt();

  /** Makes the run span current on this thread until the scope is closed. */
  Scope enter();

  /**
   * Reads input port {@code port} here, as a run does: conformance to its schema, the product's
   * expectations, rejected rows to the input quarantine, counted and traced. Once per port.
   */
  Iterator<List<Row>> read(String port);

  /**
   * Records that the engine read {@code rows} rows of input port {@code port} itself (a Spark
   * reader): its read span and meter, and {@code read = delivered} in the accounting.
   */
  void readElsewhere(String port, long rows);

  /** The transform starts; the scope keeps its span current until closed. */
  Scope transformStarted();

  /** The transform failed. */
  void transformFailed(Throwable error);

  /** The transform is over. */
  void transformEnded();

  /**
   * Starts output port {@code port}'s stage: its write span, then the contract gate against its
   * last publication.
   *
   * @throws dev.dataproduct.IncompatibleContractException when the gate refuses the contract
   */
  Output output(String port);

  /**
   * Checks what the job reported: FAIL violations, the dataset rules of each port, row
   * accounting.
   *
   * @throws dev.dataproduct.DataProductException when the run must fail
   */
  void check();

  /** Commits the rows the core quarantined here (rejected at input ports read here). */
  void commitQuarantine();

  /**
   * Ends the run: spans and meters of every port not committed, the run's quarantine committed
   * when the run failed, listeners told, the inputs closed.
   *
   * @param error why the run failed, or null when every port was committed
   */
  RunResult end(Throwable error);

  /** One output port's stage in an engine run. */
  interface Output {

    /** The port. */
    OutputPort port();

    /**
     * What the store is told when the engine opens the port's publication (contract with its
     * published access attached, product, run); attributes set on it go to the write span.
     */
    WriteContext context();

    /**
     * What the port's quarantine store is told when the engine opens the publication of the
     * port's rejected rows ({@link dev.dataproduct.Quarantine#SCHEMA} records).
     */
    WriteContext quarantineContext();

    /** The job checked {@code received} rows: {@code accepted} pass, {@code quarantined} not. */
    void checked(long received, long accepted, long quarantined);

    /** The job counted {@code count} violations of one rule; {@code example} is one reason. */
    void violated(String ruleId, Action action, long count, String example);

    /** The port's data holds {@code total} bytes so far. */
    void bytesWritten(long total);

    /** The port's publication is committed. */
    void committed(Publication publication);

    /**
     * The port's commit has an unknown outcome ({@link
     * dev.dataproduct.RunOutcome#COMMIT_UNKNOWN}).
     */
    void commitUnknown();
  }
}
