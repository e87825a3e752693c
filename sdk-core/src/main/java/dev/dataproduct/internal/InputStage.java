package dev.dataproduct.internal;

import dev.dataproduct.InputCounts;
import dev.dataproduct.InputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.ReadContext;
import dev.dataproduct.telemetry.Telemetry;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One input port in one run: reads its batches once, conforms each row to the port's schema,
 * checks the product's expectations of the port, and hands the accepted rows to the transform.
 * Rejected rows and records the port could not read at all ({@link #quarantine}) go to the
 * product's input quarantine. Keeps the port's ledger: {@code read = quarantined + delivered}.
 */
final class InputStage implements ReadContext {
  private static final Logger LOG = LoggerFactory.getLogger(InputStage.class);

  private final RunState run;
  private final InputPort port;
  private final Conformance conformance;
  private final RowCheck[] checks;
  private final RunObserver.InputObserver observer;
  private BatchReader reader;
  private boolean opened;
  private boolean exhausted;
  private long read;
  private long quarantined;
  private long delivered;

  InputStage(RunState run, InputPort port, List<RowRule> expectations, RunObserver observers) {
    this.run = run;
    this.port = port;
    this.conformance = new Conformance(port.schema());
    this.checks = RowChecks.compileAll(ImpliedRules.ordered(expectations), port.schema(),
        run.startedAt, run.keys, "input port '" + port.name() + "'", Uniqueness.RUN_INPUT);
    this.observer = observers.input(port);
  }

  InputPort port() {
    return port;
  }

  /** The port's batches of accepted rows; once per run. */
  Iterator<List<Row>> batches() {
    if (opened) {
      throw new IllegalStateException(
          "Input port '" + port.name() + "' can be iterated once per run");
    }
    opened = true;
    try (Scope ignored = observer.opened()) {
      reader = port.read(this);
    } catch (RuntimeException e) {
      RuntimeException located = PortErrors.where("Input", port.name(), "opening the read", e);
      observer.openFailed(located);
      throw located;
    }
    return new Iterator<>() {
      List<Row> next;

      @Override
      public boolean hasNext() {
        while (next == null && !exhausted) {
          List<Row> raw = readBatch();
          if (raw.isEmpty()) {
            exhausted = true;
            close();
            break;
          }
          List<Row> accepted = accept(raw);
          if (!accepted.isEmpty()) {
            next = accepted;
          }
        }
        return next != null;
      }

      @Override
      public List<Row> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<Row> b = next;
        next = null;
        return b;
      }
    };
  }

  private List<Row> readBatch() {
    try {
      return reader.next();
    } catch (RuntimeException e) {
      throw PortErrors.where("Input", port.name(), "reading", e);
    }
  }

  private List<Row> accept(List<Row> raw) {
    List<Row> accepted = new ArrayList<>(raw.size());
    long before = read;
    long quarantinedBefore = quarantined;
    try {
      for (Row row : raw) {
        read++;
        Row r = conformance.conform(row);
        if (r == null) {
          reject(row, Quarantine.SCHEMA_RULE_ID, Action.QUARANTINE, conformance.reason());
          continue;
        }
        RowCheck rejecting = run.firstRejecting(checks, r, port.name());
        if (rejecting == null) {
          accepted.add(r);
        } else {
          reject(r, rejecting.rule().id(), rejecting.rule().action(), rejecting.reason(r));
        }
      }
    } finally {
      delivered += accepted.size();
      observer.batchRead(read - before, quarantined - quarantinedBefore);
    }
    return Collections.unmodifiableList(accepted);
  }

  private void reject(Row row, String ruleId, Action action, String reason) {
    quarantined++;
    run.reject("Input", port.name(), PortStorage.inputQuarantine(run.product), row, ruleId,
        action, reason);
  }

  /** A record the port's reader could not read as a row: read, and quarantined. */
  @Override
  public void quarantine(String reason, String record) {
    Objects.requireNonNull(reason, "reason");
    if (!opened) {
      throw new IllegalStateException("Input port '" + port.name() + "' quarantined a record"
          + " before it was read");
    }
    read++;
    quarantined++;
    observer.batchRead(1, 1);
    run.ledger.record(port.name(), Quarantine.MALFORMED_RULE_ID, Action.QUARANTINE, reason);
    run.quarantineFor(PortStorage.inputQuarantine(run.product), port.name()).add(
        QuarantineRecords.ofMalformed(run.runId, run.product.name(), port.name(), reason,
            run.product.clock().instant(), record));
  }

  /** Closes the reader (once) and ends the stage. */
  void close() {
    if (reader != null) {
      try {
        reader.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing input {} failed", port.name(), e);
      }
      reader = null;
    }
    observer.closed(read, quarantined);
  }

  /** The run's publications are visible: the port may store what it needs (a watermark). */
  void committed() {
    port.onRunCommitted(this);
  }

  InputCounts counts() {
    return new InputCounts(port.name(), read, quarantined, delivered);
  }

  @Override
  public String productName() {
    return run.product.name();
  }

  @Override
  public String productVersion() {
    return run.product.version().toString();
  }

  @Override
  public String productDomain() {
    return run.product.domain();
  }

  @Override
  public Telemetry telemetry() {
    return run.product.telemetry();
  }

  @Override
  public String portName() {
    return port.name();
  }

  @Override
  public String runId() {
    return run.runId;
  }

  @Override
  public int batchSize() {
    return run.batchSize;
  }

  @Override
  public void setAttribute(String key, String value) {
    observer.attribute(key, value);
  }
}
