package dev.dataproduct.contract;

import dev.dataproduct.Field;
import dev.dataproduct.contract.Compatibility.Change;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The changes of the rules between two contracts, for {@link Compatibility}: row rules per field
 * (ranges and lengths as intervals, patterns, allowed values, presence of the others, actions) and
 * dataset rules (row count, custom FAIL rules), each judged from the consumers' side as the table
 * in {@link Compatibility}'s javadoc says.
 */
final class RuleChanges {
  private RuleChanges() {}

  private static boolean enforcing(RowRule r) {
    return r.action() != Action.WARN;
  }

  static void rowRules(DataContract prev, DataContract next, List<Change> out) {
    Set<String> fields = new LinkedHashSet<>(prev.schema().fieldNames());
    fields.retainAll(next.schema().fieldNames());
    for (String name : fields) {
      Field pf = prev.schema().field(name);
      Field nf = next.schema().field(name);
      boolean hide = pf.isSensitive() || nf.isSensitive();
      List<RowRule> p = onField(prev, name);
      List<RowRule> n = onField(next, name);
      String s = Compatibility.field(pf);
      presence(s, "not-null rule", has(p, RowRule.Kind.NOT_NULL), has(n, RowRule.Kind.NOT_NULL),
          out);
      presence(s, "unique rule", has(p, RowRule.Kind.UNIQUE), has(n, RowRule.Kind.UNIQUE), out);
      presence(s, "not-in-future rule", has(p, RowRule.Kind.NOT_IN_FUTURE),
          has(n, RowRule.Kind.NOT_IN_FUTURE), out);
      interval(s, "range", range(p), range(n), hide, out);
      interval(s, "length", length(p), length(n), false, out);
      patterns(s, patterns(p), patterns(n), hide, out);
      allowed(s, allowed(p), allowed(n), hide, out);
    }
    Map<String, RowRule> pc = custom(prev);
    Map<String, RowRule> nc = custom(next);
    for (String id : pc.keySet()) {
      if (!nc.containsKey(id)) {
        out.add(new Change("rule '" + id + "'", "custom rule removed or no longer enforced",
            true));
      }
    }
    for (String id : nc.keySet()) {
      if (!pc.containsKey(id)) {
        out.add(new Change("rule '" + id + "'", "custom rule added", false));
      }
    }
    Map<String, RowRule> byId = new LinkedHashMap<>();
    prev.rowRules().forEach(r -> byId.put(r.id(), r));
    for (RowRule r : next.rowRules()) {
      RowRule before = byId.get(r.id());
      if (before != null && before.kind() == r.kind() && enforcing(before) && enforcing(r)
          && before.action() != r.action()) {
        out.add(new Change("rule '" + r.id() + "'", "action changed from "
            + lower(before.action()) + " to " + lower(r.action()), false));
      }
    }
  }

  private static String lower(Action a) {
    return a.name().toLowerCase(Locale.ROOT);
  }

  private static List<RowRule> onField(DataContract c, String field) {
    return c.rowRules().stream()
        .filter(r -> enforcing(r) && r.kind() != RowRule.Kind.CUSTOM
            && r.field().filter(field::equals).isPresent())
        .collect(Collectors.toList());
  }

  private static Map<String, RowRule> custom(DataContract c) {
    Map<String, RowRule> m = new LinkedHashMap<>();
    c.rowRules().stream().filter(r -> enforcing(r) && r.kind() == RowRule.Kind.CUSTOM)
        .forEach(r -> m.put(r.id(), r));
    return m;
  }

  private static boolean has(List<RowRule> rules, RowRule.Kind kind) {
    return rules.stream().anyMatch(r -> r.kind() == kind);
  }

  private static void presence(String subject, String what, boolean before, boolean after,
      List<Change> out) {
    if (before && !after) {
      out.add(new Change(subject, what + " removed or no longer enforced", true));
    } else if (!before && after) {
      out.add(new Change(subject, what + " added", false));
    }
  }

  /** An interval; null bounds are open. Bounds are BigDecimal, Instant, LocalDate or String. */
  private record Interval(Object lo, Object hi) {}

  private static Interval range(List<RowRule> rules) {
    return intersect(rules.stream().filter(r -> r.kind() == RowRule.Kind.RANGE)
        .map(r -> new Interval(norm(r.min()), norm(r.max()))).collect(Collectors.toList()));
  }

  private static Interval length(List<RowRule> rules) {
    return intersect(rules.stream().filter(r -> r.kind() == RowRule.Kind.LENGTH)
        .map(r -> new Interval(norm(r.min()), norm(r.max()))).collect(Collectors.toList()));
  }

  private static Object norm(Object bound) {
    if (bound instanceof Number) {
      return new BigDecimal(bound.toString()).stripTrailingZeros();
    }
    return bound;
  }

  /** The intersection; null when there is no interval rule at all. */
  private static Interval intersect(List<Interval> all) {
    if (all.isEmpty()) {
      return null;
    }
    Object lo = null;
    Object hi = null;
    for (Interval i : all) {
      if (i.lo() != null && (lo == null || comparable(lo, i.lo()) && cmp(i.lo(), lo) > 0)) {
        lo = i.lo();
      }
      if (i.hi() != null && (hi == null || comparable(hi, i.hi()) && cmp(i.hi(), hi) < 0)) {
        hi = i.hi();
      }
    }
    return new Interval(lo, hi);
  }

