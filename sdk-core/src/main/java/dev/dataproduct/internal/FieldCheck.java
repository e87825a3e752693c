package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.policy.RowRule;

/** A compiled rule on one field: the rule, the field and its index in the schema. */
abstract class FieldCheck implements RowCheck {
  final RowRule rule;
  final int index;
  final Field field;

  FieldCheck(RowRule rule, int index, Field field) {
    this.rule = rule;
    this.index = index;
    this.field = field;
  }

  @Override
  public RowRule rule() {
    return rule;
  }
}
