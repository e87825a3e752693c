package dev.dataproduct.jdbc;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Products, rows and contexts the JDBC tests share. */
final class Fixtures {
  static final Schema ORDERS = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("customer", FieldType.STRING).withMaxLength(40),
      Field.optional("email", FieldType.STRING).withClassification(
          dev.dataproduct.Classification.PII),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  static DataContract contract() {
    return DataContract.builder("orders").version("1.0.0").schema(ORDERS).build();
  }

  static List<Row> orders(int from, int count) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      rows.add(Row.of(ORDERS, (long) i, "customer-" + i, "c" + i + "@example.com",
          new BigDecimal(i + ".25")));
    }
    return rows;
  }

  /** A product reading {@code rows} (schema relaxed: every field optional) into {@code out}. */
  static DataProduct product(OutputPort out, List<Row> rows, Telemetry telemetry) {
    return product(out, rows, Transforms.identity(), telemetry);
  }

  static DataProduct product(OutputPort out, List<Row> rows, Transform transform,
      Telemetry telemetry) {
    Schema schema = rows.isEmpty() ? ORDERS : rows.get(0).schema();
    List<Field> relaxed = new ArrayList<>();
    for (Field f : schema.fields()) {
      relaxed.add(Field.optional(f.name(), f.type()));
    }
    Schema in = Schema.of(relaxed);
    List<Row> rebound = new ArrayList<>();
    for (Row r : rows) {
      rebound.add(Row.of(in, r.toArray()));
    }
    return product(out, InMemoryInputPort.of("in", in, rebound), transform, telemetry);
  }

  static DataProduct product(OutputPort out, InputPort in, Transform transform,
      Telemetry telemetry) {
    return DataProduct.builder("jdbc-test")
        .version("1.0.0")
        .domain("testing")
        .owner(Owner.business("biz@example.com"), Owner.technical("data-eng"))
        .input(in)
        .transform(transform)
        .output(out)
        .policy(AccessPolicy.allow("any"))
        .telemetry(telemetry)
        .build();
  }

  /**
   * Reads {@code port} as a tester with the role {@code any}, through a test product holding it
   * (a product's port is read through the product, where its policies apply).
   */
  static List<Row> readAll(OutputPort port, ReadOptions options) {
    OutputPort readable = product(port, List.of(), dev.dataproduct.telemetry.Telemetry.global())
        .output(port.name());
    List<Row> all = new ArrayList<>();
    try (BatchReader r = readable.read(Principal.of("test").withRoles("any"), options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  private Fixtures() {}
}
