package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.policy.AccessPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A data product as an ODPS (Open Data Product Standard) document: identity, owners, ports and
 * their contracts. Written as ODPS v1.1.0 YAML; read from ODPS v1.0.0 to v1.1.0 (and the v0.9.0
 * documents the v1.x schemas accept). Reading what {@link #toYaml} wrote gives an equal
 * descriptor. Immutable.
 *
 * <pre>{@code
 * DataProductDescriptor d = product.descriptor();
 * Files.writeString(Path.of("daily-revenue.odps.yaml"), d.toYaml());
 *
 * DataProductDescriptor read = DataProductDescriptor.read(Path.of("daily-revenue.odps.yaml"));
 * read.outputPorts().get(0).contractId();   // the ODCS contract of that port
 * }</pre>
 *
 * <p>What ODPS cannot express goes to {@code customProperties}: the kind of each owner ({@code
 * dataproduct.ownerKind} on team members, whose role is {@code business owner} or {@code
 * technical owner}), access policies with their masks and row filters ({@code
 * dataproduct.accessPolicies}, on the product and on each output port) and input port storage
 * types ({@code dataproduct.portType}). The masking salt is never written.
 */
public final class DataProductDescriptor {
  static final String API_VERSION = "v1.1.0";
  static final List<String> VERSIONS = List.of("v0.9.0", "v1.0.0", "v1.1.0");
  static final String OWNER_KIND = "dataproduct.ownerKind";
  static final String POLICIES = "dataproduct.accessPolicies";
  static final String PORT_TYPE = "dataproduct.portType";
  static final String UPSTREAM_PRODUCT = "dataproduct.upstreamProduct";
  static final String UPSTREAM_PORT = "dataproduct.upstreamPort";
  static final String ACCEPTED_MAJORS = "dataproduct.acceptedMajors";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * An input port.
   *
   * @param name the port's name
   * @param version the version of the upstream contract, or null
   * @param contractId the id of the upstream contract, or null
   * @param customProperties what ODPS cannot express
   */
  public record InputPortRef(String name, String version, String contractId,
      Map<String, Object> customProperties) {
    public InputPortRef {
      Objects.requireNonNull(name, "name");
      customProperties = copy(customProperties);
    }
  }

  /**
   * An output port and the contract it publishes.
   *
   * @param name the port's name
   * @param description what it publishes, or null
   * @param type the storage type (jdbc, s3, ...), or null
   * @param version the contract's version, or null
   * @param contractId the contract's id (the {@code id} of its ODCS document), or null
   * @param customProperties what ODPS cannot express
   */
  public record OutputPortRef(String name, String description, String type, String version,
      String contractId, Map<String, Object> customProperties) {
    public OutputPortRef {
      Objects.requireNonNull(name, "name");
      customProperties = copy(customProperties);
    }
  }

  /**
   * A team member.
   *
   * @param username e-mail, user or team name
   * @param name the member's name, or null
   * @param role the role, e.g. {@code business owner}, {@code data steward}, or null
   * @param ownerKind the kind of owner the member is, or null when not an owner
   */
  public record Member(String username, String name, String role, Owner.Kind ownerKind) {
    public Member {
      Objects.requireNonNull(username, "username");
    }
  }

  private final String id;
  private final String name;
  private final String version;
  private final String status;
  private final String domain;
  private final String tenant;
  private final String purpose;
  private final String limitations;
  private final String usage;
  private final List<String> tags;
  private final List<InputPortRef> inputPorts;
  private final List<OutputPortRef> outputPorts;
  private final List<ManagementPort> managementPorts;
  private final String teamName;
  private final List<Member> members;
  private final Map<String, Object> customProperties;

  private DataProductDescriptor(Builder b) {
    this.id = b.id;
    this.name = b.name;
    this.version = b.version;
    this.status = b.status;
    this.domain = b.domain;
    this.tenant = b.tenant;
    this.purpose = b.purpose;
    this.limitations = b.limitations;
    this.usage = b.usage;
    this.tags = List.copyOf(b.tags);
    this.inputPorts = List.copyOf(b.inputPorts);
    this.outputPorts = List.copyOf(b.outputPorts);
    this.managementPorts = List.copyOf(b.managementPorts);
    this.teamName = b.teamName;
    this.members = List.copyOf(b.members);
    this.customProperties = copy(b.customProperties);
  }

  private static Map<String, Object> copy(Map<String, Object> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** A builder for a descriptor with this id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * The descriptor of {@code product}: id and name are the product's name, status {@code
   * active}, one output port per output port with its contract's id and version.
   */
  public static DataProductDescriptor of(DataProduct product) {
    Objects.requireNonNull(product, "product");
    Builder b = builder(product.name()).name(product.name())
        .version(product.version().toString()).status("active").domain(product.domain());
    product.description().ifPresent(b::purpose);
    b.tags.addAll(product.tags());
    for (InputPort in : product.inputs().values()) {
      b.inputPort(inputPort(in));
    }
    for (OutputPort out : product.outputs().values()) {
      // a bound port's policies are its own, then the product's (written once, below)
      List<AccessPolicy> own = out.accessPolicies().subList(0,
          out.accessPolicies().size() - product.policies().size());
      Map<String, Object> cp = new LinkedHashMap<>();
      if (!own.isEmpty()) {
        cp.put(POLICIES, policies(own));
      }
      b.outputPort(new OutputPortRef(out.name(), out.contract().description().orElse(null),
          out.type(), out.contract().version().toString(), out.contract().id(), cp));
    }
    product.managementPorts().forEach(b::managementPort);
    b.teamName(product.domain() + "/" + product.name() + " owners");
    for (Owner o : product.owners()) {
      b.member(new Member(o.id(), null, o.kind() == Owner.Kind.BUSINESS ? "business owner"
          : "technical owner", o.kind()));
    }
    if (!product.policies().isEmpty()) {
      b.customProperty(POLICIES, policies(product.policies()));
    }
    return b.build();
  }

  /** An input port; another product's port is recorded with its product, port and contract. */
  private static InputPortRef inputPort(InputPort in) {
    if (!(in instanceof ProductInputPort)) {
      return new InputPortRef(in.name(), null, null, Map.of(PORT_TYPE, in.type()));
    }
    ProductInputPort p = (ProductInputPort) in;
    Map<String, Object> cp = new LinkedHashMap<>();
    cp.put(PORT_TYPE, in.type());
    p.upstreamProduct().ifPresent(x -> cp.put(UPSTREAM_PRODUCT, x));
    p.upstreamPort().ifPresent(x -> cp.put(UPSTREAM_PORT, x));
    if (!p.acceptedMajors().isEmpty()) {
      cp.put(ACCEPTED_MAJORS, p.acceptedMajors());
    }
    return new InputPortRef(in.name(), p.contractVersion().orElse(null),
        p.contractId().orElse(null), cp);
  }

  private static Object policies(List<AccessPolicy> policies) {
    ArrayNode a = F.arrayNode();
    policies.forEach(p -> a.add(PolicyCodec.write(p)));
    return Node.toJava(a);
  }

  public String id() {
    return id;
  }

  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  public Optional<String> domain() {
    return Optional.ofNullable(domain);
  }

  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** The description's purpose. */
  public Optional<String> purpose() {
    return Optional.ofNullable(purpose);
  }

  public Optional<String> limitations() {
    return Optional.ofNullable(limitations);
  }

  public Optional<String> usage() {
    return Optional.ofNullable(usage);
  }

  public List<String> tags() {
    return tags;
  }

  public List<InputPortRef> inputPorts() {
    return inputPorts;
  }

  public List<OutputPortRef> outputPorts() {
    return outputPorts;
  }

  public List<ManagementPort> managementPorts() {
    return managementPorts;
  }

  public Optional<String> teamName() {
    return Optional.ofNullable(teamName);
  }

  public List<Member> members() {
    return members;
  }

  /** The members that are owners, as {@link Owner}s. */
  public List<Owner> owners() {
    List<Owner> out = new ArrayList<>();
    for (Member m : members) {
      if (m.ownerKind() != null) {
        out.add(new Owner(m.ownerKind(), m.username()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The product-level access policies written to the custom property {@value #POLICIES}, read
   * back as policies (a row filter over a Java predicate comes back as one that shows no row).
   *
   * @throws dev.dataproduct.DescriptorException when the property cannot be read as policies
   */
  public List<AccessPolicy> accessPolicies() {
    Object value = customProperties.get(POLICIES);
    return value == null ? List.of()
        : PolicyCodec.read(value, "descriptor '" + id + "'", "$.customProperties['" + POLICIES
            + "']");
  }

  public Map<String, Object> customProperties() {
    return customProperties;
  }

  // ------------------------------------------------------------------------------------------
  // writing

  /** The ODPS v1.1.0 YAML document. */
  public String toYaml() {
    return Yaml.write(toJson());
  }

  /** Writes {@link #toYaml()} to {@code file} (UTF-8), replacing it. */
  public void write(Path file) {
    try {
      Files.writeString(file, toYaml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  ObjectNode toJson() {
    ObjectNode d = F.objectNode();
    d.put("apiVersion", API_VERSION);
    d.put("kind", "DataProduct");
    d.put("id", id);
    putIf(d, "name", name);
    putIf(d, "version", version);
    putIf(d, "status", status);
    putIf(d, "domain", domain);
    putIf(d, "tenant", tenant);
    if (purpose != null || limitations != null || usage != null) {
      ObjectNode desc = d.putObject("description");
      putIf(desc, "purpose", purpose);
      putIf(desc, "limitations", limitations);
      putIf(desc, "usage", usage);
    }
    if (!tags.isEmpty()) {
      ArrayNode t = d.putArray("tags");
      tags.forEach(t::add);
    }
    if (!inputPorts.isEmpty()) {
      ArrayNode a = d.putArray("inputPorts");
      for (InputPortRef p : inputPorts) {
        ObjectNode n = a.addObject().put("name", p.name());
        putIf(n, "version", p.version());
        putIf(n, "contractId", p.contractId());
        custom(n, p.customProperties());
      }
    }
    if (!outputPorts.isEmpty()) {
      ArrayNode a = d.putArray("outputPorts");
      for (OutputPortRef p : outputPorts) {
        ObjectNode n = a.addObject().put("name", p.name());
        putIf(n, "description", p.description());
        putIf(n, "type", p.type());
        putIf(n, "version", p.version());
        putIf(n, "contractId", p.contractId());
        custom(n, p.customProperties());
      }
    }
    if (!managementPorts.isEmpty()) {
      ArrayNode a = d.putArray("managementPorts");
      for (ManagementPort p : managementPorts) {
        ObjectNode n = a.addObject().put("name", p.name()).put("content", p.content())
            .put("type", p.type());
        putIf(n, "url", p.url());
        putIf(n, "description", p.description());
      }
    }
    if (teamName != null || !members.isEmpty()) {
      ObjectNode team = d.putObject("team");
      putIf(team, "name", teamName);
      if (!members.isEmpty()) {
        ArrayNode a = team.putArray("members");
        for (Member m : members) {
          ObjectNode n = a.addObject().put("username", m.username());
          putIf(n, "name", m.name());
          putIf(n, "role", m.role());
          if (m.ownerKind() != null) {
            n.putArray("customProperties").addObject().put("property", OWNER_KIND)
                .put("value", m.ownerKind().name().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    custom(d, customProperties);
    return d;
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

  // ------------------------------------------------------------------------------------------
  // reading

  /**
   * Reads an ODPS document.
   *
   * @throws DescriptorException naming the file, the JSON path and what was expected
   */
  public static DataProductDescriptor read(Path file) {
    return OdpsReader.read(Node.root(file.toString(), Yaml.parse(file)));
  }

  /** Reads an ODPS document from a stream; {@code source} names it in error messages. */
  public static DataProductDescriptor read(InputStream in, String source) {
    return OdpsReader.read(Node.root(source, Yaml.parse(in, source)));
  }

  /** Reads an ODPS document held in a string. */
  public static DataProductDescriptor fromYaml(String yaml) {
    return OdpsReader.read(Node.root("descriptor text", Yaml.parse(yaml, "descriptor text")));
  }

  // ------------------------------------------------------------------------------------------

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DataProductDescriptor)) {
      return false;
    }
    DataProductDescriptor x = (DataProductDescriptor) o;
    return id.equals(x.id) && Objects.equals(name, x.name) && Objects.equals(version, x.version)
        && Objects.equals(status, x.status) && Objects.equals(domain, x.domain)
        && Objects.equals(tenant, x.tenant) && Objects.equals(purpose, x.purpose)
        && Objects.equals(limitations, x.limitations) && Objects.equals(usage, x.usage)
        && tags.equals(x.tags) && inputPorts.equals(x.inputPorts)
        && outputPorts.equals(x.outputPorts) && managementPorts.equals(x.managementPorts)
        && Objects.equals(teamName, x.teamName) && members.equals(x.members)
        && customProperties.equals(x.customProperties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, version, domain, outputPorts);
  }

  @Override
  public String toString() {
    return "DataProductDescriptor{" + id + " " + version + ", outputs "
        + outputPorts.stream().map(OutputPortRef::name).collect(java.util.stream.Collectors
            .toList()) + "}";
  }

  /** Builds a {@link DataProductDescriptor}. */
  public static final class Builder {
    private final String id;
    private String name;
    private String version;
    private String status;
    private String domain;
    private String tenant;
    private String purpose;
    private String limitations;
    private String usage;
    private final List<String> tags = new ArrayList<>();
    private final List<InputPortRef> inputPorts = new ArrayList<>();
    private final List<OutputPortRef> outputPorts = new ArrayList<>();
    private final List<ManagementPort> managementPorts = new ArrayList<>();
    private String teamName;
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Object> customProperties = new LinkedHashMap<>();

    private Builder(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("Descriptor id must not be blank");
      }
      this.id = id;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder status(String status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    public Builder domain(String domain) {
      this.domain = Objects.requireNonNull(domain, "domain");
      return this;
    }

    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    public Builder purpose(String purpose) {
      this.purpose = Objects.requireNonNull(purpose, "purpose");
      return this;
    }

    public Builder limitations(String limitations) {
      this.limitations = Objects.requireNonNull(limitations, "limitations");
      return this;
    }

    public Builder usage(String usage) {
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    public Builder tag(String tag) {
      tags.add(Objects.requireNonNull(tag, "tag"));
      return this;
    }

    public Builder inputPort(InputPortRef port) {
      inputPorts.add(Objects.requireNonNull(port, "port"));
      return this;
    }

    public Builder outputPort(OutputPortRef port) {
      outputPorts.add(Objects.requireNonNull(port, "port"));
      return this;
    }

    public Builder managementPort(ManagementPort port) {
      managementPorts.add(Objects.requireNonNull(port, "port"));
      return this;
    }

    public Builder teamName(String teamName) {
      this.teamName = Objects.requireNonNull(teamName, "teamName");
      return this;
    }

    public Builder member(Member member) {
      members.add(Objects.requireNonNull(member, "member"));
      return this;
    }

    public Builder customProperty(String key, Object value) {
      customProperties.put(Objects.requireNonNull(key, "key"),
          Objects.requireNonNull(value, key));
      return this;
    }

    public DataProductDescriptor build() {
      return new DataProductDescriptor(this);
    }
  }

  /** Reads and validates ODPS documents. */
  static final class OdpsReader {
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
      Builder b = builder(root.requireString("id", "an ODPS descriptor"));
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
      Object kind = cp.get(OWNER_KIND);
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
}
