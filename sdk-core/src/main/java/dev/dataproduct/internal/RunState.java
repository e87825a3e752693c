package dev.dataproduct.internal;

import dev.dataproduct.ContractViolationException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Row;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.PublicationStore;
import java.time.Instant;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the stages of one run share: its ids, the violation ledger, the quarantine sinks (one per
 * store) and the run's sticky failure, and the two steps every stage takes with a row it checks:
 * run the compiled rules ({@link #firstRejecting}) and reject ({@link #reject}); and the {@link
 * KeyBudget} its uniqueness checks share.
 * Single-threaded, like the run.
 */
final class RunState {
  final DataProduct product;
  final String runId = UUID.randomUUID().toString();
  final Instant startedAt;
  final int batchSize;
  final ViolationLedger ledger = new ViolationLedger();
  /** The heap the run's uniqueness checks keep their keys in; closed when the run ends. */
  final KeyBudget keys;
  private final Map<PublicationStore, QuarantineSink> quarantines = new IdentityHashMap<>();
  /** The first FAIL violation; sticky, so a transform that catches it cannot publish anyway. */
  private ContractViolationException failure;
  /** Rows the transform said it dropped on purpose ({@code countFiltered}). */
  long filtered;

  RunState(DataProduct product) {
    this.product = product;
    this.startedAt = product.clock().instant();
    this.batchSize = product.batchSize();
    this.keys = KeyBudget.of(product.uniquenessMemory(), product.spillDirectory());
  }

  /** A uniqueness check that could not keep its keys; sticky like {@link #failure}. */
  private KeyMemoryException keysLost;

  /** Throws the run's FAIL violation, or the loss of a uniqueness check's keys, if either. */
  void throwIfFailed() {
    if (keysLost != null) {
      throw keysLost;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The run's failure with {@code message}, or the earlier one: the first FAIL wins. */
  ContractViolationException fail(String message) {
    if (failure == null) {
      failure = new ContractViolationException(message);
    }
    return failure;
  }

  /**
   * Runs {@code checks} on a conforming row in order. WARN violations are recorded and checking
   * goes on; the first QUARANTINE or FAIL violation stops it.
   *
   * @return the check that rejects the row, or {@code null} when the row is accepted
   */
  RowCheck firstRejecting(RowCheck[] checks, Row row, String port) {
    try {
      for (RowCheck c : checks) {
        if (!c.test(row)) {
          if (c.rule().action() != Action.WARN) {
            return c;
          }
          ledger.record(port, c.rule().id(), Action.WARN, c.reason(row));
        }
      }
      return null;
    } catch (KeyMemoryException e) {
      // a transform that catches it cannot publish without the check anyway
      keysLost = e;
      throw e;
    }
  }

  /**
   * A row rejected on a port: recorded, sent to the quarantine sink of {@code sink} (also for
   * FAIL, so a failed run can be diagnosed), and for FAIL the run's sticky failure is thrown.
   *
   * @param kind {@code Input} or {@code Output}, for the failure's message
   */
  void reject(String kind, String port, PublicationStore sink, Row row, String ruleId,
      Action action, String reason) {
    ledger.record(port, ruleId, action, reason);
    quarantineFor(sink, port).add(QuarantineRecords.of(runId, product.name(), port, ruleId,
        action == Action.FAIL ? "FAIL: " + reason : reason, product.clock().instant(), row));
    if (action == Action.FAIL) {
      throw fail(kind + " port '" + port + "': rule '" + ruleId + "' (action FAIL) violated: "
          + reason);
    }
  }

  /** The quarantine sink of {@code store}, opened on first use by {@code port}. */
  QuarantineSink quarantineFor(PublicationStore store, String port) {
    return quarantines.computeIfAbsent(store, s -> new QuarantineSink(this, s, port));
  }

  /** Every quarantine sink used so far, in no particular order. */
  Collection<QuarantineSink> quarantines() {
    return quarantines.values();
  }
}
