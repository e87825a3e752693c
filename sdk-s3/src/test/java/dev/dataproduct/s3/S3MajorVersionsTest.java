package dev.dataproduct.s3;

import static dev.dataproduct.s3.S3Fixtures.ORDERS;
import static dev.dataproduct.s3.S3Fixtures.orders;
import static dev.dataproduct.s3.S3Fixtures.readAll;
import static dev.dataproduct.s3.S3Fixtures.relaxed;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new major version of an S3 port's contract publishes beside the old one under the same
 * prefix: every publication keeps its own manifest and contract, readers pinned to the old major
 * (a read with {@code contractMajor(1)}, a consuming product's {@code ProductInputPort}) keep
 * reading its latest publication. Retention counts per major: a new major never expires the
 * old major's newest publication.
 */
class S3MajorVersionsTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  /** Major 2: {@code note} removed, {@code customer_email} gone too, {@code channel} added. */
  static final Schema V2 = ORDERS.without("note").without("customer_email")
      .with(Field.required("channel", FieldType.STRING));

  private final String bucket = S3.newBucket();

  private static DataContract contract(String version, Schema schema) {
    return DataContract.builder("orders").version(version).schema(schema).build();
  }

  private S3OutputPort.Builder port(DataContract contract) {
    return S3OutputPort.builder("orders-lake").client(S3.client()).bucket(bucket)
        .prefix("sales/orders").contract(contract).accessPolicy(AccessPolicy.allow("owner"));
  }

  private static List<Row> v2(long from, int count) {
    return orders(from, count).stream().map(r -> Row.of(V2, r.get("order_id"), r.get("country"),
        r.get("amount"), r.get("ordered_on"), r.get("ordered_at"), "web"))
        .collect(Collectors.toList());
  }

  private RunResult publish(OutputPort port, List<Row> rows) {
    Schema in = relaxed(rows.get(0).schema());
    List<Row> bound = rows.stream().map(r -> Row.of(in, r.toArray()))
        .collect(Collectors.toList());
    return dp.run(S3Fixtures.product("orders", InMemoryInputPort.of("in", in, bound), port,
        dp.telemetry()));
  }

  @Test
  void newMajor_publishesBesideTheOldOne_andPinnedReadersKeepTheOldMajor() {
    assertThat(publish(port(contract("1.0.0", ORDERS)).build(), orders(1, 3))).succeeded();
    assertThat(publish(port(contract("1.1.0", ORDERS)).build(), orders(1, 4))).succeeded();
    OutputPort v2 = port(contract("2.0.0", V2)).build();

    assertThat(publish(v2, v2(100, 2))).succeeded().wrote("orders-lake", 2);

    assertThat(v2.publications()).extracting(Publication::contractVersion)
        .containsExactly("1.0.0", "1.1.0", "2.0.0");
    List<Row> latest = readAll(v2, ReadOptions.latest());
    assertThat(latest).extracting(r -> r.get("channel")).containsExactly("web", "web");
    assertThat(latest.get(0).schema().fieldNames()).doesNotContain("note");
    List<Row> pinned = readAll(v2, ReadOptions.latest().contractMajor(1));
    assertThat(pinned).extracting(r -> r.get("order_id")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(pinned).extracting(r -> r.get("note")).containsExactly("note 1", "note 2",
        "note 3", "note 4");
  }

  @Test
  void consumingProductPinnedToMajor1_readsTheOldMajor_afterMajor2IsPublished() {
    assertThat(publish(port(contract("1.0.0", ORDERS)).build(), orders(1, 3))).succeeded();
    OutputPort v2 = port(contract("2.0.0", V2)).build();
    assertThat(publish(v2, v2(100, 2))).succeeded();
    Schema wanted = Schema.of(Field.required("order_id", FieldType.INTEGER),
        Field.optional("note", FieldType.STRING));
    DataProduct consumer = DataProduct.builder("order-notes").version("1.0.0").domain("support")
        .owner(Owner.business("eva@example.com"), Owner.technical("support-eng"))
        .input(ProductInputPort.builder("orders")
            .from("orders", "orders-lake", PortStorage.store(v2)).as("owner").schema(wanted)
            .contractMajor(1).build())
        .output(InMemoryOutputPort.create("notes", DataContract.builder("notes")
            .version("1.0.0").schema(wanted).build()))
        .policy(AccessPolicy.allow("support"))
        .build();

    RunResult run = dp.run(consumer);

    assertThat(run).succeeded().wrote("notes", 3);
    assertThat(InMemoryPublicationStore.of(consumer.output("notes")).latestRows())
        .extracting(r -> r.get("note")).containsExactly("note 1", "note 2", "note 3");
  }

  @Test
  void breakingChangeUnderTheSameMajor_isAdvisedToPublishSideBySide() {
    assertThat(publish(port(contract("1.0.0", ORDERS)).build(), orders(1, 3))).succeeded();

    RunResult run = publish(port(contract("1.1.0", V2)).build(), v2(100, 2));

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("field 'note': removed")
        .hasMessageContaining("Publish it as 2.0.0 to publish side by side (consumers pinned"
            + " to major 1 keep reading its publications)");
  }

  @Test
  void retainLast_countsPerMajor_aNewMajorNeverExpiresTheOldMajorsPublications() {
    OutputPort v1 = port(contract("1.0.0", ORDERS)).retainLast(2).build();
    for (int run = 0; run < 3; run++) {
      assertThat(publish(v1, orders(run * 10L + 1, run + 1))).succeeded();
    }
    assertThat(v1.publications()).extracting(Publication::id).containsExactly(2L, 3L);
    OutputPort v2 = port(contract("2.0.0", V2)).retainLast(2).build();

    for (int run = 0; run < 3; run++) {
      assertThat(publish(v2, v2(100L + run * 10, 2))).succeeded();
    }

    // two of each major: 1.x keeps 2 and 3, 2.x drops 4 and keeps 5 and 6
    assertThat(v2.publications()).extracting(Publication::id).containsExactly(2L, 3L, 5L, 6L);
    assertThat(v2.publications()).extracting(Publication::contractVersion)
        .containsExactly("1.0.0", "1.0.0", "2.0.0", "2.0.0");
    assertThat(S3Fixtures.keys(S3.client(), bucket, "sales/orders/manifests/")).containsExactly(
        "sales/orders/manifests/00000000000000000002.json",
        "sales/orders/manifests/00000000000000000003.json",
        "sales/orders/manifests/00000000000000000005.json",
        "sales/orders/manifests/00000000000000000006.json");
    assertThat(readAll(v2, ReadOptions.latest().contractMajor(1)))
        .extracting(r -> r.get("order_id")).containsExactly(21L, 22L, 23L);
    assertThat(readAll(v2, ReadOptions.publication(2))).hasSize(2);
    assertThatThrownBy(() -> readAll(v2, ReadOptions.publication(4)))
        .isInstanceOf(DataProductException.class).hasMessageContaining("has no publication 4");
  }

  @Test
  void retainFor_keepsTheNewestPublicationOfEachMajor_howeverOld() {
    S3Fixtures.MutableClock clock = new S3Fixtures.MutableClock(
        Instant.parse("2026-01-31T00:00:00Z"));
    OutputPort v1 = port(contract("1.0.0", ORDERS)).retainFor(Duration.ofDays(1)).clock(clock)
        .build();
    assertThat(publish(v1, orders(1, 1))).succeeded();
    clock.advance(Duration.ofHours(1));
    assertThat(publish(v1, orders(2, 2))).succeeded();
    clock.advance(Duration.ofDays(10));
    OutputPort v2 = port(contract("2.0.0", V2)).retainFor(Duration.ofDays(1)).clock(clock)
        .build();

    assertThat(publish(v2, v2(100, 2))).succeeded();
    clock.advance(Duration.ofHours(1));
    assertThat(publish(v2, v2(200, 2))).succeeded();

    // 1.x is ten days old: its older publication expired, its newest is what 1.x readers read
    assertThat(v2.publications()).extracting(Publication::id).containsExactly(2L, 3L, 4L);
    assertThat(readAll(v2, ReadOptions.latest().contractMajor(1)))
        .extracting(r -> r.get("order_id")).containsExactly(2L, 3L);
  }

  @Test
  void consumingProductPinnedToMajor1_keepsReading_afterRetentionRanOnMajor2() {
    OutputPort v1 = port(contract("1.0.0", ORDERS)).retainLast(1).build();
    assertThat(publish(v1, orders(1, 3))).succeeded();
    OutputPort v2 = port(contract("2.0.0", V2)).retainLast(1).build();
    assertThat(publish(v2, v2(100, 2))).succeeded();
    assertThat(publish(v2, v2(200, 2))).succeeded();
    Schema wanted = Schema.of(Field.required("order_id", FieldType.INTEGER));
    DataProduct consumer = DataProduct.builder("order-ids").version("1.0.0").domain("support")
        .owner(Owner.business("eva@example.com"), Owner.technical("support-eng"))
        .input(S3InputPort.product("orders").client(S3.client()).bucket(bucket)
            .prefix("sales/orders").upstream("orders", "orders-lake").as("owner")
            .schema(wanted).contractMajor(1).build())
        .output(InMemoryOutputPort.create("ids", DataContract.builder("ids")
            .version("1.0.0").schema(wanted).build()))
        .policy(AccessPolicy.allow("support"))
        .build();

    RunResult run = dp.run(consumer);

    assertThat(run).succeeded().wrote("ids", 3);
    assertThat(v2.publications()).extracting(Publication::id).containsExactly(1L, 3L);
  }
}
