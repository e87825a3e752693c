package dev.dataproduct.spring;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import java.time.Clock;
import java.time.Duration;

/** Small products for the starter's tests, on in-memory ports. */
final class TestProducts {
  static final String CANARY = "CANARY-pii@leak.test";

  static final Schema CUSTOMERS = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING));

  private TestProducts() {}

  static DataContract contract() {
    return DataContract.builder("customers").version("1.0.0").schema(CUSTOMERS)
        .freshness(Duration.ofHours(1)).build();
  }

  static Row customer(long id) {
    return Row.of(CUSTOMERS, id, id == 1 ? CANARY : "c" + id + "@mail.example",
        id % 2 == 0 ? "DE" : "FR");
  }

  /** {@code customers}: {@code rows} rows generated on the fly, access for analyst and finance. */
  static DataProduct customers(long rows, Clock clock) {
    return builder("customers", rows, Transforms.identity()).clock(clock).build();
  }

  static DataProduct.Builder builder(String name, long rows, Transform transform) {
    return DataProduct.builder(name)
        .version("1.0.0").domain("crm")
        .owner(Owner.business("ana@corp.example"), Owner.technical("crm-data-eng"))
        .input(InMemoryInputPort.generated("customers-in", CUSTOMERS, rows, i -> customer(i + 1)))
        .transform(transform)
        .output(InMemoryOutputPort.create("customers", contract()))
        .policy(AccessPolicy.allow("analyst").mask("email", Masking.hash()))
        .policy(AccessPolicy.allow("finance").unmask("email"));
  }
}
