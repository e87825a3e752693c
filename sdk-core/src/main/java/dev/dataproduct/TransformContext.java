package dev.dataproduct;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What a {@link Transform} reads from and writes to during one run. Not thread-safe. */
public interface TransformContext {

  /** The names of the product's input ports. */
  Set<String> inputs();

  /** The names of the product's output ports. */
  Set<String> outputs();

  /**
   * The rows of an input port, streamed batch by batch. Can be iterated once.
   *
   * @throws IllegalArgumentException naming the port and the known ones when there is none
   */
  Iterable<Row> rows(String inputPort);

  /** The batches of an input port, streamed. Can be iterated once. */
  Iterable<List<Row>> batches(String inputPort);

  /**
   * Sends a row to an output port. The row is checked against the port's contract in batches;
   * a violated {@code FAIL} rule throws {@link ContractViolationException} from here.
   *
   * @throws IllegalArgumentException naming the port and the known ones when there is none
   */
  void emit(String outputPort, Row row);

  /** Sends a row to the product's only output port. */
  void emit(Row row);

  /**
   * Records rows the transform dropped, so that row accounting stays exact. {@link Transforms}
   * calls it; a custom transform that drops rows on purpose may call it too.
   */
  void countFiltered(long rows);

  /** The id of this run. */
  String runId();

  /** When this run started. */
  Instant runStartedAt();
}
