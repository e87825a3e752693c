package dev.dataproduct.contract;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Row;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;

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
 *
 * <p>This class is the value; {@code OdpsReader} and {@code OdpsWriter} (package-private) read and
 * write the document, and {@link dev.dataproduct.DataProduct#descriptor()} maps a product to its
 * descriptor, so the descriptor knows nothing of the runtime model.
 *
 * <p>Why one class of this size: the value and its nested public {@link Builder} (used by the
 * readers and by products) are one API; reading and writing live in {@code OdpsReader} and {@code
 * OdpsWriter}.
 */
public final class DataProductDescriptor {
  static final String OWNER_KIND = "dataproduct.ownerKind";
  static final String POLICIES = "dataproduct.accessPolicies";
  static final String PORT_TYPE = "dataproduct.portType";
  static final String UPSTREAM_PRODUCT = "dataproduct.upstreamProduct";
  static final String UPSTREAM_PORT = "dataproduct.upstreamPort";
  static final String ACCEPTED_MAJORS = "dataproduct.acceptedMajors";

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

    /**
     * An input port reading storage of {@code portType} (jdbc, s3, ...), kept in the custom
     * property {@code dataproduct.portType}.
     */
    public static InputPortRef of(String name, String portType) {
      return new InputPortRef(name, null, null,
          Map.of(PORT_TYPE, Objects.requireNonNull(portType, "portType")));
    }

    /**
     * An input port reading another product's output port: the upstream contract's id and
     * version ({@code {major}.x} when only majors are accepted), and the custom properties
     * {@code dataproduct.upstreamProduct}, {@code dataproduct.upstreamPort} and {@code
     * dataproduct.acceptedMajors}; each null or empty when unknown.
     */
    public static InputPortRef upstream(String name, String portType, String product,
        String port, String contractId, String version, List<Integer> acceptedMajors) {
      Map<String, Object> cp = new LinkedHashMap<>();
      cp.put(PORT_TYPE, Objects.requireNonNull(portType, "portType"));
      if (product != null) {
        cp.put(UPSTREAM_PRODUCT, product);
      }
      if (port != null) {
        cp.put(UPSTREAM_PORT, port);
      }
      if (!acceptedMajors.isEmpty()) {
        cp.put(ACCEPTED_MAJORS, List.copyOf(acceptedMajors));
      }
      return new InputPortRef(name, version, contractId, cp);
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

    /**
     * This port with the access policies of the port itself in the custom property {@code
     * dataproduct.accessPolicies} (masks and row filters included, the masking salt never);
     * this port unchanged when {@code policies} is empty.
     */
    public OutputPortRef withAccessPolicies(List<AccessPolicy> policies) {
      if (policies.isEmpty()) {
        return this;
      }
      Map<String, Object> cp = new LinkedHashMap<>(customProperties);
      cp.put(POLICIES, OdpsWriter.policies(policies));
      return new OutputPortRef(name, description, type, version, contractId, cp);
    }

    /**
     * The access policies of the port itself (custom property {@code dataproduct.accessPolicies}),
     * read back as policies; empty when the port has none of its own.
     *
     * @throws DescriptorException when the property cannot be read as policies
     */
    public List<AccessPolicy> accessPolicies() {
      return accessPolicies(Map.of());
    }

    /**
     * {@link #accessPolicies()}, each row filter over Java code (written by name only) bound to
     * the predicate {@code rowFilters} gives for its name; without one it shows no row.
     */
    public List<AccessPolicy> accessPolicies(
        Map<String, BiPredicate<Row, Principal>> rowFilters) {
      Object value = customProperties.get(POLICIES);
      return value == null ? List.of()
          : PolicyCodec.read(value, "output port '" + name + "'", "$.customProperties['"
              + POLICIES + "']", rowFilters);
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

    /** The member an owner is: role {@code business owner} or {@code technical owner}. */
    public static Member of(Owner owner) {
      return new Member(owner.id(), null, owner.kind() == Owner.Kind.BUSINESS
          ? "business owner" : "technical owner", owner.kind());
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
   * @throws DescriptorException when the property cannot be read as policies
   */
  public List<AccessPolicy> accessPolicies() {
    return accessPolicies(Map.of());
  }

  /**
   * {@link #accessPolicies()}, each row filter over Java code (written by name only) bound to
   * the predicate {@code rowFilters} gives for its name; without one it shows no row.
   */
  public List<AccessPolicy> accessPolicies(Map<String, BiPredicate<Row, Principal>> rowFilters) {
    Object value = customProperties.get(POLICIES);
    return value == null ? List.of()
        : PolicyCodec.read(value, "descriptor '" + id + "'", "$.customProperties['" + POLICIES
            + "']", rowFilters);
  }

  public Map<String, Object> customProperties() {
    return customProperties;
  }

  // ------------------------------------------------------------------------------------------
  // writing

  /** The ODPS v1.1.0 YAML document. */
  public String toYaml() {
    return OdpsWriter.toYaml(this);
  }

  /** Writes {@link #toYaml()} to {@code file} (UTF-8), replacing it. */
  public void write(Path file) {
    try {
      Files.writeString(file, toYaml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
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

    /**
     * Access policies of the whole product, in the custom property {@code
     * dataproduct.accessPolicies}; nothing when {@code policies} is empty.
     */
    public Builder accessPolicies(List<AccessPolicy> policies) {
      if (!policies.isEmpty()) {
        customProperties.put(POLICIES, OdpsWriter.policies(policies));
      }
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
}
