package dev.dataproduct;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who reads through an output port, with which roles, for which purposes, and with which
 * attributes (for row filters such as "country equals the principal's country"). Role and
 * purpose names are compared case-insensitively after normalising to lower case, so {@code
 * "Analyst"} and {@code "analyst"} are the same role and cannot be used to slip past a deny.
 *
 * <pre>{@code
 * Principal ana = Principal.of("ana@corp.example")
 *     .withRoles("analyst").withPurposes("reporting").withAttribute("country", "DE");
 * }</pre>
 *
 * @param id who reads (user, service account); never blank
 * @param roles the roles granted, normalised to lower case
 * @param purposes the declared purposes of the read, normalised to lower case
 * @param attributes attributes row filters may refer to
 */
public record Principal(
    String id, Set<String> roles, Set<String> purposes, Map<String, String> attributes) {

  public Principal {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("Principal id must not be blank");
    }
    roles = normalise(roles);
    purposes = normalise(purposes);
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  private static Set<String> normalise(Set<String> names) {
    Objects.requireNonNull(names, "names");
    return names.stream()
        .map(n -> normalizeName(Objects.requireNonNull(n, "role or purpose")))
        .filter(n -> !n.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The form role and purpose names are compared in: stripped, lower case (locale independent),
   * with the Turkish dotted and dotless i folded to {@code i}, so that {@code "ADMİN"} and {@code
   * "admın"} (what {@code "admin".toUpperCase()} and {@code "ADMIN".toLowerCase()} give under a
   * Turkish default locale) are the role {@code admin} and cannot slip past a deny.
   */
  public static String normalizeName(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replace("i\u0307", "i").replace('\u0131', 'i');
  }

  /** A principal with no role, purpose or attribute. */
  public static Principal of(String id) {
    return new Principal(id, Set.of(), Set.of(), Map.of());
  }

  public Principal withRoles(String... roles) {
    return new Principal(id, Set.of(roles), purposes, attributes);
  }

  public Principal withPurposes(String... purposes) {
    return new Principal(id, roles, Set.of(purposes), attributes);
  }

  public Principal withAttribute(String key, String value) {
    Map<String, String> copy = new java.util.HashMap<>(attributes);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new Principal(id, roles, purposes, copy);
  }

  /** Whether the principal has {@code role} (case-insensitive). */
  public boolean hasRole(String role) {
    return roles.contains(normalizeName(role));
  }

  /** Whether the principal declared {@code purpose} (case-insensitive). */
  public boolean hasPurpose(String purpose) {
    return purposes.contains(normalizeName(purpose));
  }

  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }
}
