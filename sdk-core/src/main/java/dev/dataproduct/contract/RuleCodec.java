package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.DatasetStats;
import dev.dataproduct.policy.Rule;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.policy.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rules to ODCS quality checks and back.
 *
 * <table>
 *   <caption>Rule mapping</caption>
 *   <tr><th>rule</th><th>ODCS quality</th></tr>
 *   <tr><td>NOT_NULL</td><td>library {@code nullValues mustBe 0}</td></tr>
 *   <tr><td>UNIQUE</td><td>library {@code duplicateValues mustBe 0}</td></tr>
 *   <tr><td>ALLOWED_VALUES</td><td>library {@code invalidValues} with {@code
 *       arguments.validValues}, {@code mustBe 0}</td></tr>
 *   <tr><td>PATTERN</td><td>library {@code invalidValues} with {@code arguments.pattern},
 *       {@code mustBe 0}</td></tr>
 *   <tr><td>ROW_COUNT</td><td>library {@code rowCount} with {@code mustBeBetween}, {@code
 *       mustBe}, {@code mustBeGreaterOrEqualTo} or {@code mustBeLessOrEqualTo}</td></tr>
 *   <tr><td>RANGE, LENGTH, NOT_IN_FUTURE, CUSTOM, dataset CUSTOM</td><td>{@code custom}, engine
 *       {@value #ENGINE}, a readable {@code implementation}</td></tr>
 * </table>
 *
 * <p>Every check the SDK writes ({@link RuleWriter}) also carries the custom property {@value
 * #SPEC} holding the rule exactly (kind, typed values, action, position), so reading ({@link
 * #read}) gives back an equal rule.
 */
final class RuleCodec {
  static final String ENGINE = "dataproduct-sdk";
  static final String SPEC = "dataproduct.rule";

  private RuleCodec() {}

  /** A rule read from a quality check, with the position the SDK wrote (or -1). */
  record Read(Rule rule, int position) {}

  /** What the reader needs to resolve custom predicates. */
  interface Bindings {
    Optional<Predicate<Row>> row(String id);

    Optional<Predicate<DatasetStats>> dataset(String id);
  }

  /**
   * Reads one quality check. Returns empty when the check is valid ODCS the SDK cannot enforce
   * (SQL, text, other engines, thresholds other than zero); the caller keeps it as unenforced.
   *
   * @param field the property the check is declared on, or null at object level
   */
  static Optional<Read> read(Node q, Field field, Bindings bindings, Set<String> takenIds) {
    Optional<Node> spec = spec(q);
    if (spec.isPresent()) {
      return Optional.of(readSpec(q, spec.get(), field, bindings, takenIds));
    }
    return readForeign(q, field, takenIds).map(r -> new Read(r, -1));
  }

  private static Optional<Node> spec(Node q) {
    for (Node cp : q.array("customProperties")) {
      if (SPEC.equals(cp.string("property").orElse(null))) {
        return Optional.of(cp.get("value").requireObject("the SDK's rule specification"));
      }
    }
    return Optional.empty();
  }

  private static Read readSpec(Node q, Node spec, Field field, Bindings bindings,
      Set<String> takenIds) {
    spec.allowOnly(Set.of("kind", "action", "position", "values", "min", "max"),
        "the SDK's rule specification");
    String kind = spec.requireString("kind", "the SDK's rule specification");
    String id = q.string("name").orElseGet(() -> q.string("id").orElse(null));
    if (id == null) {
      throw q.fail("missing property 'name' (the rule id) of a check written by the SDK");
    }
    try {
      Rule.checkId(id);
    } catch (IllegalArgumentException e) {
      throw q.fail("name", e.getMessage());
    }
    if (!takenIds.add(id)) {
      throw q.fail("name", "rule id '" + id + "' is declared twice in the contract");
    }
    Action action = action(spec);
    int position = spec.integer("position").map(Long::intValue).orElse(-1);
    Severity severity = severity(q);
    String fieldName = field == null ? null : field.name();
    Rule rule;
    switch (kind) {
      case "notNull":
        rule = Rules.notNull(requireField(q, fieldName, kind));
        break;
      case "unique":
        rule = Rules.unique(requireField(q, fieldName, kind));
        break;
      case "allowedValues": {
        List<Object> values = new ArrayList<>();
        for (Node v : spec.array("values")) {
          values.add(TypedValues.decode(v));
        }
        rule = wrap(spec, () -> Rules.allowedValues(requireField(q, fieldName, kind),
            values.toArray()));
        break;
      }
      case "pattern": {
        String pattern = q.get("arguments").isMissing() ? null
            : q.get("arguments").string("pattern").orElse(null);
        if (pattern == null) {
          throw q.fail("arguments", "a pattern check needs arguments.pattern");
        }
        rule = wrap(q, () -> Rules.pattern(requireField(q, fieldName, kind), pattern));
        break;
      }
      case "range": {
        Object min = spec.get("min").isMissing() ? null : TypedValues.decode(spec.get("min"));
        Object max = spec.get("max").isMissing() ? null : TypedValues.decode(spec.get("max"));
        rule = wrap(spec, () -> Rules.range(requireField(q, fieldName, kind), min, max));
        break;
      }
      case "length": {
        Integer min = spec.integer("min").map(Long::intValue).orElse(null);
        Integer max = spec.integer("max").map(Long::intValue).orElse(null);
        rule = wrap(spec, () -> Rules.length(requireField(q, fieldName, kind), min, max));
        break;
      }
      case "notInFuture":
        rule = Rules.notInFuture(requireField(q, fieldName, kind));
        break;
      case "custom": {
        Predicate<Row> p = bindings.row(id).orElseGet(() -> new UnboundRowPredicate(id));
        rule = fieldName == null ? Rules.custom(id, p) : Rules.custom(id, fieldName, p);
        break;
      }
      case "rowCount": {
        long[] b = rowCountBounds(q).orElseThrow(() -> q.fail("a row-count check needs one of"
            + " mustBe, mustBeBetween, mustBeGreaterOrEqualTo, mustBeLessOrEqualTo,"
            + " mustBeGreaterThan, mustBeLessThan"));
        rule = wrap(q, () -> Rules.rowCount(b[0] < 0 ? null : b[0], b[1] < 0 ? null : b[1]));
        break;
      }
      case "datasetCustom": {
        Predicate<DatasetStats> p = bindings.dataset(id)
            .orElseGet(() -> new UnboundDatasetPredicate(id));
        rule = Rules.dataset(id, p, null);
        break;
      }
      default:
        throw spec.fail("kind", "unknown rule kind '" + kind + "'; expected one of notNull,"
            + " unique, allowedValues, pattern, range, length, notInFuture, custom, rowCount,"
            + " datasetCustom");
    }
    return new Read(refine(q, rule, id, action, severity), position);
  }

  private static String requireField(Node q, String field, String kind) {
    if (field == null) {
      throw q.fail("a " + kind + " check must be declared on a property, not on the object");
    }
    return field;
  }

  private static Rule wrap(Node at, java.util.function.Supplier<Rule> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw at.fail(e.getMessage());
    }
  }

  private static Rule refine(Node q, Rule rule, String id, Action action, Severity severity) {
    Optional<String> description = q.string("description");
    try {
      if (rule instanceof RowRule) {
        RowRule r = ((RowRule) rule).id(id).severity(severity);
        r = action == null ? r : r.action(action);
        return description.isPresent() ? r.description(description.get()) : r;
      }
      DatasetRule r = ((DatasetRule) rule).id(id).severity(severity);
      r = action == null ? r : r.action(action);
      return description.isPresent() ? r.description(description.get()) : r;
    } catch (IllegalArgumentException e) {
      throw q.fail(e.getMessage());
    }
  }

  private static Action action(Node spec) {
    String a = spec.string("action").orElse(null);
    if (a == null) {
      return null;
    }
    for (Action x : Action.values()) {
      if (x.name().equalsIgnoreCase(a.trim())) {
        return x;
      }
    }
    throw spec.fail("action", "unknown action '" + a + "'; expected fail, quarantine or warn");
  }

  /** ODCS severity to ours; values outside info/warning/error/critical read as error. */
  private static Severity severity(Node q) {
    String s = q.string("severity").orElse(null);
    if (s == null) {
      return Severity.ERROR;
    }
    for (Severity x : Severity.values()) {
      if (x.name().equalsIgnoreCase(s.trim())) {
        return x;
      }
    }
    return Severity.ERROR;
  }

  /** A foreign check the SDK can enforce exactly, if it is one. */
  private static Optional<Rule> readForeign(Node q, Field field, Set<String> takenIds) {
    String type = q.string("type").orElse(q.has("metric") ? "library" : "text");
    if (!type.equals("library")) {
      return Optional.empty();
    }
    String metric = q.string("metric").orElse("");
    Node args = q.get("arguments");
    Severity severity = severity(q);
    RowRule row = null;
    DatasetRule set = null;
    if (field != null) {
      if (!mustBeZero(q)) {
        return Optional.empty();
      }
      switch (metric) {
        case "nullValues":
          row = Rules.notNull(field.name());
          break;
        case "missingValues":
          if (args.isMissing() || args.json().size() == 0) {
            row = Rules.notNull(field.name());
          }
          break;
        case "duplicateValues":
          if (args.isMissing() || args.json().size() == 0) {
            row = Rules.unique(field.name());
          }
          break;
        case "invalidValues":
          if (args.isMissing()) {
            break;
          }
          args.requireObject("the check's arguments");
          if (args.has("validValues") && !args.has("pattern") && args.json().size() == 1) {
            List<Object> values = new ArrayList<>();
            for (Node v : args.array("validValues")) {
              if (!v.isMissing()) {
                values.add(TypedValues.canonical(v, field));
              }
            }
            if (!values.isEmpty()) {
              row = (RowRule) wrap(args, () -> Rules.allowedValues(field.name(),
                  values.toArray()));
            }
          } else if (args.has("pattern") && args.json().size() == 1) {
            String pattern = args.requireString("pattern", "the check's arguments");
            row = (RowRule) wrap(args, () -> Rules.pattern(field.name(), pattern));
          }
          break;
        default:
          break;
      }
    } else if (metric.equals("rowCount")) {
      Optional<long[]> b = rowCountBounds(q);
      if (b.isPresent()) {
        long[] x = b.get();
        set = (DatasetRule) wrap(q, () -> Rules.rowCount(x[0] < 0 ? null : x[0],
            x[1] < 0 ? null : x[1]));
      }
    }
    Rule rule = row != null ? row : set;
    if (rule == null) {
      return Optional.empty();
    }
    String id = foreignId(q, rule.id(), takenIds);
    return Optional.of(refine(q, rule, id, null, severity));
  }

  /** The name or id when it is a valid rule id, else the default id, made unique. */
  private static String foreignId(Node q, String defaultId, Set<String> takenIds) {
    String candidate = null;
    for (String key : new String[] {"name", "id"}) {
      String s = q.string(key).orElse(null);
      if (s != null && isRuleId(s)) {
        candidate = s;
        break;
      }
    }
    String base = candidate != null ? candidate : defaultId;
    String id = base;
    for (int i = 2; !takenIds.add(id); i++) {
      id = base + "-" + i;
    }
    return id;
  }

  private static boolean isRuleId(String s) {
    try {
      Rule.checkId(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether the check's single operator demands zero violations. */
  private static boolean mustBeZero(Node q) {
    JsonNode j = q.json();
    if (j.has("mustBe")) {
      return j.get("mustBe").isNumber() && j.get("mustBe").decimalValue().signum() == 0;
    }
    if (j.has("mustBeLessOrEqualTo")) {
      return j.get("mustBeLessOrEqualTo").decimalValue().signum() == 0;
    }
    if (j.has("mustBeLessThan")) {
      BigDecimal d = j.get("mustBeLessThan").decimalValue();
      return d.signum() > 0 && d.compareTo(BigDecimal.ONE) <= 0;
    }
    return false;
  }

  /** Row-count bounds {min, max} (-1 for none) from the check's operator, if expressible. */
  private static Optional<long[]> rowCountBounds(Node q) {
    JsonNode j = q.json();
    if (j.has("mustBe") && Node.isInteger(j.get("mustBe"))) {
      long n = j.get("mustBe").decimalValue().longValueExact();
      return n < 0 ? Optional.empty() : Optional.of(new long[] {n, n});
    }
    if (j.has("mustBeBetween")) {
      JsonNode b = j.get("mustBeBetween");
      if (b.size() == 2 && Node.isInteger(b.get(0)) && Node.isInteger(b.get(1))) {
        long lo = b.get(0).decimalValue().longValueExact();
        long hi = b.get(1).decimalValue().longValueExact();
        return Optional.of(new long[] {Math.max(0, Math.min(lo, hi)), Math.max(lo, hi)});
      }
      return Optional.empty();
    }
    BigDecimal v = null;
    boolean lower = false;
    boolean exclusive = false;
    for (Map.Entry<String, boolean[]> op : Map.of(
        "mustBeGreaterOrEqualTo", new boolean[] {true, false},
        "mustBeGreaterThan", new boolean[] {true, true},
        "mustBeLessOrEqualTo", new boolean[] {false, false},
        "mustBeLessThan", new boolean[] {false, true}).entrySet()) {
      if (j.has(op.getKey()) && j.get(op.getKey()).isNumber()) {
        v = j.get(op.getKey()).decimalValue();
        lower = op.getValue()[0];
        exclusive = op.getValue()[1];
      }
    }
    if (v == null) {
      return Optional.empty();
    }
    // row counts are whole numbers: > 2.5 means >= 3, < 2.5 means <= 2
    long bound;
    if (lower) {
      BigDecimal ceil = v.setScale(0, java.math.RoundingMode.CEILING);
      bound = ceil.longValue() + (exclusive && ceil.compareTo(v) == 0 ? 1 : 0);
      return Optional.of(new long[] {Math.max(0, bound), -1});
    }
    BigDecimal floor = v.setScale(0, java.math.RoundingMode.FLOOR);
    bound = floor.longValue() - (exclusive && floor.compareTo(v) == 0 ? 1 : 0);
    return bound < 0 ? Optional.empty() : Optional.of(new long[] {-1, bound});
  }

  /** The placeholder predicate of a custom row rule read without a binding. */
  record UnboundRowPredicate(String ruleId) implements Predicate<Row> {
    @Override
    public boolean test(Row row) {
      throw new IllegalStateException("Custom rule '" + ruleId + "' was read from a descriptor"
          + " and has no predicate; bind it with DataContracts.reader().bind(\"" + ruleId
          + "\", predicate)");
    }
  }

  /** The placeholder predicate of a custom dataset rule read without a binding. */
  record UnboundDatasetPredicate(String ruleId) implements Predicate<DatasetStats> {
    @Override
    public boolean test(DatasetStats stats) {
      throw new IllegalStateException("Custom dataset rule '" + ruleId + "' was read from a"
          + " descriptor and has no predicate; bind it with DataContracts.reader().bindDataset(\""
          + ruleId + "\", predicate)");
    }
  }
}
