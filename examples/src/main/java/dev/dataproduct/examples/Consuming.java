package dev.dataproduct.examples;

import dev.dataproduct.DataProduct;
import dev.dataproduct.InputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The ways to consume a product, as the README shows them (compiled here). */
public final class Consuming {
  private Consuming() {}

  /** A person or a service reads daily-revenue through its output port. */
  static void consumerRead(DataProduct revenue, Consumer<Row> use) {
    // tag::consumer-read[]
    Principal ana = Principal.of("ana@corp.example").withRoles("analyst");
    try (BatchReader reader = revenue.read("revenue-lake", ana, ReadOptions.latest())) {
      for (List<Row> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
        batch.forEach(use);       // top_customer hashed: analysts' policy masks it
      }
    }   // denied: AccessDeniedException naming the principal, the port and the missing grant
    // end::consumer-read[]
  }

  /** Another product in this JVM reads daily-revenue. */
  static InputPort inThisJvm(DataProduct revenue) {
    // tag::product-input-jvm[]
    InputPort dailyRevenue = ProductInputPort.builder("daily-revenue")
        .from(revenue.output("revenue-lake"))    // the owner's policies, as bound now
        .as("analyst")                            // the role daily-revenue's owner granted us
        .schema(SalesProducts.DAILY_REVENUE)      // what this product reads
        .contractMajor(1)
        .maxAge(Duration.ofDays(2))
        .build();
    // end::product-input-jvm[]
    return dailyRevenue;
  }

  /** Another product, in another service, reads daily-revenue from its storage. */
  static InputPort fromStorage(PublicationStore revenueLake) {
    // tag::product-input-store[]
    InputPort dailyRevenue = ProductInputPort.builder("daily-revenue")
        .from("daily-revenue", "revenue-lake", revenueLake)   // policies travel with the data
        .as("analyst")
        .schema(SalesProducts.DAILY_REVENUE)
        .contractMajor(1)
        .build();
    // end::product-input-store[]
    return dailyRevenue;
  }

  /** The owner reads what its run quarantined. */
  static void quarantine(DataProduct revenue, Consumer<Row> use) {
    // tag::quarantine-read[]
    Principal owner = Principal.of("sales-data-eng");   // an owner, or a quarantineReaders role
    try (BatchReader rejected = revenue.quarantine("orders", owner, ReadOptions.latest())) {
      for (List<Row> batch = rejected.next(); !batch.isEmpty(); batch = rejected.next()) {
        batch.forEach(use);       // rule_id, reason and the rejected record, in clear
      }
    }
    // end::quarantine-read[]
  }
}
