package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.contract.DataProductDescriptor.InputPortRef;
import dev.dataproduct.contract.DataProductDescriptor.Member;
import dev.dataproduct.contract.DataProductDescriptor.OutputPortRef;
import dev.dataproduct.policy.AccessPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@link DataProductDescriptor}s as ODPS v1.1.0 documents; {@link OdpsReader} reads them
 * back to an equal descriptor.
 */
final class OdpsWriter {
  static final String API_VERSION = "v1.1.0";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OdpsWriter() {}

  static String toYaml(DataProductDescriptor d) {
    return Yaml.write(write(d));
  }

  static ObjectNode write(DataProductDescriptor d) {
    ObjectNode n = F.objectNode();
    n.put("apiVersion", API_VERSION);
    n.put("kind", "DataProduct");
    n.put("id", d.id());
    putIf(n, "name", d.name().orElse(null));
    putIf(n, "version", d.version().orElse(null));
    putIf(n, "status", d.status().orElse(null));
    putIf(n, "domain", d.domain().orElse(null));
    putIf(n, "tenant", d.tenant().orElse(null));
    if (d.purpose().isPresent() || d.limitations().isPresent() || d.usage().isPresent()) {
      ObjectNode desc = n.putObject("description");
      putIf(desc, "purpose", d.purpose().orElse(null));
      putIf(desc, "limitations", d.limitations().orElse(null));
      putIf(desc, "usage", d.usage().orElse(null));
    }
    if (!d.tags().isEmpty()) {
      ArrayNode t = n.putArray("tags");
      d.tags().forEach(t::add);
    }
    if (!d.inputPorts().isEmpty()) {
      ArrayNode a = n.putArray("inputPorts");
      for (InputPortRef p : d.inputPorts()) {
        ObjectNode o = a.addObject().put("name", p.name());
        putIf(o, "version", p.version());
        putIf(o, "contractId", p.contractId());
        custom(o, p.customProperties());
      }
    }
    if (!d.outputPorts().isEmpty()) {
      ArrayNode a = n.putArray("outputPorts");
      for (OutputPortRef p : d.outputPorts()) {
        ObjectNode o = a.addObject().put("name", p.name());
        putIf(o, "description", p.description());
        putIf(o, "type", p.type());
        putIf(o, "version", p.version());
        putIf(o, "contractId", p.contractId());
        custom(o, p.customProperties());
      }
    }
    if (!d.managementPorts().isEmpty()) {
      ArrayNode a = n.putArray("managementPorts");
      for (ManagementPort p : d.managementPorts()) {
        ObjectNode o = a.addObject().put("name", p.name()).put("content", p.content())
            .put("type", p.type());
        putIf(o, "url", p.url());
        putIf(o, "description", p.description());
      }
    }
    if (d.teamName().isPresent() || !d.members().isEmpty()) {
      ObjectNode team = n.putObject("team");
      putIf(team, "name", d.teamName().orElse(null));
      if (!d.members().isEmpty()) {
        ArrayNode a = team.putArray("members");
        for (Member m : d.members()) {
          ObjectNode o = a.addObject().put("username", m.username());
          putIf(o, "name", m.name());
          putIf(o, "role", m.role());
          if (m.ownerKind() != null) {
            o.putArray("customProperties").addObject()
                .put("property", DataProductDescriptor.OWNER_KIND)
                .put("value", m.ownerKind().name().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    custom(n, d.customProperties());
    return n;
  }

  /** Access policies as the plain value of a {@code dataproduct.accessPolicies} property. */
  static Object policies(List<AccessPolicy> policies) {
    ArrayNode a = F.arrayNode();
    policies.forEach(p -> a.add(PolicyCodec.write(p)));
    return Node.toJava(a);
  }

  private static void putIf(ObjectNode n, String key, String value) {
    if (value != null) {
      n.put(key, value);
    }
  }

  private static void custom(ObjectNode n, Map<String, Object> props) {
    if (props.isEmpty()) {
      return;
    }
    ArrayNode a = n.putArray("customProperties");
    props.forEach((k, v) -> a.addObject().put("property", k).set("value",
        Yaml.MAPPER.valueToTree(v)));
  }
}
