package dev.dataproduct.spark;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The test product: raw orders in (loosely typed), clean orders out, under a contract with a rule
 * of every kind, a primary key and a WARN rule. {@link #ROWS} holds, in two halves (the two
 * partitions of a local[2] dataset), valid rows, rows breaking each rule, duplicates across the
 * halves, nulls and values that do not conform.
 */
final class Orders {
  static final Schema RAW = Schema.of(
      Field.optional("id", FieldType.INTEGER),
      Field.optional("customer", FieldType.STRING),
      Field.optional("amount", FieldType.NUMBER).withDecimal(12, 3),
      Field.optional("status", FieldType.STRING),
      Field.optional("day", FieldType.DATE));

  static final Schema CLEAN = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("customer", FieldType.STRING).withMaxLength(8)
          .withClassification(Classification.PII),
      Field.required("amount", FieldType.NUMBER).withDecimal(10, 2),
      Field.optional("status", FieldType.STRING),
      Field.optional("day", FieldType.DATE));

  static final DataContract CONTRACT = DataContract.builder("orders-clean").version("1.0.0")
      .schema(CLEAN)
      .rule(Rules.range("amount", 0, 10_000))
      .rule(Rules.allowedValues("status", "NEW", "PAID", "SHIPPED"))
      .rule(Rules.pattern("customer", "[a-z]+[0-9]*").action(Action.WARN))
      .rule(Rules.notInFuture("day"))
      .rule(Rules.custom("no-13-13", (Predicate<Row> & Serializable)
          r -> !new BigDecimal("13.13").equals(r.get("amount"))))
      .rule(Rules.rowCount(1, null))
      .build();

  static final List<Row> ROWS = rows();

  private Orders() {}

  private static List<Row> rows() {
    LocalDate day = LocalDate.of(2026, 11, 30);
    List<Row> rows = new ArrayList<>();
    // first half (partition 0)
    rows.add(raw(1L, "ana", "10.500", "NEW", day));
    rows.add(raw(2L, "bo", "20.000", "PAID", day));
    rows.add(raw(null, "cy", "5.000", "NEW", day));              // schema: id required
    rows.add(raw(4L, "customer9x", "7.000", "NEW", day));        // schema: too long
    rows.add(raw(5L, "dee", "1.005", "NEW", day));               // schema: 3 decimals
    rows.add(raw(6L, "eve", "-5.000", "NEW", day));              // range
    rows.add(raw(7L, "fay", "8.000", "LOST", day));              // allowed values; claims no key
    rows.add(raw(8L, "Gus", "9.000", "SHIPPED", day));           // WARN pattern, published
    rows.add(raw(9L, "hal", "3.000", null, LocalDate.of(2999, 1, 1))); // not in future
    rows.add(raw(10L, "ivy", "13.130", "PAID", null));           // custom rule
    // second half (partition 1)
    rows.add(raw(1L, "jo", "11.000", "NEW", day));               // duplicate of 1
    rows.add(raw(7L, "kai", "12.000", "PAID", day));             // not a duplicate: 7 was rejected
    rows.add(raw(11L, "lu", null, "NEW", day));                  // schema: amount required
    rows.add(raw(12L, "mo", "99999.000", "NEW", day));           // range
    rows.add(raw(2L, "Ned", "1.000", "NEW", day));               // WARN and duplicate of 2
    rows.add(raw(13L, "oz", "0.000", "SHIPPED", day));
    rows.add(raw(14L, "pia", "100.250", "PAID", day));
    rows.add(raw(15L, "q", "10000.000", "NEW", day));
    rows.add(raw(16L, "rex", "42.000", "NEW", null));
    rows.add(raw(13L, "sam", "1.000", "NEW", day));              // duplicate of 13
    return List.copyOf(rows);
  }

  private static Row raw(Long id, String customer, String amount, String status, LocalDate day) {
    return Row.of(RAW, id, customer, amount == null ? null : new BigDecimal(amount), status, day);
  }

  /** An Iceberg port {@code out} on table {@code sales.<table>}. */
  static OutputPort port(Catalog catalog, String table) {
    return IcebergOutputPort.builder("out").catalog(catalog)
        .table(TableIdentifier.of("sales", table)).contract(CONTRACT).build();
  }

  /**
   * An Iceberg port {@code out} whose contract has no key: its job is one pass that writes as it
   * checks (no shuffle before the writing tasks).
   */
  static OutputPort portWithoutKey(Catalog catalog, String table) {
    DataContract keyless = CONTRACT.toBuilder()
        .schema(CLEAN.replace(Field.required("id", FieldType.INTEGER))).build();
    return IcebergOutputPort.builder("out").catalog(catalog)
        .table(TableIdentifier.of("sales", table)).contract(keyless).build();
  }

  /** The product, publishing to {@code port}, the transform copying rows (single-JVM runs). */
  static DataProduct product(OutputPort port, Telemetry telemetry) {
    return product(port, telemetry, ROWS);
  }

  static DataProduct product(OutputPort port, Telemetry telemetry, List<Row> rows) {
    return DataProduct.builder("orders").version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-eng"))
        .input(InMemoryInputPort.of("raw", RAW, rows))
        .transform(Transforms.identity())
        .output(port)
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(telemetry)
        .build();
  }

  /** The same transform on Spark: the raw orders as they are. */
  static SparkRun onSpark(DataProduct product) {
    return SparkRun.builder(product).spark(LocalSpark.session())
        .transform(inputs -> java.util.Map.of("out", inputs.dataset("raw")))
        .build();
  }
}
