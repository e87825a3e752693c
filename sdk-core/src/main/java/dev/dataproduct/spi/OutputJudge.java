package dev.dataproduct.spi;

import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.internal.RowJudge;
import dev.dataproduct.policy.Action;
import java.time.Instant;
import java.util.List;

/**
 * Judges rows for one output port exactly as a run's output stage does, for an engine that runs
 * the checks elsewhere (the executors of a Spark job): schema conformance, then whether the store
 * can keep every value ({@link ValueDomain}), then the contract's row rules in the run's order,
 * with the same rule ids and reasons. Uniqueness is the one check it does not make row by row:
 * which row of a key comes first is a property of the whole dataset, so the engine finds the
 * duplicates itself (a shuffle by {@link #keyOf}) and asks {@link #duplicateReason} for the
 * reason. Rows rejected by another rule claim no key, as in a run.
 *
 * <pre>{@code
 * OutputJudge judge = OutputJudge.of(contract, store.valueDomain(), Action.QUARANTINE, runStart);
 * OutputJudge.Verdict v = judge.judge(row);
 * if (v.accepted()) {
 *   writer.write(v.row());                      // conformed to the contract's schema
 * } else {
 *   quarantine.write(OutputJudge.quarantineRecord(runId, product, port, v.ruleId(),
 *       v.action(), v.reason(), now, v.row()));
 * }
 * }</pre>
 *
 * <p>Not thread-safe (compiled checks keep per-row state): build one per thread or partition. The
 * contract's custom rules must have their predicates bound. Implemented by the core only.
 */
public interface OutputJudge {
  /**
   * A judge of {@code contract}'s rows for a store of {@code domain}.
   *
   * @param onNonConforming the port's action for rows that do not conform or cannot be stored
   *     ({@code QUARANTINE} or {@code FAIL})
   * @param now the instant "in the future" is measured from (the run's start)
   * @throws IllegalArgumentException when a rule does not fit its field
   */
  static OutputJudge of(DataContract contract, ValueDomain domain, Action onNonConforming,
      Instant now) {
    return RowJudge.of(contract, domain, onNonConforming, now);
  }

  /**
   * Judges one row, bound to any schema with the contract's field names, as the run's output
   * stage does, uniqueness aside. WARN violations met before the verdict are listed in it.
   */
  Verdict judge(Row row);

  /** The uniqueness the contract asks for, in the order a run checks it (after other rules). */
  List<Key> keys();

  /**
   * The value of key {@code key} (an index into {@link #keys()}) of an accepted row, as a string
   * that is equal for two rows exactly when a run would call them duplicates (decimals compare by
   * value, values of different Java types never collide); {@code null} when the row can never be a
   * duplicate (a single-field key whose value is null).
   */
  String keyOf(int key, Row conformed);

  /**
   * 64-bit hashes of an accepted row's keys, computed from the values without building
   * {@link #keyOf}'s strings: one for each key whose {@code keyOf} is not null, in the order of
   * {@link #keys()}, written to {@code into} from index 0 (its length at least the number of keys).
   * Two rows whose {@code keyOf(k, ...)} are equal get the same hash for key {@code k}; the hash
   * also depends on {@code k}. Different keys may share a hash (about n²/2⁶⁵ among n keys): an
   * engine that finds a repeated hash must compare the keys themselves ({@link #keyOf}) before it
   * calls a row a duplicate. The hashes are the same in every JVM.
   *
   * @return how many hashes were written
   */
  int keyHashes(Row conformed, long[] into);

  /** Why an accepted row is a duplicate of an earlier row under key {@code key}. */
  String duplicateReason(int key, Row conformed);

  /**
   * The quarantine record of a rejected row, as a run stores it ({@link Quarantine#SCHEMA}; the
   * reason of a FAIL violation starts with {@code FAIL: }).
   */
  static Row quarantineRecord(String runId, String product, String port, String ruleId,
      Action action, String reason, Instant at, Row row) {
    return RowJudge.quarantineRecord(runId, product, port, ruleId, action, reason, at, row);
  }

  /**
   * What {@link #judge} decided.
   *
   * @param row the conformed row when it conforms, else the row as given
   * @param ruleId the rule that rejects the row, null when it is accepted
   * @param action that rule's action ({@code QUARANTINE} or {@code FAIL}), null when accepted
   * @param reason why it is rejected, null when accepted
   * @param warnings the WARN violations met, in order
   */
  record Verdict(Row row, String ruleId, Action action, String reason,
      List<Warning> warnings) {
    /** Whether the row passed every check but uniqueness. */
    public boolean accepted() {
      return ruleId == null;
    }
  }

  /** A WARN violation: counted, the row published anyway. */
  record Warning(String ruleId, String reason) {}

  /**
   * A uniqueness a run checks: rule id and action, and the fields of the key.
   *
   * @param fields one field, or the fields of a composite primary key
   */
  record Key(String ruleId, Action action, List<String> fields) {
    public Key {
      fields = List.copyOf(fields);
    }
  }
}
