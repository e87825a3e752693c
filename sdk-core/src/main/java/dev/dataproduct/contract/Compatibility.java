package dev.dataproduct.contract;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.SemanticVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 *   <tr><td>freshness or frequency longer or removed; retention shorter or removed</td>
 *       <td>yes</td><td>data is staler or disappears earlier than promised</td></tr>
 *   <tr><td>freshness or frequency shorter or added; retention longer or added</td><td>no</td>
 *       <td></td></tr>
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
    RuleChanges.rowRules(previous, next, out);
    RuleChanges.datasetRules(previous, next, out);
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

  static String field(Field f) {
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

  private static void slas(DataContract prev, DataContract next, List<Change> out) {
    duration("freshness", prev.freshness(), next.freshness(), true, out);
    duration("frequency", prev.frequency(), next.frequency(), true, out);
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
