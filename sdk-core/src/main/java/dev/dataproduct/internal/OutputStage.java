package dev.dataproduct.internal;

import dev.dataproduct.OutputCounts;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.DatasetStats;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output port in one run: buffers the rows the transform emits, judges each batch ({@link
 * #judge}: schema conformance, then the contract's compiled rules, uniqueness last), hands the
 * accepted rows to the store's writer, checks the dataset rules, and commits or aborts the port's
 * publication. Rejected rows go to the port's quarantine. Keeps the port's ledger: {@code
 * received = written + quarantined + discarded}.
 */
final class OutputStage {
  private static final Logger LOG = LoggerFactory.getLogger(OutputStage.class);

  private final RunState run;
  private final OutputPort port;
  private final Conformance conformance;
  private final RowCheck[] checks;
  private final List<Row> buffer;
  private final RunObserver.OutputObserver observer;
  private PublicationWriter writer;
  private Representability representable;
  private Publication publication;
  private long received;
  private long accepted;
  private long quarantined;

  OutputStage(RunState run, OutputPort port, RunObserver observers) {
    this.run = run;
    this.port = port;
    DataContract contract = port.contract();
    this.conformance = new Conformance(contract.schema());
    this.checks = RowChecks.compileAll(ImpliedRules.effectiveRules(contract), contract.schema(),
        run.startedAt, run.keys, "output port '" + port.name() + "'", Uniqueness.PUBLICATION);
    this.buffer = new ArrayList<>(Math.min(run.batchSize, 65_536));
    this.observer = observers.output(port);
  }

  OutputPort port() {
    return port;
  }

  /** Starts the stage and passes the compatibility gate, before any publication is opened. */
  void open() {
    observer.opened();
    try {
      ContractGate.check(port);
    } catch (RuntimeException e) {
      throw PortErrors.where("Output", port.name(), "checking the contract against the last"
          + " publication", e);
    }
  }

  /** Opens the port's publication. */
  void openWriter() {
    // the publication carries who published it and who may read it (see PublishedAccess)
    DataContract published = new PublishedAccess(run.product.name(), run.product.domain(),
        port.name(), port.accessPolicies()).attachTo(port.contract());
    try {
      writer = PortStorage.store(port).open(new PortWriteContext(run, port.name(), published,
          observer));
    } catch (RuntimeException e) {
      throw PortErrors.where("Output", port.name(), "opening a publication", e);
    }
    representable = Representability.compile(port.contract().schema(),
        PortStorage.store(port).valueDomain());
  }

  /** A row the transform emitted; judged and written when a batch is full. */
  void emit(Row row) {
    run.throwIfFailed();
    received++;
    buffer.add(row);
    if (buffer.size() >= run.batchSize) {
      flush();
    }
  }

  /** Judges the buffered rows and writes the accepted ones. */
  void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    List<Row> batch = new ArrayList<>(buffer.size());
    int processed = 0;
    long quarantinedBefore = quarantined;
    try {
      for (Row row : buffer) {
        processed++;
        Row r = judge(row);
        if (r != null) {
          batch.add(r);
        }
      }
    } finally {
      buffer.subList(0, processed).clear();
      observer.batchChecked(quarantined - quarantinedBefore);
    }
    if (!batch.isEmpty()) {
      try {
        writer.write(Collections.unmodifiableList(batch));
      } catch (RuntimeException e) {
        throw PortErrors.where("Output", port.name(), "writing a batch", e);
      }
      accepted += batch.size();
    }
    observer.bytesWritten(writer.bytesWritten());
  }

  /**
   * The one place a row is judged before it may reach the store's writer: conformance to the
   * contract's schema (types, nullability, length, precision), then whether the store can keep
   * every value exactly ({@link Representability}), then the compiled rules in order
   * (uniqueness last, so a rejected row never claims its key). A check added here (e.g. whether
   * the store can represent a value) rejects the row the same way.
   *
   * @return the conformed row when accepted; {@code null} when it was rejected (quarantined)
   */
  private Row judge(Row row) {
    Row r = conformance.conform(row);
    if (r == null) {
      reject(row, Quarantine.SCHEMA_RULE_ID, port.onNonConforming(), conformance.reason());
      return null;
    }
    String unrepresentable = representable.check(r);
    if (unrepresentable != null) {
      reject(r, Quarantine.REPRESENTABLE_RULE_ID, port.onNonConforming(), unrepresentable);
      return null;
    }
    RowCheck rejecting = run.firstRejecting(checks, r, port.name());
    if (rejecting != null) {
      reject(r, rejecting.rule().id(), rejecting.rule().action(), rejecting.reason(r));
      return null;
    }
    return r;
  }

  private void reject(Row row, String ruleId, Action action, String reason) {
    quarantined++;
    run.reject("Output", port.name(), PortStorage.quarantine(port), row, ruleId, action,
        reason);
  }

  /** Checks the contract's dataset rules on what was accepted; a FAIL rule fails the run. */
  void checkDataset() {
    checkDataset(run, port, accepted, quarantined);
  }

  /** The dataset rules of {@code port}, on counts a run (or an engine's job) reported. */
  static void checkDataset(RunState run, OutputPort port, long accepted, long quarantined) {
    DatasetStats stats = new DatasetStats(port.name(), accepted, quarantined,
        run.ledger.countsByRule(port.name()));
    for (DatasetRule rule : port.contract().datasetRules()) {
      Optional<String> reason;
      try {
        reason = rule.evaluate(stats);
      } catch (RuntimeException e) {
        reason = Optional.of("dataset rule '" + rule.id() + "' threw "
            + e.getClass().getSimpleName());
      }
      if (reason.isPresent()) {
        run.ledger.record(port.name(), rule.id(), rule.action(), reason.get());
        if (rule.action() == Action.FAIL) {
          throw run.fail("Output port '" + port.name() + "': rule '" + rule.id()
              + "' (action FAIL) violated: " + reason.get());
        }
      }
    }
  }

  /** Commits the port's publication: visible to readers from now on. */
  Publication commit() {
    try {
      publication = writer.commit();
    } catch (RuntimeException e) {
      throw PortErrors.where("Output", port.name(), "committing the publication", e);
    }
    observer.bytesWritten(writer.bytesWritten());
    writer = null;
    Publication p = publication;
    observer.committed(p, quarantined);
    if (p.rows() != accepted) {
      LOG.warn("Port {} committed {} rows but {} were written", port.name(), p.rows(),
          accepted);
    }
    return p;
  }

  /** Aborts the port's publication unless it was committed; failures join {@code cause}. */
  void abort(Throwable cause) {
    if (writer != null) {
      try {
        writer.abort();
      } catch (RuntimeException e) {
        cause.addSuppressed(dev.dataproduct.VendorException.sanitize(
            PortErrors.where("Output", port.name(), "aborting the publication", e)));
      }
      writer = null;
    }
    if (publication == null) {
      observer.aborted(cause);
    }
  }

  /**
   * The port's counts. Before commit, accepted rows count as written (they are about to be);
   * after, only rows of a committed publication do, the rest of the accepted rows are discarded.
   */
  OutputCounts counts(boolean beforeCommit, long filtered) {
    long written = beforeCommit || publication != null ? accepted : 0;
    long discarded = beforeCommit ? 0 : received - quarantined - written;
    return new OutputCounts(port.name(), received, written, quarantined, discarded, filtered);
  }
}
