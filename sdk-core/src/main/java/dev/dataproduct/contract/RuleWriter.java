package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.Rule;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes rules as ODCS quality checks, the mapping {@link RuleCodec}'s javadoc gives; every check
 * carries the rule exactly in the custom property {@value RuleCodec#SPEC}, so that {@link
 * RuleCodec#read} gives back an equal rule.
 */
final class RuleWriter {
  private static final Pattern STABLE_ID = Pattern.compile("^[A-Za-z0-9_-]+$");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RuleWriter() {}

  /** The ODCS quality check of row rule {@code r}, the {@code position}-th of its contract. */
  static ObjectNode write(RowRule r, int position) {
    ObjectNode q = F.objectNode();
    ObjectNode spec = F.objectNode();
    header(q, r);
    String field = r.field().orElse(null);
    switch (r.kind()) {
      case NOT_NULL:
        library(q, "nullValues", "completeness");
        spec.put("kind", "notNull");
        break;
      case UNIQUE:
        library(q, "duplicateValues", "uniqueness");
        spec.put("kind", "unique");
        break;
      case ALLOWED_VALUES: {
        library(q, "invalidValues", "conformity");
        ArrayNode plain = F.arrayNode();
        ArrayNode typed = F.arrayNode();
        for (Object v : sorted(r.allowedValues())) {
          plain.add(TypedValues.plain(v));
          typed.add(TypedValues.encode(v));
        }
        q.putObject("arguments").set("validValues", plain);
        spec.put("kind", "allowedValues").set("values", typed);
        break;
      }
      case PATTERN:
        library(q, "invalidValues", "conformity");
        q.putObject("arguments").put("pattern", r.pattern());
        spec.put("kind", "pattern");
        break;
      case RANGE:
        custom(q, "conformity", field + bounds(r.min(), r.max()));
        spec.put("kind", "range");
        spec.set("min", r.min() == null ? F.nullNode() : TypedValues.encode(r.min()));
        spec.set("max", r.max() == null ? F.nullNode() : TypedValues.encode(r.max()));
        break;
      case LENGTH:
        custom(q, "conformity", "length of " + field + bounds(r.min(), r.max())
            + " characters");
        spec.put("kind", "length");
        spec.set("min", r.min() == null ? F.nullNode() : F.numberNode((Integer) r.min()));
        spec.set("max", r.max() == null ? F.nullNode() : F.numberNode((Integer) r.max()));
        break;
      case NOT_IN_FUTURE:
        custom(q, "accuracy", field + " is not after the start of the run");
        spec.put("kind", "notInFuture");
        break;
      case CUSTOM:
      default:
        custom(q, "conformity", "a Java predicate over the row, bound in code; re-bind it by id"
            + " with DataContracts.reader().bind(\"" + r.id() + "\", predicate)");
        spec.put("kind", "custom");
        break;
    }
    return finish(q, spec, r.action(), position);
  }

  /** The ODCS quality check of dataset rule {@code r}, the {@code position}-th of its contract. */
  static ObjectNode write(DatasetRule r, int position) {
    ObjectNode q = F.objectNode();
    ObjectNode spec = F.objectNode();
    header(q, r);
    if (r.kind() == DatasetRule.Kind.ROW_COUNT) {
      q.put("type", "library").put("metric", "rowCount");
      Long min = r.min();
      Long max = r.max();
      if (min != null && max != null && min.equals(max)) {
        q.put("mustBe", min);
      } else if (min != null && max != null) {
        q.putArray("mustBeBetween").add(min).add(max);
      } else if (min != null) {
        q.put("mustBeGreaterOrEqualTo", min);
      } else {
        q.put("mustBeLessOrEqualTo", max);
      }
      q.put("unit", "rows").put("dimension", "completeness");
      spec.put("kind", "rowCount");
    } else {
      custom(q, "consistency", "a Java predicate over the publication's statistics, bound in"
          + " code; re-bind it by id with DataContracts.reader().bindDataset(\"" + r.id()
          + "\", predicate)");
      spec.put("kind", "datasetCustom");
    }
    return finish(q, spec, r.action(), position);
  }

  /** Values in a stable order (sets have none), so a contract is written the same every time. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Object> sorted(Set<Object> values) {
    List<Object> out = new ArrayList<>(values);
    out.sort((a, b) -> {
      if (a.getClass() == b.getClass() && a instanceof Comparable) {
        return ((Comparable) a).compareTo(b);
      }
      int c = a.getClass().getName().compareTo(b.getClass().getName());
      return c != 0 ? c : String.valueOf(a).compareTo(String.valueOf(b));
    });
    return out;
  }

  private static void header(ObjectNode q, Rule r) {
    if (STABLE_ID.matcher(r.id()).matches()) {
      q.put("id", r.id());
    }
    q.put("name", r.id());
    r.description().ifPresent(d -> q.put("description", d));
    q.put("severity", r.severity().name().toLowerCase(Locale.ROOT));
  }

  private static void library(ObjectNode q, String metric, String dimension) {
    q.put("type", "library").put("metric", metric).put("mustBe", 0).put("dimension", dimension);
  }

  private static void custom(ObjectNode q, String dimension, String implementation) {
    q.put("type", "custom").put("engine", RuleCodec.ENGINE).put("implementation", implementation)
        .put("dimension", dimension);
  }

  private static ObjectNode finish(ObjectNode q, ObjectNode spec, Action action, int position) {
    spec.put("action", action.name().toLowerCase(Locale.ROOT)).put("position", position);
    ObjectNode cp = q.putArray("customProperties").addObject();
    cp.put("property", RuleCodec.SPEC);
    cp.set("value", spec);
    return q;
  }

  private static String bounds(Object min, Object max) {
    String lo = min instanceof BigDecimal ? ((BigDecimal) min).toPlainString()
        : String.valueOf(min);
    String hi = max instanceof BigDecimal ? ((BigDecimal) max).toPlainString()
        : String.valueOf(max);
    if (min != null && max != null) {
      return " between " + lo + " and " + hi;
    }
    return min != null ? " at least " + lo : " at most " + hi;
  }
}
