package dev.dataproduct.s3.internal;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.InputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads another product's publication through its manifest. See {@code S3InputPort.product}. */
final class ProductInputPort implements InputPort {
  private final String name;
  private final Schema schema;
  private final PortCatalog catalog;
  private final Set<Integer> majors;
  private final String contractId;
  private final Long publicationId;
  private final Duration maxAge;
  private final Clock clock;

  public ProductInputPort(String name, Schema schema, PortCatalog catalog, Set<Integer> majors,
      String contractId, Long publicationId, Duration maxAge, Clock clock) {
    this.name = name;
    this.schema = schema;
    this.catalog = catalog;
    this.majors = Set.copyOf(majors);
    this.contractId = contractId;
    this.publicationId = publicationId;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String type() {
    return "s3";
  }

  @Override
  public BatchReader read(ReadContext context) {
    context.setAttribute("aws.s3.bucket", catalog.ops().bucket());
    Manifest m = choose();
    context.setAttribute("aws.s3.key", catalog.layout().manifestKey(m.id()));
    check(m);
    return catalog.read(m, schema, context.batchSize());
  }

  private Manifest choose() {
    if (publicationId != null) {
      Optional<Manifest> m = catalog.visible(publicationId);
      if (m.isEmpty()) {
        List<Long> ids = new ArrayList<>();
        catalog.visible().forEach(x -> ids.add(x.id()));
        throw new DataProductException("Input port '" + name + "': " + catalog.uri()
            + " has no publication " + publicationId + "; retained publications are " + ids);
      }
      return m.get();
    }
    return catalog.latest().orElseThrow(() -> new DataProductException("Input port '" + name
        + "': " + catalog.uri() + " has no publication yet; run the upstream product first"));
  }

  private void check(Manifest m) {
    DataContract c = m.contract();
    String what = "publication " + m.id() + " of " + catalog.uri();
    if (contractId != null && !contractId.equals(c.id())) {
      throw new IncompatibleContractException("Input port '" + name + "' expects contract '"
          + contractId + "', but " + what + " was checked against contract '" + c.id() + "' "
          + c.version());
    }
    if (!majors.contains(c.version().major())) {
      throw new IncompatibleContractException("Input port '" + name + "' accepts contract '"
          + c.id() + "' major version " + describe(majors) + ", but " + what
          + " was checked against " + c.version() + "; migrate this product to the "
          + c.version().major() + ".x contract, or pin an older publication",
          List.of("contract major version " + c.version().major() + " is not accepted"
              + " (accepted: " + describe(majors) + ")"));
    }
    if (maxAge != null) {
      Duration age = Duration.between(m.committedAt(), clock.instant());
      if (age.compareTo(maxAge) > 0) {
        throw new DataProductException("Input port '" + name + "': " + what + " was committed"
            + " at " + m.committedAt() + ", " + age.withNanos(0) + " ago, older than the"
            + " accepted " + maxAge + "; the upstream product has not published since");
      }
    }
    List<String> changes = new ArrayList<>();
    Schema upstream = c.schema();
    for (Field f : schema.fields()) {
      Optional<Field> u = upstream.findField(f.name());
      if (u.isEmpty()) {
        if (f.isRequired()) {
          changes.add("required field '" + f.name() + "' is missing upstream");
        }
      } else if (u.get().type() != f.type()) {
        changes.add("field '" + f.name() + "' is " + u.get().type().logicalTypeName()
            + " upstream, this port expects " + f.type().logicalTypeName());
      }
    }
    if (!changes.isEmpty()) {
      throw new IncompatibleContractException("Input port '" + name + "' does not match the"
          + " schema of " + what + " (contract '" + c.id() + "' " + c.version() + "): "
          + String.join("; ", changes), changes);
    }
  }

  private static String describe(Set<Integer> majors) {
    TreeSet<Integer> sorted = new TreeSet<>(majors);
    return sorted.size() == 1 ? String.valueOf(sorted.first()) : sorted.toString();
  }

  @Override
  public String toString() {
    return "S3InputPort.product{" + name + ", " + catalog.uri() + ", majors "
        + describe(majors) + (publicationId == null ? "" : ", publication " + publicationId)
        + "}";
  }
}
