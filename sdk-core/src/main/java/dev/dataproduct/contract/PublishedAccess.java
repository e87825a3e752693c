package dev.dataproduct.contract;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.policy.AccessPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who published a publication and who may read it: the owning product, its domain, the output
 * port, and the port's access policies (its own and the product's) as they were when the
 * publication was committed. Every run stores it with the contract of each publication (the
 * custom property {@value #PROPERTY} of the contract the store keeps, see {@link
 * dev.dataproduct.spi.PublicationStore#contractOf}), so that a product reading the publication
 * from storage, in another service, decides access with the owner's policies: the policies
 * travel with the data, whatever the store. A publication without a readable record is denied
 * (fail closed).
 *
 * <pre>{@code
 * DataContract stored = store.contractOf(publication).orElseThrow();
 * PublishedAccess access = PublishedAccess.of(stored).orElseThrow();
 * access.product();        // "daily-revenue"
 * access.policies();       // [AccessPolicy{allow [analyst] mask {top_customer=hash}}, ...]
 * }</pre>
 *
 * @param product the product that published
 * @param domain its domain
 * @param port the output port published to
 * @param policies the access policies in force at commit, in evaluation order
 */
public record PublishedAccess(String product, String domain, String port,
    List<AccessPolicy> policies) {
  /** The custom property of a publication's contract holding this record. */
  public static final String PROPERTY = "dataproduct.publication";

  public PublishedAccess {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(port, "port");
    policies = List.copyOf(policies);
  }

  /**
   * The record stored with {@code contract}, if any.
   *
   * @throws DescriptorException when the record is there but cannot be read (then it must not be
   *     trusted: a caller deciding access denies)
   */
  public static Optional<PublishedAccess> of(DataContract contract) {
    Object value = contract.customProperties().get(PROPERTY);
    if (value == null) {
      return Optional.empty();
    }
    String source = "contract '" + contract.id() + "' " + contract.version();
    String path = "$.customProperties['" + PROPERTY + "']";
    if (!(value instanceof Map)) {
      throw new DescriptorException(source, path, "expected a mapping with product, domain,"
          + " port and accessPolicies");
    }
    Map<?, ?> m = (Map<?, ?>) value;
    Object policies = m.get("accessPolicies");
    if (policies == null) {
      throw new DescriptorException(source, path + ".accessPolicies", "missing");
    }
    return Optional.of(new PublishedAccess(text(m, "product", source, path),
        text(m, "domain", source, path), text(m, "port", source, path),
        PolicyCodec.read(policies, source, path + ".accessPolicies")));
  }

  private static String text(Map<?, ?> m, String key, String source, String path) {
    Object v = m.get(key);
    if (!(v instanceof String) || ((String) v).isBlank()) {
      throw new DescriptorException(source, path + "." + key, "expected a name, found " + v);
    }
    return (String) v;
  }

  /** {@code contract} carrying this record (replacing any it carried). */
  public DataContract attachTo(DataContract contract) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("product", product);
    m.put("domain", domain);
    m.put("port", port);
    m.put("accessPolicies", PolicyCodec.toJava(policies));
    return contract.toBuilder().customProperty(PROPERTY, m).build();
  }

  /** {@code contract} without the record: the contract as the owner declared it. */
  public static DataContract detach(DataContract contract) {
    if (!contract.customProperties().containsKey(PROPERTY)) {
      return contract;
    }
    DataContract.Builder b = contract.toBuilder();
    b.removeCustomProperty(PROPERTY);
    return b.build();
  }
}
