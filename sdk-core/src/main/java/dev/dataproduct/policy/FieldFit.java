package dev.dataproduct.policy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Whether a row rule applies to the field it names: the field exists, the rule's kind applies
 * to its type, and bounds and allowed values are of the type's Java class. One place, so a
 * contract, a product's expectations and the run's compiled checks refuse a rule with the same
 * message.
 */
final class FieldFit {
  private FieldFit() {}

  static void check(RowRule rule, Schema schema) {
    if (rule.field().isEmpty()) {
      return; // a custom rule over the whole row
    }
    String name = rule.field().get();
    Field field = schema.findField(name).orElseThrow(() -> new IllegalArgumentException(
        "Rule '" + rule.id() + "' names field '" + name + "'; fields are "
            + schema.fieldNames()));
    switch (rule.kind()) {
      case RANGE:
        range(rule, field);
        break;
      case LENGTH:
      case PATTERN:
        requireType(rule, field, FieldType.STRING);
        break;
      case NOT_IN_FUTURE:
        if (field.type() != FieldType.TIMESTAMP && field.type() != FieldType.DATE) {
          throw new IllegalArgumentException("Rule '" + rule.id() + "' (" + rule.kind()
              + ") needs a timestamp or date field; '" + field.name() + "' is "
              + field.type().logicalTypeName());
        }
        break;
      case ALLOWED_VALUES:
        if (field.type() == FieldType.INTEGER || field.type() == FieldType.NUMBER) {
          for (Object v : rule.allowedValues()) {
            if (!(v instanceof Number)) {
              throw new IllegalArgumentException("Rule '" + rule.id() + "' allows "
                  + v.getClass().getSimpleName() + " values, which do not fit "
                  + field.type().logicalTypeName() + " field '" + field.name() + "'");
            }
          }
        }
        break;
      default:
        break; // NOT_NULL, UNIQUE and CUSTOM apply to every type
    }
  }

  private static void range(RowRule rule, Field field) {
    Class<?> want;
    switch (field.type()) {
      case INTEGER:
      case NUMBER:
        want = Number.class;
        break;
      case TIMESTAMP:
        want = Instant.class;
        break;
      case DATE:
        want = LocalDate.class;
        break;
      case STRING:
        want = String.class;
        break;
      default:
        throw new IllegalArgumentException("Rule '" + rule.id() + "': a range does not apply to "
            + field.type().logicalTypeName() + " field '" + field.name() + "'");
    }
    for (Object b : new Object[] {rule.min(), rule.max()}) {
      if (b != null && !want.isInstance(b)) {
        throw new IllegalArgumentException("Rule '" + rule.id() + "' bound "
            + b.getClass().getSimpleName() + " does not fit " + field.type().logicalTypeName()
            + " field '" + field.name() + "'; use a " + want.getSimpleName());
      }
    }
  }

  private static void requireType(RowRule rule, Field field, FieldType type) {
    if (field.type() != type) {
      throw new IllegalArgumentException("Rule '" + rule.id() + "' (" + rule.kind()
          + ") needs a " + type.logicalTypeName() + " field; '" + field.name() + "' is "
          + field.type().logicalTypeName());
    }
  }
}
