package dev.dataproduct.contract;

import dev.dataproduct.Owner;
import dev.dataproduct.contract.DataProductDescriptor.InputPortRef;
import dev.dataproduct.contract.DataProductDescriptor.Member;
import dev.dataproduct.contract.DataProductDescriptor.OutputPortRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates ODPS documents (v0.9.0 to v1.1.0) into {@link DataProductDescriptor}s: every
 * field the official schema of the document's version allows is checked (type, required keys,
 * unknown keys, dates, URIs) even when the model does not keep it, so a document this reader
 * accepts is one the schema accepts. The counterpart of {@link OdpsWriter}.
 */
final class OdpsReader {
  static final List<String> VERSIONS = List.of("v0.9.0", "v1.0.0", "v1.1.0");
  private static final Set<String> ROOT_10 = Set.of("apiVersion", "authoritativeDefinitions",
      "customProperties", "description", "domain", "id", "inputPorts", "kind",
      "managementPorts", "name", "outputPorts", "productCreatedTs", "status", "support",
      "tags", "team", "tenant", "version");
  private static final Set<String> ROOT_11 = union(ROOT_10, "context", "deprecated",
      "synonyms", "type");

  private OdpsReader() {}

  private static Set<String> union(Set<String> a, String... more) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(List.of(more));
    return Set.copyOf(s);
  }

  static DataProductDescriptor read(Node root) {
    root.requireObject("an ODPS data product descriptor");
    String api = root.string("apiVersion").orElse(null);
    if (api != null && !VERSIONS.contains(api)) {
      throw root.fail("apiVersion", "unsupported ODPS apiVersion '" + api
          + "'; this reader accepts " + VERSIONS);
    }
    Node kind = root.get("kind");
    if (!kind.isMissing() && !"DataProduct".equals(kind.json().asText())) {
      throw root.fail("kind", "expected kind 'DataProduct', found "
          + Node.describe(kind.json()));
    }
    boolean v10 = "v1.0.0".equals(api);
    root.allowOnly(v10 ? ROOT_10 : ROOT_11, "an ODPS " + (api == null ? "" : api + " ")
        + "descriptor");
    root.require("an ODPS descriptor", "apiVersion", "kind", "id");
    if (v10) {
      root.require("an ODPS v1.0.0 descriptor", "status");
    }
    DataProductDescriptor.Builder b = DataProductDescriptor.builder(root.requireString("id", "an ODPS descriptor"));
    root.string("name").ifPresent(b::name);
    root.string("version").ifPresent(b::version);
    root.string("status").ifPresent(b::status);
    root.string("domain").ifPresent(b::domain);
    root.string("tenant").ifPresent(b::tenant);
    root.string("type");
    root.bool("deprecated");
    root.string("productCreatedTs").ifPresent(ts -> {
      try {
        java.time.OffsetDateTime.parse(ts);
      } catch (java.time.format.DateTimeParseException e) {
        throw root.fail("productCreatedTs", "expected a date-time such as"
            + " 2024-01-31T10:00:00Z, found '" + ts + "'");
      }
    });
    synonyms(root);
    context(root);
    authoritativeDefinitions(root, v10);
    root.strings("tags").forEach(b::tag);
    root.object("description", "the description").ifPresent(d -> {
      d.allowOnly(Set.of("purpose", "limitations", "usage", "authoritativeDefinitions",
          "customProperties"), "the description");
      d.string("purpose").ifPresent(b::purpose);
      d.string("limitations").ifPresent(b::limitations);
      d.string("usage").ifPresent(b::usage);
      authoritativeDefinitions(d, v10);
      customProperties(d, v10);
    });
    customProperties(root, v10).forEach(b::customProperty);
    for (Node p : root.array("inputPorts")) {
      p.requireObject("an input port").allowOnly(v10
          ? Set.of("authoritativeDefinitions", "contractId", "customProperties", "name",
              "tags", "version")
          : Set.of("authoritativeDefinitions", "contractId", "customProperties", "deprecated",
              "id", "name", "tags", "version"), "an input port");
      p.require("an input port", v10 ? new String[] {"name", "version", "contractId"}
          : new String[] {"name"});
      p.string("id");
      p.bool("deprecated");
      p.strings("tags");
      authoritativeDefinitions(p, v10);
      b.inputPort(new InputPortRef(p.requireString("name", "an input port"),
          p.string("version").orElse(null), p.string("contractId").orElse(null),
          customProperties(p, v10)));
    }
    for (Node p : root.array("outputPorts")) {
      p.requireObject("an output port").allowOnly(v10
          ? Set.of("authoritativeDefinitions", "contractId", "customProperties", "description",
              "inputContracts", "name", "sbom", "tags", "type", "version")
          : Set.of("authoritativeDefinitions", "context", "contractId", "customProperties",
              "deprecated", "description", "id", "inputContracts", "name", "sbom", "synonyms",
              "tags", "type", "version"), "an output port");
      p.require("an output port", v10 ? new String[] {"name", "version"}
          : new String[] {"name"});
      p.string("id");
      p.bool("deprecated");
      p.strings("tags");
      synonyms(p);
      context(p);
      authoritativeDefinitions(p, v10);
      for (Node s : p.array("sbom")) {
        s.requireObject("an SBOM").allowOnly(v10 ? Set.of("type", "url")
            : Set.of("id", "type", "url"), "an SBOM");
        if (v10) {
          s.require("an SBOM", "url");
        }
        s.string("type");
        uri(s, "url");
      }
      for (Node c : p.array("inputContracts")) {
        c.requireObject("an input contract").allowOnly(Set.of("id", "version"),
            "an input contract").require("an input contract", "id", "version");
        c.string("id");
        c.string("version");
      }
      b.outputPort(new OutputPortRef(p.requireString("name", "an output port"),
          p.string("description").orElse(null), p.string("type").orElse(null),
          p.string("version").orElse(null), p.string("contractId").orElse(null),
          customProperties(p, v10)));
    }
    for (Node p : root.array("managementPorts")) {
      p.requireObject("a management port").allowOnly(v10
          ? Set.of("authoritativeDefinitions", "channel", "content", "customProperties",
              "description", "name", "tags", "type", "url")
          : Set.of("authoritativeDefinitions", "channel", "content", "customProperties",
              "deprecated", "description", "id", "name", "tags", "type", "url"),
          "a management port").require("a management port", "name", "content");
      p.string("id");
      p.bool("deprecated");
      p.string("channel");
      p.strings("tags");
      authoritativeDefinitions(p, v10);
      customProperties(p, v10);
      uri(p, "url");
      try {
        b.managementPort(new ManagementPort(p.requireString("name", "a management port"),
            p.requireString("content", "a management port"), p.string("type").orElse("rest"),
            p.string("url").orElse(null), p.string("description").orElse(null)));
      } catch (IllegalArgumentException e) {
        throw p.fail(e.getMessage());
      }
    }
    for (Node s : root.array("support")) {
      s.requireObject("a support channel").allowOnly(v10
          ? Set.of("authoritativeDefinitions", "channel", "customProperties", "description",
              "invitationUrl", "scope", "tags", "tool", "url")
          : Set.of("authoritativeDefinitions", "channel", "customProperties", "description",
              "id", "invitationUrl", "scope", "tags", "tool", "url"), "a support channel")
          .require("a support channel", "channel", "url");
      for (String k : List.of("id", "channel", "description", "scope", "tool")) {
        s.string(k);
      }
      uri(s, "url");
      uri(s, "invitationUrl");
      s.strings("tags");
      authoritativeDefinitions(s, v10);
      customProperties(s, v10);
    }
    root.object("team", "the team").ifPresent(t -> {
      t.allowOnly(Set.of("authoritativeDefinitions", "customProperties", "description",
          "members", "name", "tags"), "the team");
      t.string("name").ifPresent(b::teamName);
      t.string("description");
      t.strings("tags");
      authoritativeDefinitions(t, v10);
      customProperties(t, v10);
      for (Node m : t.array("members")) {
        m.requireObject("a team member").allowOnly(v10
            ? Set.of("authoritativeDefinitions", "customProperties", "dateIn", "dateOut",
                "description", "name", "replacedByUsername", "role", "tags", "username")
            : Set.of("authoritativeDefinitions", "customProperties", "dateIn", "dateOut",
                "description", "id", "name", "replacedByUsername", "role", "tags",
                "username"), "a team member").require("a team member", "username");
        for (String k : List.of("id", "description", "replacedByUsername")) {
          m.string(k);
        }
        for (String k : List.of("dateIn", "dateOut")) {
          m.string(k).ifPresent(v -> {
            try {
              java.time.LocalDate.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
              throw m.fail(k, "expected a date such as 2024-01-31, found '" + v + "'");
            }
          });
        }
        m.strings("tags");
        authoritativeDefinitions(m, v10);
        Map<String, Object> cp = customProperties(m, v10);
        String role = m.string("role").orElse(null);
        b.member(new Member(m.requireString("username", "a team member"),
            m.string("name").orElse(null), role, ownerKind(m, role, cp)));
      }
    });
    return b.build();
  }

  private static Owner.Kind ownerKind(Node m, String role, Map<String, Object> cp) {
    Object kind = cp.get(DataProductDescriptor.OWNER_KIND);
    if (kind != null) {
      for (Owner.Kind k : Owner.Kind.values()) {
        if (k.name().equalsIgnoreCase(String.valueOf(kind))) {
          return k;
        }
      }
      throw m.fail("customProperties", "unknown owner kind '" + kind
          + "'; expected business or technical");
    }
    String r = role == null ? "" : role.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (r.equals("businessowner")) {
      return Owner.Kind.BUSINESS;
    }
    if (r.equals("technicalowner")) {
      return Owner.Kind.TECHNICAL;
    }
    return null;
  }

  private static Map<String, Object> customProperties(Node n, boolean v10) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Node cp : n.array("customProperties")) {
      cp.requireObject("a custom property").allowOnly(v10
          ? Set.of("property", "value", "description")
          : Set.of("id", "property", "value", "description"), "a custom property")
          .requirePresent("a custom property", "property", "value");
      String key = cp.requireString("property", "a custom property");
      cp.string("id");
      cp.string("description");
      if (out.containsKey(key)) {
        throw cp.fail("property", "custom property '" + key + "' is declared twice");
      }
      Object value = Node.toJava(cp.json().get("value"));
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }

  private static void authoritativeDefinitions(Node n, boolean v10) {
    for (Node d : n.array("authoritativeDefinitions")) {
      d.requireObject("an authoritative definition").allowOnly(v10
          ? Set.of("type", "url", "description")
          : Set.of("id", "type", "url", "description"), "an authoritative definition")
          .require("an authoritative definition", "type", "url");
      d.string("id");
      d.string("type");
      d.string("description");
      uri(d, "url");
    }
  }

  private static void synonyms(Node n) {
    for (Node s : n.array("synonyms")) {
      s.requireObject("a synonym").allowOnly(Set.of("id", "synonym", "description", "locale",
          "source", "status", "customProperties"), "a synonym").require("a synonym",
          "synonym");
      for (String k : List.of("id", "synonym", "description", "locale", "source", "status")) {
        s.string(k);
      }
      customProperties(s, false);
    }
  }

  private static void context(Node n) {
    n.object("context", "the AI context").ifPresent(c -> {
      c.allowOnly(Set.of("instructions", "verifiedStatements", "constraints"),
          "the AI context");
      c.string("instructions");
      for (Node v : c.array("verifiedStatements")) {
        v.requireObject("a verified statement").allowOnly(Set.of("id", "question", "answer",
            "authoritativeDefinitions", "tags", "customProperties"), "a verified statement")
            .require("a verified statement", "question");
        v.string("id");
        v.string("question");
        v.string("answer");
        v.strings("tags");
        authoritativeDefinitions(v, false);
        customProperties(v, false);
      }
      for (Node x : c.array("constraints")) {
        x.requireObject("a constraint").allowOnly(Set.of("id", "constraint",
            "authoritativeDefinitions", "tags", "customProperties"), "a constraint")
            .require("a constraint", "constraint");
        x.string("id");
        x.string("constraint");
        x.strings("tags");
        authoritativeDefinitions(x, false);
        customProperties(x, false);
      }
    });
  }

  private static void uri(Node n, String key) {
    n.string(key).ifPresent(u -> {
      try {
        if (!new java.net.URI(u).isAbsolute()) {
          throw n.fail(key, "expected an absolute URI, found '" + u + "'");
        }
      } catch (java.net.URISyntaxException e) {
        throw n.fail(key, "expected a URI, found '" + u + "' (" + e.getReason() + ")");
      }
    });
  }
}
