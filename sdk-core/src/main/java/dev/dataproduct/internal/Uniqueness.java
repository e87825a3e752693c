package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Uniqueness within one publication (on an input port: within the run's input): the checks of {@link RowRule.Kind#UNIQUE} rules (one field)
 * and of a composite primary key (the implied rule {@link #compositeKeyRule}). The first row with
 * a key passes and claims it; a later row with the same key fails. A null value never collides
 * on its own field; in a composite key a null part compares equal to null. Decimals compare by
 * value ({@code 1.0} equals {@code 1.00}).
 *
 * <p>The keys live in a {@link UniqueKeys}, one per check and run, in the run's {@link
 * KeyBudget}: in the heap up to the budget, then spilled to disk, with the same verdicts.
 */
final class Uniqueness {
  /** Where an output port's check looks for duplicates, as its reasons say. */
  static final String PUBLICATION = "within the publication";
  /** Where an input port's check looks for duplicates: everything the run reads from it. */
  static final String RUN_INPUT = "within the run's input";

  private Uniqueness() {}

  /**
   * The check of a {@link RowRule.Kind#UNIQUE} rule on {@code field}, at {@code index}, keeping
   * its keys in {@code budget}; {@code where} names the port ({@code output port 'p'}).
   *
   * @param scope where duplicates are looked for, for the reason: {@link #PUBLICATION} or
   *     {@link #RUN_INPUT}
   */
  static RowCheck of(RowRule rule, int index, Field field, KeyBudget budget, String where,
      String scope) {
    String label = "rule '" + rule.id() + "' of " + where;
    return field.type() == FieldType.INTEGER
        ? new UniqueLong(rule, index, field, scope, UniqueKeys.ofLongs(budget, label))
        : new UniqueValue(rule, index, field, scope, UniqueKeys.ofBytes(budget, label));
  }

  /**
   * The rule checking a composite key as a whole, with id {@code id}: a custom rule that {@link
   * RowChecks} compiles into a key check ({@link #isCompositeKey}).
   */
  static RowRule compositeKeyRule(String id, Schema schema, List<Field> key) {
    return Rules.custom(id, new CompositeKey(key.stream().map(Field::name)
        .collect(Collectors.toList())))
        .description("primary key " + key.stream().map(Field::name)
            .collect(Collectors.joining(", ", "(", ")")) + " unique within the publication");
  }

  /** Whether {@code rule} is a composite key rule made by {@link #compositeKeyRule}. */
  static boolean isCompositeKey(RowRule rule) {
    return rule.kind() == RowRule.Kind.CUSTOM && rule.predicate() instanceof CompositeKey;
  }

  /** The check of a composite key rule ({@link #isCompositeKey}) on rows of {@code schema}. */
  static RowCheck composite(RowRule rule, Schema schema, KeyBudget budget, String where) {
    List<String> names = ((CompositeKey) rule.predicate()).fields;
    int[] index = new int[names.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = schema.indexOf(names.get(i));
    }
    return new UniqueComposite(rule, index,
        UniqueKeys.ofBytes(budget, "rule '" + rule.id() + "' of " + where));
  }

  /**
   * The predicate of a composite key rule: names the key's fields. Only its compiled check
   * ({@link #composite}) keeps keys; called on its own it has no memory of earlier rows.
   */
  private static final class CompositeKey implements Predicate<Row> {
    final List<String> fields;

    CompositeKey(List<String> fields) {
      this.fields = List.copyOf(fields);
    }

    @Override
    public boolean test(Row row) {
      throw new IllegalStateException("A composite key rule is checked by its compiled check");
    }
  }

  private abstract static class SingleField implements RowCheck {
    final RowRule rule;
    final int index;
    final Field field;
    final String scope;
    final UniqueKeys keys;

    SingleField(RowRule rule, int index, Field field, String scope, UniqueKeys keys) {
      this.rule = rule;
      this.index = index;
      this.field = field;
      this.scope = scope;
      this.keys = keys;
    }

    @Override
    public RowRule rule() {
      return rule;
    }

    @Override
    public String reason(Row row) {
      return "field '" + field.name() + "' value " + RowChecks.show(field, row.get(index))
          + " is a duplicate " + scope;
    }
  }

  private static final class UniqueLong extends SingleField {
    UniqueLong(RowRule rule, int index, Field field, String scope, UniqueKeys keys) {
      super(rule, index, field, scope, keys);
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      return v == null || keys.add((Long) v);
    }
  }

  private static final class UniqueValue extends SingleField {
    private final KeyCodec codec = new KeyCodec();

    UniqueValue(RowRule rule, int index, Field field, String scope, UniqueKeys keys) {
      super(rule, index, field, scope, keys);
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      if (v == null) {
        return true;
      }
      try {
        codec.reset().value(v);
      } catch (KeyCodec.UnencodableKeyException e) {
        return keys.addOpaque(v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros() : v);
      }
      return keys.add(codec.bytes(), codec.length());
    }
  }

  private static final class UniqueComposite implements RowCheck {
    private final RowRule rule;
    private final int[] index;
    private final UniqueKeys keys;
    private final KeyCodec codec = new KeyCodec();

    UniqueComposite(RowRule rule, int[] index, UniqueKeys keys) {
      this.rule = rule;
      this.index = index;
      this.keys = keys;
    }

    @Override
    public RowRule rule() {
      return rule;
    }

    @Override
    public boolean test(Row row) {
      codec.reset();
      try {
        for (int i : index) {
          codec.value(row.get(i));
        }
      } catch (KeyCodec.UnencodableKeyException e) {
        Object[] k = new Object[index.length];
        for (int i = 0; i < index.length; i++) {
          Object v = row.get(index[i]);
          k[i] = v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros() : v;
        }
        return keys.addOpaque(java.util.Arrays.asList(k));
      }
      return keys.add(codec.bytes(), codec.length());
    }

    @Override
    public String reason(Row row) {
      // as the custom rule it is declared as reads
      return "row fails custom rule '" + rule.id() + "'"
          + rule.description().map(d -> " (" + d + ")").orElse("");
    }
  }
}
