package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.OutputJudge;
import dev.dataproduct.spi.ValueDomain;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The core's {@link OutputJudge}: {@link Conformance}, then {@link Representability} of the
 * store's {@link ValueDomain}, then the contract's row rules compiled by {@link RowChecks} in the
 * run's order ({@link OutputStage}'s judgement, for a row elsewhere); the uniqueness rules are
 * kept apart as the {@link OutputJudge.Key keys} the engine checks with a shuffle. Not
 * thread-safe (compiled checks keep per-row state).
 */
public final class RowJudge implements OutputJudge {
  private final Conformance conformance;
  private final Representability representable;
  private final Action onNonConforming;
  private final RowCheck[] rules;
  private final List<Key> keys;
  private final RowCheck[] keyChecks;
  private final int[][] keyIndex;

  private RowJudge(DataContract contract, ValueDomain domain, Action onNonConforming,
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

  /** See {@link OutputJudge#of}. */
  public static OutputJudge of(DataContract contract, ValueDomain domain, Action onNonConforming,
      Instant now) {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(onNonConforming, "onNonConforming");
    Objects.requireNonNull(now, "now");
    if (onNonConforming == Action.WARN) {
      throw new IllegalArgumentException("onNonConforming must be QUARANTINE or FAIL, was WARN");
    }
    return new RowJudge(contract, domain, onNonConforming, now);
  }

  @Override
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

  @Override
  public List<Key> keys() {
    return keys;
  }

  @Override
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

  @Override
  public int keyHashes(Row conformed, long[] into) {
    int n = 0;
    for (int k = 0; k < keyIndex.length; k++) {
      int[] index = keyIndex[k];
      long h = KeyHashes.seed(k);
      if (index.length == 1) {
        Object v = conformed.get(index[0]);
        if (v == null) {
          continue; // claims nothing, as keyOf's null
        }
        h = KeyHashes.value(h, v);
      } else {
        for (int i : index) {
          h = KeyHashes.value(h, conformed.get(i));
        }
      }
      into[n++] = KeyHashes.finish(h);
    }
    return n;
  }

  /**
   * The encoding of one value in {@link #keyOf}: its class, the length of its text and the text
   * (a decimal without trailing zeros); {@link KeyHashes} hashes the same.
   */
  static StringBuilder encode(StringBuilder b, Object v) {
    if (v == null) {
      return b.append('~');
    }
    String s = v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v.toString();
    return b.append(v.getClass().getSimpleName()).append(':').append(s.length()).append(':')
        .append(s);
  }

  @Override
  public String duplicateReason(int key, Row conformed) {
    return keyChecks[key].reason(conformed);
  }

  /** See {@link OutputJudge#quarantineRecord}. */
  public static Row quarantineRecord(String runId, String product, String port, String ruleId,
      Action action, String reason, Instant at, Row row) {
    return QuarantineRecords.of(runId, product, port, ruleId,
        action == Action.FAIL ? "FAIL: " + reason : reason, at, row);
  }
}
