package dev.dataproduct.testing;

import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.RowChecker;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Test rows generated from a contract: valid rows that satisfy its schema and row rules, and one
 * violating row per rule. Every row is checked with the runtime's own conformance and compiled
 * rules ({@link RowChecker}) before it is returned, so a row this class hands out is what it says it is.
 *
 * <pre>{@code
 * ContractRows gen = ContractRows.of(contract);
 * List<Row> rows = new ArrayList<>(gen.valid(20));
 * rows.addAll(gen.violating().values());           // one per rule it can violate
 * RunResult run = dp.run(product.withInput("in", InMemoryInputPort.of("in", schema, rows)));
 * assertThat(run).wrote("out", 20);
 * gen.violating().keySet().forEach(rule -> assertThat(run).quarantined("out", 1, rule));
 * }</pre>
 *
 * <p>What it cannot do, it says: {@link #valid} fails naming the rule when it cannot satisfy it
 * (a custom predicate its values fail, a pattern too complex to generate), and {@link
 * #violating} leaves out rules it cannot violate on their own (custom predicates, a not-null rule
 * on a required field, which schema conformance rejects first). A uniqueness violation repeats
 * the key of {@code valid(n).get(0)}, so publish it after valid rows.
 */
public final class ContractRows {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long FRESH = 1_000_000L;

  private final DataContract contract;
  private final Schema schema;

  private ContractRows(DataContract contract) {
    this.contract = contract;
    this.schema = contract.schema();
  }

  /** A generator for {@code contract}. */
  public static ContractRows of(DataContract contract) {
    return new ContractRows(Objects.requireNonNull(contract, "contract"));
  }

  /**
   * {@code count} distinct rows satisfying the schema and every row rule.
   *
   * @throws IllegalStateException naming the rule or field it cannot satisfy
   */
  public List<Row> valid(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("Row count must be >= 0, was " + count);
    }
    RowChecker checker = RowChecker.of(contract, NOW);
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Row row = generate(i);
      RowChecker.Verdict v = checker.check(row);
      if (!v.conforms()) {
        throw new IllegalStateException("Cannot generate a conforming row " + i + ": "
            + v.schemaReason());
      }
      if (!v.violations().isEmpty()) {
        Map.Entry<String, String> failed = v.violations().entrySet().iterator().next();
        throw new IllegalStateException("Cannot generate row " + i + " satisfying rule '"
            + failed.getKey() + "': " + failed.getValue() + "; supply such rows yourself");
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Per rule id, a row that conforms to the schema and violates that rule and no other; rules
   * it cannot violate on their own are absent. Uniqueness violations repeat a key of {@code
   * valid(1)}.
   */
  public Map<String, Row> violating() {
    Map<String, Row> out = new LinkedHashMap<>();
    Row first = valid(1).get(0);
    int k = 0;
    for (RowRule rule : rules()) {
      k++;
      Optional<Row> row = violation(rule, first, k);
      if (row.isPresent() && violatesOnly(row.get(), rule, first)) {
        out.put(rule.id(), row.get());
      }
    }
    return out;
  }

  private List<RowRule> rules() {
    return contract.rowRules();
  }

  private List<RowRule> rulesOn(String field) {
    List<RowRule> list = new ArrayList<>();
    for (RowRule r : rules()) {
      if (r.field().map(field::equals).orElse(false)) {
        list.add(r);
      }
    }
    return list;
  }

  private Row generate(long i) {
    return generate(i, false);
  }

  /**
   * The {@code i}-th row; with {@code freshKeys}, unique fields take values no valid row has
   * (the other fields keep small, in-range values).
   */
  private Row generate(long i, boolean freshKeys) {
    Object[] values = new Object[schema.size()];
    for (int f = 0; f < values.length; f++) {
      Field field = schema.field(f);
      values[f] = value(field, freshKeys && isUnique(field) ? FRESH + i : i);
    }
    return Row.of(schema, values);
  }

  private boolean isUnique(Field field) {
    return field.isUnique() || rulesOn(field.name()).stream()
        .anyMatch(r -> r.kind() == RowRule.Kind.UNIQUE);
  }

  private Object value(Field field, long i) {
    List<RowRule> rules = rulesOn(field.name());
    for (RowRule r : rules) {
      if (r.kind() == RowRule.Kind.ALLOWED_VALUES) {
        List<Object> allowed = new ArrayList<>(new TreeSet<>(r.allowedValues().stream()
            .map(Object::toString).collect(java.util.stream.Collectors.toList())));
        String pick = allowed.get((int) (i % allowed.size())).toString();
        return parse(field, pick);
      }
    }
    Object min = null;
    Object max = null;
    Integer minLen = null;
    Integer maxLen = field.maxLength().isPresent() ? field.maxLength().getAsInt() : null;
    String pattern = null;
    for (RowRule r : rules) {
      switch (r.kind()) {
        case RANGE:
          min = r.min();
          max = r.max();
          break;
        case LENGTH:
          minLen = (Integer) r.min();
          if (r.max() != null) {
            maxLen = maxLen == null ? (Integer) r.max() : Math.min(maxLen, (Integer) r.max());
          }
          break;
        case PATTERN:
          pattern = r.pattern();
          break;
        default:
          break;
      }
    }
    switch (field.type()) {
      case STRING:
        if (pattern != null) {
          String p = pattern;
          return RowChecker.patternSample(pattern, i).orElseThrow(() ->
              new IllegalStateException("Pattern '" + p + "' of field '" + field.name()
                  + "' is too complex to generate values for; supply rows yourself"));
        }
        String s = field.name().charAt(0) + Long.toString(i, 36);
        int lo = minLen == null ? 0 : minLen;
        while (s.length() < lo) {
          s = s + "x";
        }
        if (maxLen != null && s.length() > maxLen) {
          s = s.substring(s.length() - maxLen);
        }
        return s;
      case INTEGER:
        long base = min != null ? ((Number) min).longValue() : max != null
            ? ((Number) max).longValue() - FRESH * 2 : 1;
        return base + i;
      case NUMBER:
        BigDecimal lowD = min != null ? new BigDecimal(min.toString()) : max != null
            ? new BigDecimal(max.toString()).subtract(BigDecimal.valueOf(FRESH * 2))
            : BigDecimal.ONE;
        BigDecimal v = lowD.add(BigDecimal.valueOf(i));
        return field.scale().isPresent() ? v.setScale(field.scale().getAsInt(),
            java.math.RoundingMode.CEILING) : v;
      case BOOLEAN:
        return i % 2 == 0;
      case DATE:
        return min instanceof LocalDate ? ((LocalDate) min).plusDays(i)
            : LocalDate.of(2000, 1, 1).plusDays(i);
      case TIMESTAMP:
        return min instanceof Instant ? ((Instant) min).plusSeconds(i)
            : Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i);
      case OBJECT:
        return Map.of("i", i);
      case ARRAY:
        return List.of(i);
      default:
        throw new IllegalStateException("Unknown type " + field.type());
    }
  }

  private static Object parse(Field field, String text) {
    switch (field.type()) {
      case INTEGER:
        return Long.parseLong(text);
      case NUMBER:
        BigDecimal d = new BigDecimal(text);
        return field.scale().isPresent() ? d.setScale(field.scale().getAsInt()) : d;
      case BOOLEAN:
        return Boolean.parseBoolean(text);
      case DATE:
        return LocalDate.parse(text);
      case TIMESTAMP:
        return Instant.parse(text);
      default:
        return text;
    }
  }

  private Optional<Row> violation(RowRule rule, Row first, long k) {
    if (rule.field().isEmpty()) {
      return Optional.empty();
    }
    String name = rule.field().get();
    Field field = schema.field(name);
    Row base = generate(k, true);
    switch (rule.kind()) {
      case NOT_NULL:
        return field.isRequired() ? Optional.empty() : Optional.of(base.with(name, null));
      case UNIQUE:
        return Optional.of(base.with(name, first.get(name)));
      case RANGE:
        Object bad = outside(field, rule.min(), rule.max());
        return bad == null ? Optional.empty() : Optional.of(base.with(name, bad));
      case LENGTH:
        Integer max = (Integer) rule.max();
        Integer min = (Integer) rule.min();
        if (max != null) {
          return Optional.of(base.with(name, "x".repeat(max + 1)));
        }
        return min != null && min > 0 ? Optional.of(base.with(name, "x".repeat(min - 1)))
            : Optional.empty();
      case PATTERN:
        Pattern p = Pattern.compile(rule.pattern());
        for (String candidate : List.of("!", "~~", "0", "a", "A", "", "-1", "zz")) {
          if (!p.matcher(candidate).matches()) {
            return Optional.of(base.with(name, candidate));
          }
        }
        return Optional.empty();
      case ALLOWED_VALUES:
        Set<String> allowed = new TreeSet<>();
        rule.allowedValues().forEach(v -> allowed.add(v.toString()));
        String candidate = "not-allowed";
        switch (field.type()) {
          case INTEGER:
            return Optional.of(base.with(name, FRESH * 7));
          case NUMBER:
            return Optional.of(base.with(name, parse(field, Long.toString(FRESH * 7))));
          case STRING:
            int i = 0;
            while (allowed.contains(candidate)) {
              candidate = "not-allowed-" + i++;
            }
            return Optional.of(base.with(name, candidate));
          default:
            return Optional.empty();
        }
      case NOT_IN_FUTURE:
        return Optional.of(base.with(name, field.type() == dev.dataproduct.FieldType.DATE
            ? (Object) LocalDate.of(9999, 1, 1) : Instant.parse("9999-01-01T00:00:00Z")));
      default:
        return Optional.empty();
    }
  }

  private static Object outside(Field field, Object min, Object max) {
    switch (field.type()) {
      case INTEGER:
        return min != null ? ((Number) min).longValue() - 1 : ((Number) max).longValue() + 1;
      case NUMBER:
        BigDecimal step = field.scale().isPresent()
            ? BigDecimal.ONE.movePointLeft(field.scale().getAsInt()) : new BigDecimal("0.5");
        return min != null ? new BigDecimal(min.toString()).subtract(step)
            : new BigDecimal(max.toString()).add(step);
      case DATE:
        return min != null ? ((LocalDate) min).minusDays(1) : ((LocalDate) max).plusDays(1);
      case TIMESTAMP:
        return min != null ? ((Instant) min).minusSeconds(1) : ((Instant) max).plusSeconds(1);
      default:
        return null;
    }
  }

  /** Whether the row conforms and fails exactly {@code target} (uniqueness seeded by first). */
  private boolean violatesOnly(Row row, RowRule target, Row first) {
    RowChecker checker = RowChecker.of(contract, NOW);
    checker.check(first); // seeds uniqueness with the valid row's keys
    RowChecker.Verdict v = checker.check(row);
    return v.conforms() && v.violations().keySet().equals(Set.of(target.id()));
  }
}
