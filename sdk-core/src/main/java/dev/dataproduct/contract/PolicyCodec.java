package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.Principal;
import dev.dataproduct.Row;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The machine-readable form of an {@link AccessPolicy}, as written to the custom property {@code
 * dataproduct.accessPolicies} of ODCS and ODPS documents and to the access record every
 * publication carries ({@link PublishedAccess}), and read back into policies.
 *
 * <pre>{@code
 * {effect: allow, roles: [analyst], purposes: [reporting],
 *  masks: {email: {kind: hash}, card: {kind: partial, visibleSuffix: 4}},
 *  unmasked: [name], rowFilters: [{name: country=principal.country, field: country,
 *  principalAttribute: country}]}
 * {effect: allow, everyone: true}
 * }</pre>
 *
 * <p>A row filter over a Java predicate travels by name only ({@code kind: predicate}): read back,
 * it lets no row through, and the core refuses such a read outright (fail closed).
 */
final class PolicyCodec {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> KEYS = Set.of("effect", "everyone", "roles", "purposes",
      "masks", "unmasked", "rowFilters");

  private PolicyCodec() {}

  static ObjectNode write(AccessPolicy p) {
    ObjectNode n = F.objectNode();
    n.put("effect", p.effect().name().toLowerCase(Locale.ROOT));
    if (p.everyone()) {
      n.put("everyone", true);
    } else {
      ArrayNode roles = n.putArray("roles");
      new TreeSet<>(p.roles()).forEach(roles::add);
    }
    if (!p.purposes().isEmpty()) {
      ArrayNode purposes = n.putArray("purposes");
      new TreeSet<>(p.purposes()).forEach(purposes::add);
    }
    if (!p.masks().isEmpty()) {
      ObjectNode masks = n.putObject("masks");
      new TreeSet<>(p.masks().keySet()).forEach(f -> masks.set(f, masking(p.masks().get(f))));
    }
    if (!p.unmasked().isEmpty()) {
      ArrayNode unmasked = n.putArray("unmasked");
      new TreeSet<>(p.unmasked()).forEach(unmasked::add);
    }
    if (!p.rowFilters().isEmpty()) {
      ArrayNode filters = n.putArray("rowFilters");
      for (AccessPolicy.RowFilter f : p.rowFilters()) {
        ObjectNode x = filters.addObject().put("name", f.name());
        if (f.field() != null && f.attribute() != null) {
          x.put("field", f.field()).put("principalAttribute", f.attribute());
        } else {
          x.put("kind", "predicate");
        }
      }
    }
    return n;
  }

  private static ObjectNode masking(Masking m) {
    ObjectNode n = F.objectNode().put("kind", m.kind().name().toLowerCase(Locale.ROOT));
    if (m.kind() == Masking.Kind.PARTIAL) {
      n.put("visibleSuffix", m.visibleSuffix());
    }
    return n;
  }

  /** The written form of a list of policies, as plain Java values (lists and maps). */
  static List<Object> toJava(List<AccessPolicy> policies) {
    ArrayNode a = F.arrayNode();
    policies.forEach(p -> a.add(write(p)));
    @SuppressWarnings("unchecked")
    List<Object> out = (List<Object>) Node.toJava(a);
    return out;
  }

  /**
   * Reads policies written by {@link #write}, given as plain Java values (what a document's
   * custom property holds once read).
   *
   * @throws dev.dataproduct.DescriptorException naming {@code source}, the path and the problem
   */
  static List<AccessPolicy> read(Object value, String source, String path) {
    return read(value, source, path, Map.of());
  }

  /**
   * Reads policies; a row filter over a Java predicate gets the predicate {@code rowFilters}
   * binds to its name, or one that shows no row.
   */
  static List<AccessPolicy> read(Object value, String source, String path,
      Map<String, BiPredicate<Row, Principal>> rowFilters) {
    Node list = Node.at(source, path, Yaml.MAPPER.valueToTree(value));
    List<AccessPolicy> out = new ArrayList<>();
    for (Node n : list.elements()) {
      out.add(read(n, rowFilters));
    }
    return List.copyOf(out);
  }

  private static AccessPolicy read(Node n, Map<String, BiPredicate<Row, Principal>> bound) {
    n.requireObject("an access policy").allowOnly(KEYS, "an access policy");
    String effect = n.requireString("effect", "an access policy");
    boolean everyone = n.get("everyone").json().asBoolean(false);
    List<String> roles = n.strings("roles");
    AccessPolicy p;
    if (effect.equals("deny")) {
      if (everyone || roles.isEmpty()) {
        throw n.fail("roles", "a deny policy names at least one role");
      }
      p = AccessPolicy.deny(roles.toArray(String[]::new));
    } else if (effect.equals("allow")) {
      if (everyone == !roles.isEmpty()) {
        throw n.fail("roles", "an allow policy names roles or says everyone: true, not both");
      }
      p = everyone ? AccessPolicy.allowAll() : AccessPolicy.allow(roles.toArray(String[]::new));
    } else {
      throw n.fail("effect", "expected allow or deny, found '" + effect + "'");
    }
    List<String> purposes = n.strings("purposes");
    if (!purposes.isEmpty()) {
      p = p.forPurposes(purposes.toArray(String[]::new));
    }
    Node masks = n.get("masks");
    if (!masks.isMissing()) {
      masks.requireObject("masks");
      for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e
          : masks.json().properties()) {
        Node m = masks.get(e.getKey()).requireObject("a masking");
        String kind = m.requireString("kind", "a masking");
        p = p.mask(e.getKey(), switch (kind) {
          case "null" -> Masking.nullify();
          case "hash" -> Masking.hash();
          case "partial" -> Masking.partial(m.get("visibleSuffix").json().asInt(0));
          default -> throw m.fail("kind", "expected null, hash or partial, found '" + kind
              + "'");
        });
      }
    }
    for (String f : n.strings("unmasked")) {
      p = p.unmask(f);
    }
    for (Node f : n.array("rowFilters")) {
      String name = f.requireString("name", "a row filter");
      if (f.get("field").isMissing()) {
        // Java code does not travel: the predicate bound to its name, or a placeholder that
        // shows nothing (the core refuses reads through it before any row is read)
        BiPredicate<Row, Principal> predicate = bound.get(name);
        p = p.filterRows(name, predicate != null ? predicate : (row, principal) -> false);
      } else {
        p = p.filterRowsByAttribute(f.requireString("field", "a row filter"),
            f.requireString("principalAttribute", "a row filter"));
      }
    }
    return p;
  }
}
