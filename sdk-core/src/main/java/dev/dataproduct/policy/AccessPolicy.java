package dev.dataproduct.policy;

import dev.dataproduct.Principal;
import dev.dataproduct.Row;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Who may read an output port, which columns they see masked and which rows they see. Declared
 * by the owner on the product (applies to every output port) or on one port; enforced by the core
 * in {@link dev.dataproduct.OutputPort#read} for every adapter. Immutable; each method returns a
 * new policy.
 *
 * <pre>{@code
 * AccessPolicy analysts = AccessPolicy.allow("analyst")
 *     .mask("customer_email")                              // null for analysts
 *     .mask("card_number", Masking.partial(4))             // ****1234
 *     .filterRowsByAttribute("country", "country");        // only their own country
 * AccessPolicy finance = AccessPolicy.allow("finance").forPurposes("billing")
 *     .unmask("customer_email");                           // explicit grant on a pii field
 * AccessPolicy noContractors = AccessPolicy.deny("contractor");
 * }</pre>
 *
 * <p>Decisions, for a principal reading a port with policies P:
 *
 * <ol>
 *   <li>Denied when the principal has a role of a deny policy in P.
 *   <li>Denied unless an allow policy of P matches: the principal has one of its roles (any
 *       principal for {@link #allowAll()}) and, when it names purposes, declared one of them.
 *       Without allow policies, no principal may read: the owner declares access when the product
 *       is created, and opening a port to everyone is the explicit {@link #allowAll()}.
 *   <li>A column is masked when a matching policy masks it, or when it is classified {@code pii}
 *       or {@code restricted} and no matching policy unmasks it (default deny on sensitive data).
 *   <li>Rows must satisfy every row filter of every matching policy. A filter on a principal
 *       attribute the principal lacks lets no row through.
 * </ol>
 *
 * <p>Role and purpose names compare case-insensitively.
 */
public final class AccessPolicy {

  /** Whether the policy grants or refuses. */
  public enum Effect {
    ALLOW,
    DENY
  }

  /**
   * A named row filter.
   *
   * @param name shown in descriptors and decisions
   * @param predicate whether the principal may see the row
   * @param field the field filtered on, or {@code null} for arbitrary predicates
   * @param attribute the principal attribute the field must equal, or {@code null}
   */
  public record RowFilter(String name, BiPredicate<Row, Principal> predicate, String field,
      String attribute) {
    public RowFilter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(predicate, "predicate");
    }
  }

  private final Effect effect;
  private final boolean everyone;
  private final Set<String> roles;
  private final Set<String> purposes;
  private final Map<String, Masking> masks;
  private final Set<String> unmasked;
  private final List<RowFilter> rowFilters;

  private AccessPolicy(Effect effect, boolean everyone, Set<String> roles, Set<String> purposes,
      Map<String, Masking> masks, Set<String> unmasked, List<RowFilter> rowFilters) {
    this.effect = effect;
    this.everyone = everyone;
    this.roles = Set.copyOf(roles);
    this.purposes = Set.copyOf(purposes);
    this.masks = Map.copyOf(masks);
    this.unmasked = Set.copyOf(unmasked);
    this.rowFilters = List.copyOf(rowFilters);
  }

  /** Grants read access to principals with any of {@code roles}. */
  public static AccessPolicy allow(String... roles) {
    return new AccessPolicy(Effect.ALLOW, false, names(roles, "role"), Set.of(), Map.of(),
        Set.of(), List.of());
  }

  /**
   * Grants read access to every principal, whatever its roles: the owner's deliberate decision
   * to open a port to everyone, written to the descriptors like any other policy. Masks and row
   * filters may be added as to any allow policy; fields classified {@code pii} or {@code
   * restricted} stay masked unless it unmasks them.
   *
   * <pre>{@code
   * .policy(AccessPolicy.allowAll())                  // public data
   * .policy(AccessPolicy.allowAll().forPurposes("research").mask("email"))
   * }</pre>
   */
  public static AccessPolicy allowAll() {
    return new AccessPolicy(Effect.ALLOW, true, Set.of(), Set.of(), Map.of(), Set.of(),
        List.of());
  }

  /** Refuses read access to principals with any of {@code roles}, whatever else grants it. */
  public static AccessPolicy deny(String... roles) {
    return new AccessPolicy(Effect.DENY, false, names(roles, "role"), Set.of(), Map.of(),
        Set.of(), List.of());
  }

  private static Set<String> names(String[] names, String what) {
    Objects.requireNonNull(names, what + "s");
    if (names.length == 0) {
      throw new IllegalArgumentException("Name at least one " + what);
    }
    Set<String> set = new LinkedHashSet<>();
    for (String n : names) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException("A " + what + " name must not be blank");
      }
      set.add(Principal.normalizeName(n));
    }
    return set;
  }

  /** The grant also requires the principal to declare one of {@code purposes}. */
  public AccessPolicy forPurposes(String... purposes) {
    requireAllow("forPurposes");
    return new AccessPolicy(effect, everyone, roles, names(purposes, "purpose"), masks, unmasked,
        rowFilters);
  }

  /** Masks {@code field} as {@code null} for principals this policy grants. */
  public AccessPolicy mask(String field) {
    return mask(field, Masking.nullify());
  }

  /** Masks {@code field} for principals this policy grants. */
  public AccessPolicy mask(String field, Masking masking) {
    requireAllow("mask");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(masking, "masking");
    if (unmasked.contains(field)) {
      throw new IllegalArgumentException("Field '" + field + "' is both masked and unmasked");
    }
    Map<String, Masking> copy = new LinkedHashMap<>(masks);
    copy.put(field, masking);
    return new AccessPolicy(effect, everyone, roles, purposes, copy, unmasked, rowFilters);
  }

  /** Explicitly grants clear values of a pii or restricted {@code field}. */
  public AccessPolicy unmask(String field) {
    requireAllow("unmask");
    Objects.requireNonNull(field, "field");
    if (masks.containsKey(field)) {
      throw new IllegalArgumentException("Field '" + field + "' is both masked and unmasked");
    }
    Set<String> copy = new LinkedHashSet<>(unmasked);
    copy.add(field);
    return new AccessPolicy(effect, everyone, roles, purposes, masks, copy, rowFilters);
  }

  /** Only rows satisfying {@code predicate} are visible to principals this policy grants. */
  public AccessPolicy filterRows(String name, BiPredicate<Row, Principal> predicate) {
    requireAllow("filterRows");
    List<RowFilter> copy = new java.util.ArrayList<>(rowFilters);
    copy.add(new RowFilter(name, predicate, null, null));
    return new AccessPolicy(effect, everyone, roles, purposes, masks, unmasked, copy);
  }

  /**
   * Only rows whose {@code field} equals the principal's {@code attribute} are visible; a
   * principal without the attribute sees no row.
   */
  public AccessPolicy filterRowsByAttribute(String field, String attribute) {
    requireAllow("filterRowsByAttribute");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(attribute, "attribute");
    BiPredicate<Row, Principal> p = (row, principal) -> principal.attribute(attribute)
        .map(a -> {
          Object v = row.get(field);
          return v != null && a.equals(v.toString());
        })
        .orElse(false);
    List<RowFilter> copy = new java.util.ArrayList<>(rowFilters);
    copy.add(new RowFilter(field + "=principal." + attribute, p, field, attribute));
    return new AccessPolicy(effect, everyone, roles, purposes, masks, unmasked, copy);
  }

  private void requireAllow(String method) {
    if (effect != Effect.ALLOW) {
      throw new IllegalStateException(method + " applies to allow policies, not to deny("
          + String.join(", ", roles) + ")");
    }
  }

  public Effect effect() {
    return effect;
  }

  /** Whether the policy applies to every principal ({@link #allowAll()}); its roles are empty. */
  public boolean everyone() {
    return everyone;
  }

  /** Role names, lower case; empty for {@link #allowAll()}. */
  public Set<String> roles() {
    return roles;
  }

  /** Purpose names, lower case; empty when any purpose will do. */
  public Set<String> purposes() {
    return purposes;
  }

  public Map<String, Masking> masks() {
    return masks;
  }

  public Set<String> unmasked() {
    return unmasked;
  }

  public List<RowFilter> rowFilters() {
    return rowFilters;
  }

  /** The fields the policy names (masked, unmasked, filtered on), to check against a schema. */
  public Map<String, String> fields() {
    Map<String, String> out = new LinkedHashMap<>();
    masks.keySet().forEach(f -> out.put(f, "masks"));
    unmasked.forEach(f -> out.putIfAbsent(f, "unmasks"));
    rowFilters.forEach(f -> {
      if (f.field() != null) {
        out.putIfAbsent(f.field(), "filters rows on");
      }
    });
    return out;
  }

  /** Whether this policy names one of the principal's roles (and, if any, purposes). */
  public boolean matches(Principal principal) {
    boolean role = everyone || principal.roles().stream().anyMatch(roles::contains);
    if (!role) {
      return false;
    }
    return purposes.isEmpty() || principal.purposes().stream().anyMatch(purposes::contains);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AccessPolicy)) {
      return false;
    }
    AccessPolicy p = (AccessPolicy) o;
    return effect == p.effect && everyone == p.everyone && roles.equals(p.roles) && purposes.equals(p.purposes)
        && masks.equals(p.masks) && unmasked.equals(p.unmasked)
        && sameFilters(rowFilters, p.rowFilters);
  }

  /** Attribute filters are equal by name, field and attribute; predicates by identity. */
  private static boolean sameFilters(List<RowFilter> a, List<RowFilter> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      RowFilter x = a.get(i);
      RowFilter y = b.get(i);
      boolean same = x.field() != null && x.attribute() != null
          ? x.name().equals(y.name()) && x.field().equals(y.field())
              && x.attribute().equals(y.attribute())
          : x.equals(y);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(effect, everyone, roles, purposes, masks, unmasked);
  }

  @Override
  public String toString() {
    return "AccessPolicy{" + effect.name().toLowerCase(Locale.ROOT) + " "
        + (everyone ? "everyone" : roles)
        + (purposes.isEmpty() ? "" : " for " + purposes)
        + (masks.isEmpty() ? "" : " mask " + masks)
        + (unmasked.isEmpty() ? "" : " unmask " + unmasked)
        + (rowFilters.isEmpty() ? "" : " rows " + rowFilters.stream().map(RowFilter::name)
            .collect(java.util.stream.Collectors.toList()))
        + "}";
  }
}