  private static boolean comparable(Object a, Object b) {
    return a.getClass() == b.getClass();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int cmp(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  /** -1 tighter, 0 same, 1 looser, 2 incomparable, for one side of an interval. */
  private static int side(Object before, Object after, boolean lower) {
    if (Objects.equals(before, after)) {
      return 0;
    }
    if (after == null) {
      return 1;
    }
    if (before == null) {
      return -1;
    }
    if (!comparable(before, after)) {
      return 2;
    }
    int c = cmp(after, before);
    if (c == 0) {
      return 0;
    }
    return lower ? (c < 0 ? 1 : -1) : (c > 0 ? 1 : -1);
  }

  private static void interval(String subject, String what, Interval before, Interval after,
      boolean hide, List<Change> out) {
    if (Objects.equals(before, after)) {
      return;
    }
    if (before == null) {
      out.add(new Change(subject, what + " rule added" + (hide ? "" : " " + show(after)), false));
      return;
    }
    if (after == null) {
      out.add(new Change(subject, what + " rule removed or no longer enforced"
          + (hide ? "" : " (was " + show(before) + ")"), true));
      return;
    }
    int lo = side(before.lo(), after.lo(), true);
    int hi = side(before.hi(), after.hi(), false);
    boolean looser = lo > 0 || hi > 0;
    boolean tighter = lo < 0 || hi < 0;
    String how = looser && tighter ? "moved" : looser ? "widened" : "narrowed";
    out.add(new Change(subject, what + " " + how
        + (hide ? "" : " from " + show(before) + " to " + show(after)), looser));
  }

  private static String show(Interval i) {
    return "[" + (i.lo() == null ? "-inf" : plain(i.lo())) + ", "
        + (i.hi() == null ? "+inf" : plain(i.hi())) + "]";
  }

  private static String plain(Object o) {
    return o instanceof BigDecimal ? ((BigDecimal) o).toPlainString() : String.valueOf(o);
  }

  private static Set<String> patterns(List<RowRule> rules) {
    return rules.stream().filter(r -> r.kind() == RowRule.Kind.PATTERN).map(RowRule::pattern)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static void patterns(String subject, Set<String> before, Set<String> after,
      boolean hide, List<Change> out) {
    if (before.equals(after)) {
      return;
    }
    Set<String> removed = new TreeSet<>(before);
    removed.removeAll(after);
    Set<String> added = new TreeSet<>(after);
    added.removeAll(before);
    if (!removed.isEmpty() && !added.isEmpty()) {
      out.add(new Change(subject, "pattern replaced" + (hide ? "" : ": " + removed + " by "
          + added), true));
    } else if (!removed.isEmpty()) {
      out.add(new Change(subject, "pattern removed" + (hide ? "" : ": " + removed), true));
    } else {
      out.add(new Change(subject, "pattern added" + (hide ? "" : ": " + added), false));
    }
  }

  /** The values allowed by every allowed-values rule; null when there is none. */
  private static Set<Object> allowed(List<RowRule> rules) {
    Set<Object> out = null;
    for (RowRule r : rules) {
      if (r.kind() != RowRule.Kind.ALLOWED_VALUES) {
        continue;
      }
      Set<Object> values = r.allowedValues().stream().map(RuleChanges::norm)
          .collect(Collectors.toCollection(LinkedHashSet::new));
      if (out == null) {
        out = values;
      } else {
        out.retainAll(values);
      }
    }
    return out;
  }

  private static void allowed(String subject, Set<Object> before, Set<Object> after,
      boolean hide, List<Change> out) {
    if (Objects.equals(before, after)) {
      return;
    }
    if (before == null) {
      out.add(new Change(subject, "allowed values rule added", false));
      return;
    }
    if (after == null) {
      out.add(new Change(subject, "allowed values rule removed or no longer enforced", true));
      return;
    }
    Set<Object> added = new LinkedHashSet<>(after);
    added.removeAll(before);
    Set<Object> removed = new LinkedHashSet<>(before);
    removed.removeAll(after);
    String detail = hide ? "" : (added.isEmpty() ? "" : " added " + values(added))
        + (removed.isEmpty() ? "" : " removed " + values(removed));
    if (!added.isEmpty()) {
      out.add(new Change(subject, "allowed values widened" + detail, true));
    } else {
      out.add(new Change(subject, "allowed values narrowed" + detail, false));
    }
  }

  private static String values(Collection<Object> values) {
    return values.stream().map(RuleChanges::plain).collect(Collectors.toList()).toString();
  }

  // ------------------------------------------------------------------------------------------
  // dataset rules and service levels

  static void datasetRules(DataContract prev, DataContract next, List<Change> out) {
    interval("publication", "row count", rowCount(prev), rowCount(next), false, out);
    Set<String> pc = datasetCustom(prev);
    Set<String> nc = datasetCustom(next);
    for (String id : pc) {
      if (!nc.contains(id)) {
        out.add(new Change("rule '" + id + "'", "dataset rule removed or no longer enforced",
            true));
      }
    }
    for (String id : nc) {
      if (!pc.contains(id)) {
        out.add(new Change("rule '" + id + "'", "dataset rule added", false));
      }
    }
  }

  private static Interval rowCount(DataContract c) {
    return intersect(c.datasetRules().stream()
        .filter(r -> r.action() == Action.FAIL && r.kind() == DatasetRule.Kind.ROW_COUNT)
        .map(r -> new Interval(norm(r.min()), norm(r.max()))).collect(Collectors.toList()));
  }

  private static Set<String> datasetCustom(DataContract c) {
    return c.datasetRules().stream()
        .filter(r -> r.action() == Action.FAIL && r.kind() == DatasetRule.Kind.CUSTOM)
        .map(DatasetRule::id).collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
