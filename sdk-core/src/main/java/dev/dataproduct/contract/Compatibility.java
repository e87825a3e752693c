package dev.dataproduct.contract;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.SemanticVersion;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.RowRule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Lists every change between two versions of an output port's contract, each classified as
 * breaking or not <b>from the consumers' side</b>: an output contract is a promise to consumers,
 * so a change is breaking when a consumer written against the previous contract can fail or be
 * misled by data published under the next one.
 *
 * <table>
 *   <caption>How changes are classified</caption>
 *   <tr><th>change</th><th>breaking?</th><th>why</th></tr>
 *   <tr><td>field removed (a rename is a removal plus an addition)</td><td>yes</td>
 *       <td>consumers reading it fail</td></tr>
 *   <tr><td>field added (optional or required)</td><td>no</td>
 *       <td>consumers ignore what they do not know</td></tr>
 *   <tr><td>type widened: integer to number</td><td>yes</td>
 *       <td>a consumer expecting whole numbers gets fractions</td></tr>
 *   <tr><td>type narrowed: number to integer</td><td>no</td>
 *       <td>every integer is a number</td></tr>
 *   <tr><td>any other type change</td><td>yes</td><td>values no longer parse</td></tr>
 *   <tr><td>max length longer or removed; decimal precision or scale larger or removed</td>
 *       <td>yes</td><td>values may not fit the consumer's column</td></tr>
 *   <tr><td>max length shorter or added; decimal precision and scale smaller or added</td>
 *       <td>no</td><td>values still fit</td></tr>
 *   <tr><td>required to optional</td><td>yes</td><td>consumers get nulls</td></tr>
 *   <tr><td>optional to required</td><td>no</td><td>consumers handle nulls they never get</td></tr>
 *   <tr><td>unique to not unique</td><td>yes</td><td>duplicates break joins and keys</td></tr>
 *   <tr><td>not unique to unique</td><td>no</td><td></td></tr>
 *   <tr><td>primary key changed (fields or order)</td><td>yes</td>
 *       <td>consumers key and merge on it</td></tr>
 *   <tr><td>classification raised (public, internal, confidential, restricted, pii)</td>
 *       <td>yes</td><td>consumers may lose access or see masked values</td></tr>
 *   <tr><td>classification lowered</td><td>no</td><td></td></tr>
 *   <tr><td>glossary term changed or removed</td><td>yes</td>
 *       <td>the field means something else</td></tr>
 *   <tr><td>glossary term added; description changed</td><td>no</td><td></td></tr>
 *   <tr><td>rule loosened: range or length wider, more allowed values, pattern removed,
 *       not-null, unique, not-in-future or custom rule removed, or its action changed to
 *       WARN</td><td>yes</td><td>consumers get values they were promised not to get</td></tr>
 *   <tr><td>rule tightened: range or length narrower, fewer allowed values, pattern or any
 *       rule added, action changed from WARN</td><td>no</td><td></td></tr>
 *   <tr><td>pattern replaced; range moved (wider on one side, narrower on the other)</td>
 *       <td>yes</td><td>some new values were not allowed before</td></tr>
 *   <tr><td>row-count bounds wider or removed</td><td>yes</td><td></td></tr>
 *   <tr><td>row-count bounds narrower or added</td><td>no</td><td></td></tr>
 *   <tr><td>freshness longer or removed; retention shorter or removed</td><td>yes</td>
 *       <td>data is staler or disappears earlier than promised</td></tr>
 *   <tr><td>freshness shorter or added; retention longer or added</td><td>no</td><td></td></tr>
 *   <tr><td>rule action FAIL and QUARANTINE swapped, severity, descriptions, custom
 *       properties</td><td>no</td><td>consumers see the same data</td></tr>
 * </table>
 *
 * <p>Rules count as promises only when their action is FAIL or QUARANTINE: a WARN rule lets
 * violating rows through. Custom predicates cannot be compared; a custom rule is matched by id.
 * Values of fields classified confidential, restricted or pii (bounds, allowed values) are not
 * shown in change descriptions.
 *
 * <pre>{@code
 * Compatibility.Report report = Compatibility.check(published, next);
 * if (report.isBreaking() && !report.majorRaised()) {
 *   report.breakingChanges().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class Compatibility {
  private Compatibility() {}

  /**
   * One difference between two contracts.
   *
   * @param subject what changed: {@code field 'amount'}, {@code rule 'x'}, {@code contract}
   * @param description how, in words, with the old and new value
   * @param breaking whether a consumer of the previous contract can fail or be misled
   */
  public record Change(String subject, String description, boolean breaking) {
    public Change {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(description, "description");
    }

    @Override
    public String toString() {
      return (breaking ? "BREAKING      " : "non-breaking  ") + subject + ": " + description;
    }
  }

  /**
   * The changes from one contract to the next.
   *
   * @param previous the version compared from
   * @param next the version compared to
   * @param changes every change, breaking or not, fields first
   */
  public record Report(SemanticVersion previous, SemanticVersion next, List<Change> changes) {
    public Report {
      Objects.requireNonNull(previous, "previous");
      Objects.requireNonNull(next, "next");
      changes = List.copyOf(changes);
    }

    /** The breaking changes only. */
    public List<Change> breakingChanges() {
      return changes.stream().filter(Change::breaking).collect(Collectors.toUnmodifiableList());
    }

    /** Whether any change is breaking. */
    public boolean isBreaking() {
      return changes.stream().anyMatch(Change::breaking);
    }

    /** Whether the next contract has a higher major version (breaking changes allowed). */
    public boolean majorRaised() {
      return next.major() > previous.major();
    }

    @Override
    public String toString() {
      if (changes.isEmpty()) {
        return "no changes from " + previous + " to " + next;
      }
      return changes.stream().map(Change::toString)
          .collect(Collectors.joining("\n", "changes from " + previous + " to " + next + ":\n",
              ""));
    }
  }

  /** Every change from {@code previous} to {@code next}. */
  public static Report check(DataContract previous, DataContract next) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(next, "next");
    // who published and the policies then in force are the publication's, not the contract's
    return compare(PublishedAccess.detach(previous), PublishedAccess.detach(next));
  }

  private static Report compare(DataContract previous, DataContract next) {
    List<Change> out = new ArrayList<>();
    fields(previous, next, out);
    rowRules(previous, next, out);
    datasetRules(previous, next, out);
    slas(previous, next, out);
    if (!Objects.equals(previous.description(), next.description())) {
      out.add(new Change("contract", "description changed", false));
    }
    if (!previous.customProperties().equals(next.customProperties())) {
      Set<String> keys = new TreeSet<>(previous.customProperties().keySet());
      keys.addAll(next.customProperties().keySet());
      keys.removeIf(k -> Objects.equals(previous.customProperties().get(k),
          next.customProperties().get(k)));
      out.add(new Change("contract", "custom properties " + keys + " changed", false));
    }
    return new Report(previous.version(), next.version(), out);
  }

  // ------------------------------------------------------------------------------------------
  // fields

  private static void fields(DataContract prev, DataContract next, List<Change> out) {
    for (Field p : prev.schema().fields()) {
      Optional<Field> n = next.schema().findField(p.name());
      if (n.isEmpty()) {
        out.add(new Change(field(p), "removed", true));
      } else {
        field(p, n.get(), prev.schema().isUniqueAlone(p), next.schema().isUniqueAlone(n.get()),
            out);
      }
    }
    for (Field n : next.schema().fields()) {
      if (!prev.schema().contains(n.name())) {
        out.add(new Change(field(n), "added (" + (n.isRequired() ? "required" : "optional")
            + " " + n.type().logicalTypeName() + ")", false));
      }
    }
    List<String> pkBefore = names(prev.schema().primaryKey());
    List<String> pkAfter = names(next.schema().primaryKey());
    if (!pkBefore.equals(pkAfter)) {
      out.add(new Change("primary key", "changed from " + pkBefore + " to " + pkAfter, true));
    }
  }

  private static List<String> names(List<Field> fields) {
    return fields.stream().map(Field::name).collect(Collectors.toList());
  }

  private static String field(Field f) {
    return "field '" + f.name() + "'";
  }

  private static void field(Field p, Field n, boolean pUnique, boolean nUnique,
      List<Change> out) {
    String s = field(p);
    if (p.type() != n.type()) {
      String from = p.type().logicalTypeName();
      String to = n.type().logicalTypeName();
      if (p.type() == FieldType.INTEGER && n.type() == FieldType.NUMBER) {
        out.add(new Change(s, "type widened from " + from + " to " + to, true));
      } else if (p.type() == FieldType.NUMBER && n.type() == FieldType.INTEGER) {
        out.add(new Change(s, "type narrowed from " + from + " to " + to, false));
      } else {
        out.add(new Change(s, "type changed from " + from + " to " + to, true));
      }
    }
    if (!p.maxLength().equals(n.maxLength())) {
      String from = p.maxLength().isPresent() ? "" + p.maxLength().getAsInt() : "none";
      String to = n.maxLength().isPresent() ? "" + n.maxLength().getAsInt() : "none";
      boolean wider = n.maxLength().isEmpty()
          || p.maxLength().isPresent() && n.maxLength().getAsInt() > p.maxLength().getAsInt();
      out.add(new Change(s, "max length " + (wider ? "widened" : "narrowed") + " from " + from
          + " to " + to, wider));
    }
    if (!p.precision().equals(n.precision()) || !p.scale().equals(n.scale())) {
      if (p.type() == FieldType.NUMBER && n.type() == FieldType.NUMBER) {
        boolean wider;
        if (n.precision().isEmpty()) {
          wider = true;
        } else if (p.precision().isEmpty()) {
          wider = false;
        } else {
          int pi = p.precision().getAsInt() - p.scale().orElse(0);
          int ni = n.precision().getAsInt() - n.scale().orElse(0);
          wider = ni > pi || n.scale().orElse(0) > p.scale().orElse(0);
        }
        out.add(new Change(s, "decimal " + (wider ? "widened" : "narrowed") + " from "
            + decimal(p) + " to " + decimal(n), wider));
      }
    }
    if (p.isRequired() && !n.isRequired()) {
      out.add(new Change(s, "required to optional", true));
    } else if (!p.isRequired() && n.isRequired()) {
      out.add(new Change(s, "optional to required", false));
    }
    if (pUnique && !nUnique) {
      out.add(new Change(s, "no longer unique", true));
    } else if (!pUnique && nUnique) {
      out.add(new Change(s, "now unique", false));
    }
    int c = n.classification().compareTo(p.classification());
    if (c != 0) {
      out.add(new Change(s, "classification " + (c > 0 ? "raised" : "lowered") + " from "
          + p.classification().odcsName() + " to " + n.classification().odcsName(), c > 0));
    }
    if (!p.term().equals(n.term())) {
      if (p.term().isEmpty()) {
        out.add(new Change(s, "bound to glossary term '" + n.term().get() + "'", false));
      } else {
        out.add(new Change(s, "glossary term '" + p.term().get() + "' "
            + n.term().map(t -> "replaced by '" + t + "'").orElse("removed"), true));
      }
    }
    if (!p.description().equals(n.description())) {
      out.add(new Change(s, "description changed", false));
    }
  }

  private static String decimal(Field f) {
    return f.precision().isPresent()
        ? "decimal(" + f.precision().getAsInt() + ", " + f.scale().orElse(0) + ")" : "unbounded";
  }

  // ------------------------------------------------------------------------------------------
  // row rules

  private static boolean enforcing(RowRule r) {
    return r.action() != Action.WARN;
  }

  private static void rowRules(DataContract prev, DataContract next, List<Change> out) {
    Set<String> fields = new LinkedHashSet<>(prev.schema().fieldNames());
    fields.retainAll(next.schema().fieldNames());
    for (String name : fields) {
      Field pf = prev.schema().field(name);
      Field nf = next.schema().field(name);
      boolean hide = pf.isSensitive() || nf.isSensitive();
      List<RowRule> p = onField(prev, name);
      List<RowRule> n = onField(next, name);
      String s = field(pf);
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
      Set<Object> values = r.allowedValues().stream().map(Compatibility::norm)
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
    return values.stream().map(Compatibility::plain).collect(Collectors.toList()).toString();
  }

  // ------------------------------------------------------------------------------------------
  // dataset rules and service levels

  private static void datasetRules(DataContract prev, DataContract next, List<Change> out) {
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

  private static void slas(DataContract prev, DataContract next, List<Change> out) {
    duration("freshness", prev.freshness(), next.freshness(), true, out);
    duration("retention", prev.retention(), next.retention(), false, out);
  }

  private static void duration(String what, Optional<Duration> before, Optional<Duration> after,
      boolean longerIsLooser, List<Change> out) {
    if (before.equals(after)) {
      return;
    }
    if (before.isEmpty()) {
      out.add(new Change("contract", what + " of " + after.get() + " added", false));
    } else if (after.isEmpty()) {
      out.add(new Change("contract", what + " of " + before.get() + " removed", true));
    } else {
      boolean longer = after.get().compareTo(before.get()) > 0;
      out.add(new Change("contract", what + " " + (longer ? "lengthened" : "shortened")
          + " from " + before.get() + " to " + after.get(), longer == longerIsLooser));
    }
  }
}
