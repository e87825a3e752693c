package dev.dataproduct.page;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.contract.Term;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import dev.dataproduct.testing.TestClock;
import java.time.Duration;
import java.time.Instant;

/** Two products of two domains, one reading the other, run a few times on a test clock. */
final class SampleMesh {
  /** A value of a pii field that must never reach a page. */
  static final String SECRET = "vip.customer@secret.example";

  static final Glossary GLOSSARY = Glossary.of(
      Term.global("customer_id", FieldType.STRING).withDescription("The CRM's customer number")
          .withOwner("crm-team@corp.example")
          .withReference("https://wiki.corp.example/glossary/customer_id"),
      Term.local("sales", "sales_channel", FieldType.STRING)
          .withDescription("Where the order was placed <web|store>"));

  static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("customer", FieldType.STRING).withTerm("customer_id"),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("channel", FieldType.STRING).withTerm("sales_channel"),
      Field.required("amount", FieldType.INTEGER)
          .withDescription("Amount in cents <script>alert(1)</script>"));

  static final Schema KPIS = Schema.of(
      Field.required("order_id", FieldType.INTEGER),
      Field.required("customer", FieldType.STRING).withTerm("customer_id"));

  final TestClock clock = TestClock.at(Instant.parse("2026-11-20T06:00:00Z"));
  final DataProduct orders;
  final DataProduct kpis;

  SampleMesh() {
    DataContract contract = DataContract.builder("clean-orders").version("1.2.0")
        .description("Confirmed orders")
        .schema(ORDERS)
        .rule(Rules.range("amount", 0, null).id("amount-positive").action(Action.QUARANTINE))
        .rule(Rules.allowedValues("email", SECRET, "other@secret.example").id("known-email")
            .action(Action.WARN))
        .rule(Rules.rowCount(1, null))
        .freshness(Duration.ofHours(24))
        .retention(Duration.ofDays(30))
        .build();
    InputPort source = InMemoryInputPort.of("raw-orders", ORDERS,
        Row.of(ORDERS, 1L, "C00000001", SECRET, "web", 1200L),
        Row.of(ORDERS, 2L, "C00000002", null, "store", -5L),
        Row.of(ORDERS, 3L, "C00000003", null, "web", 300L));
    orders = DataProduct.builder("clean-orders").version("1.2.0").domain("sales")
        .description("Confirmed orders, cleaned <b>daily</b>")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .tags("orders", "daily")
        .glossary(GLOSSARY)
        .clock(clock)
        .input(source)
        .transform(Transforms.identity())
        .output(InMemoryOutputPort.builder("orders-lake")
            .store(InMemoryPublicationStore.create(clock)).contract(contract).build())
        .policy(AccessPolicy.allow("analyst").mask("customer"))
        .policy(AccessPolicy.allow("finance").unmask("email"))
        .build();
    DataContract kpiContract = DataContract.builder("customer-kpis").version("2.0.0")
        .schema(KPIS).build();
    InputPort upstream = ProductInputPort.builder("orders")
        .from(orders.output("orders-lake")).as("analyst").schema(KPIS).contractMajor(1).build();
    kpis = DataProduct.builder("customer-kpis").version("2.0.0").domain("marketing")
        .description("Orders per customer")
        .owner(Owner.business("bob@corp.example"), Owner.technical("marketing-eng"))
        .tags("kpi")
        .glossary(GLOSSARY)
        .clock(clock)
        .input(upstream)
        .transform(Transforms.identity())
        .output(InMemoryOutputPort.create("kpis", kpiContract))
        .policy(AccessPolicy.allowAll())
        .build();
  }

  /** Runs the upstream product three times (6 h, then 30 h apart) and the consumer once. */
  SampleMesh run() {
    orders.run();
    clock.advance(Duration.ofHours(6));
    orders.run();
    clock.advance(Duration.ofHours(30));
    orders.run();
    kpis.run();
    return this;
  }
}
