package dev.dataproduct.spi;

import dev.dataproduct.Field;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.internal.Conformance;
import dev.dataproduct.internal.QuarantineRecords;
import dev.dataproduct.internal.Representability;
import dev.dataproduct.internal.RowCheck;
import dev.dataproduct.internal.RowChecks;
import dev.dataproduct.policy.Action;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * contract's custom rules must have their predicates bound.
 */
public final class OutputJudge {
  private final Conformance conformance;
  private final Representability representable;
  private final Action onNonConforming;
  private final RowCheck[] rules;
  private final List<Key> keys;
  private final RowCheck[] keyChecks;
  private final int[][] keyIndex;

  private OutputJudge(DataContract contract, ValueDomain domain, Action onNonConforming,
      Instant now) {
    Schema schema = contract.schema();
    this.conformance = new Conformance(schema);
    this.representable = Representability.compile(schema, domain);
    this.onNonConforming = onNonConforming;
    List<RowCheck> plain = new ArrayList<>();
    List<RowCheck> unique = new ArrayList<>();
    boolean hasComposite = schema.uniqueKeys().stream().anyMatch(k -> k.size() > 1);
    for (RowCheck c : RowChecks.compileEffective(contract, now)) {
      boolean keyed = RowChecks.isUniqueness(c)
          && (c.rule().field().isPresent() || hasComposite);
      (keyed ? unique : plain).add(c);
    }
    this.rules = plain.toArray(new RowCheck[0]);
    this.keyChecks = unique.toArray(new RowCheck[0]);
    this.keyIndex = new int[keyChecks.length][];
    List<Key> ks = new ArrayList<>();
    List<List<Field>> composite = new ArrayList<>();
    for (List<Field> key : schema.uniqueKeys()) {
      if (key.size() > 1) {
        composite.add(key);
      }
    }
    for (int i = 0; i < keyChecks.length; i++) {
      RowCheck c = keyChecks[i];
      List<String> fields = c.rule().field().isPresent() ? List.of(c.rule().field().get())
          : composite.get(0).stream().map(Field::name).toList();
      keyIndex[i] = fields.stream().mapToInt(schema::indexOf).toArray();
      ks.add(new Key(c.rule().id(), c.rule().action(), fields));
    }
    this.keys = List.copyOf(ks);
  }

  /**
   * A judge of {@code contract}'s rows for a store of {@code domain}.
   *
   * @param onNonConforming the port's action for rows that do not conform or cannot be stored
   *     ({@code QUARANTINE} or {@code FAIL})
   * @param now the instant "in the future" is measured from (the run's start)
   * @throws IllegalArgumentException when a rule does not fit its field
   */
  public static OutputJudge of(DataContract contract, ValueDomain domain, Action onNonConforming,
      Instant now) {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(onNonConforming, "onNonConforming");
    Objects.requireNonNull(now, "now");
    if (onNonConforming == Action.WARN) {
      throw new IllegalArgumentException("onNonConforming must be QUARANTINE or FAIL, was WARN");
    }
    return new OutputJudge(contract, domain, onNonConforming, now);
  }

  /**
   * Judges one row, bound to any schema with the contract's field names, as the run's output
   * stage does, uniqueness aside. WARN violations met before the verdict are listed in it.
   */
  public Verdict judge(Row row) {
    Objects.requireNonNull(row, "row");
    Row r = conformance.conform(row);
    if (r == null) {
      return new Verdict(row, Quarantine.SCHEMA_RULE_ID, onNonConforming, conformance.reason(),
          List.of());
    }
    String unrepresentable = representable.check(r);
    if (unrepresentable != null) {
      return new Verdict(r, Quarantine.REPRESENTABLE_RULE_ID, onNonConforming, unrepresentable,
          List.of());
    }
    List<Warning> warnings = List.of();
    for (RowCheck c : rules) {
      if (!c.test(r)) {
        if (c.rule().action() != Action.WARN) {
          return new Verdict(r, c.rule().id(), c.rule().action(), c.reason(r), warnings);
        }
        if (warnings.isEmpty()) {
          warnings = new ArrayList<>(2);
        }
        warnings.add(new Warning(c.rule().id(), c.reason(r)));
      }
    }
    return new Verdict(r, null, null, null, warnings);
  }

  /** The uniqueness the contract asks for, in the order a run checks it (after other rules). */
  public List<Key> keys() {
    return keys;
  }

  /**
   * The value of key {@code key} (an index into {@link #keys()}) of an accepted row, as a string
   * that is equal for two rows exactly when a run would call them duplicates (decimals compare by
   * value, values of different Java types never collide); {@code null} when the row can never be a
   * duplicate (a single-field key whose value is null).
   */
  public String keyOf(int key, Row conformed) {
    int[] index = keyIndex[key];
    if (index.length == 1) {
      Object v = conformed.get(index[0]);
      return v == null ? null : encode(new StringBuilder(), v).toString();
    }
    StringBuilder b = new StringBuilder();
    for (int i : index) {
      encode(b, conformed.get(i)).append(';');
    }
    return b.toString();
  }

  private static StringBuilder encode(StringBuilder b, Object v) {
    if (v == null) {
      return b.append('~');
    }
    String s = v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v.toString();
    return b.append(v.getClass().getSimpleName()).append(':').append(s.length()).append(':')
        .append(s);
  }

  /** Why an accepted row is a duplicate of an earlier row under key {@code key}. */
  public String duplicateReason(int key, Row conformed) {
    return keyChecks[key].reason(conformed);
  }

  /**
   * The quarantine record of a rejected row, as a run stores it ({@link Quarantine#SCHEMA}; the
   * reason of a FAIL violation starts with {@code FAIL: }).
   */
  public static Row quarantineRecord(String runId, String product, String port, String ruleId,
      Action action, String reason, Instant at, Row row) {
    return QuarantineRecords.of(runId, product, port, ruleId,
        action == Action.FAIL ? "FAIL: " + reason : reason, at, row);
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
  public record Verdict(Row row, String ruleId, Action action, String reason,
      List<Warning> warnings) {
    /** Whether the row passed every check but uniqueness. */
    public boolean accepted() {
      return ruleId == null;
    }
  }

  /** A WARN violation: counted, the row published anyway. */
  public record Warning(String ruleId, String reason) {}

  /**
   * A uniqueness a run checks: rule id and action, and the fields of the key.
   *
   * @param fields one field, or the fields of a composite primary key
   */
  public record Key(String ruleId, Action action, List<String> fields) {
    public Key {
      fields = List.copyOf(fields);
    }
  }
}
