package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The row rules a run checks on an output port: the contract's own, plus the uniqueness its
 * schema implies ({@link dev.dataproduct.Schema#uniqueKeys()}, the same derivation the
 * compatibility check judges): each field unique on its own gets {@code <field>-unique}, a
 * composite primary key one rule over the whole key, {@value #PRIMARY_KEY_RULE_ID}. A rule the
 * contract already declares (same field, or same id) is not added twice.
 */
final class ImpliedRules {
  /** Id of the implied rule checking a composite primary key. */
  static final String PRIMARY_KEY_RULE_ID = "primary-key-unique";

  private ImpliedRules() {}

  /**
   * The contract's row rules plus the implied ones, in evaluation order (uniqueness last, so a
   * row rejected by another rule never claims its key). A fresh list per run: the uniqueness
   * state lives in it.
   */
  static List<RowRule> effectiveRules(DataContract contract) {
    List<RowRule> rules = new ArrayList<>(contract.rowRules());
    Set<String> uniqueAlready = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    for (RowRule r : rules) {
      ids.add(r.id());
      if (r.kind() == RowRule.Kind.UNIQUE) {
        r.field().ifPresent(uniqueAlready::add);
      }
    }
    List<Field> composite = null;
    for (List<Field> key : contract.schema().uniqueKeys()) {
      if (key.size() > 1) {
        composite = key;
        continue;
      }
      Field f = key.get(0);
      if (!uniqueAlready.contains(f.name())) {
        RowRule implied = Rules.unique(f.name());
        if (!ids.contains(implied.id())) {
          rules.add(implied);
        }
      }
    }
    List<RowRule> out = ordered(rules);
    if (composite != null && !ids.contains(PRIMARY_KEY_RULE_ID)) {
      out.add(Uniqueness.compositeKeyRule(PRIMARY_KEY_RULE_ID, contract.schema(), composite));
    }
    return out;
  }

  /** {@code rules} in evaluation order: uniqueness last, so a rejected row never claims its key. */
  static List<RowRule> ordered(List<RowRule> rules) {
    List<RowRule> out = new ArrayList<>(rules.size());
    for (RowRule r : rules) {
      if (r.kind() != RowRule.Kind.UNIQUE) {
        out.add(r);
      }
    }
    for (RowRule r : rules) {
      if (r.kind() == RowRule.Kind.UNIQUE) {
        out.add(r);
      }
    }
    return out;
  }
}
