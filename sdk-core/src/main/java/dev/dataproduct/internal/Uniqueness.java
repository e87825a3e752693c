package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Uniqueness within one publication (on an input port: within the run's input): the keys seen so
 * far, for a single field (INTEGER keys in a primitive set) or a composite primary key. The state
 * lives in the check, one per port and run; a null value never collides, and decimals compare by value ({@code 1.0} equals {@code 1.00}).
 * All of it is kept in the heap.
 */
final class Uniqueness {
  /** Where an output port's check looks for duplicates, as its reasons say. */
  static final String PUBLICATION = "within the publication";
  /** Where an input port's check looks for duplicates: everything the run reads from it. */
  static final String RUN_INPUT = "within the run's input";

  private Uniqueness() {}

  /**
   * The check of a {@link RowRule.Kind#UNIQUE} rule on {@code field}, at {@code index}.
   *
   * @param scope where duplicates are looked for, for the reason: {@link #PUBLICATION} or
   *     {@link #RUN_INPUT}
   */
  static RowCheck of(RowRule rule, int index, Field field, String scope) {
    return field.type() == FieldType.INTEGER
        ? new UniqueLong(rule, index, field, scope)
        : new UniqueObject(rule, index, field, scope);
  }

  /**
   * The rule checking a composite key as a whole, with id {@code id}: a custom rule whose
   * predicate holds the keys seen (a fresh rule per run).
   */
  static RowRule compositeKeyRule(String id, Schema schema, List<Field> key) {
    int[] index = new int[key.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = schema.indexOf(key.get(i).name());
    }
    Set<List<Object>> seen = new HashSet<>();
    return Rules.custom(id, row -> {
      Object[] k = new Object[index.length];
      for (int i = 0; i < index.length; i++) {
        k[i] = canonical(row.get(index[i]));
      }
      return seen.add(Arrays.asList(k));
    }).description("primary key " + key.stream().map(Field::name)
        .collect(Collectors.joining(", ", "(", ")")) + " unique within the publication");
  }

  private static Object canonical(Object v) {
    return v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros() : v;
  }

  private abstract static class SingleField implements RowCheck {
    final RowRule rule;
    final int index;
    final Field field;
    final String scope;

    SingleField(RowRule rule, int index, Field field, String scope) {
      this.rule = rule;
      this.index = index;
      this.field = field;
      this.scope = scope;
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
    private final LongHashSet seen = new LongHashSet(1024);

    UniqueLong(RowRule rule, int index, Field field, String scope) {
      super(rule, index, field, scope);
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      return v == null || seen.add((Long) v);
    }
  }

  private static final class UniqueObject extends SingleField {
    private final Set<Object> seen = new HashSet<>();

    UniqueObject(RowRule rule, int index, Field field, String scope) {
      super(rule, index, field, scope);
    }

    @Override
    public boolean test(Row row) {
      Object v = row.get(index);
      return v == null || seen.add(canonical(v));
    }
  }
}
