package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.DataProductAssertions.assertThatThrownBy;
import static dev.dataproduct.testing.Fixtures.CANARY;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.spi.ProductInputBuilder;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A product reading another product's output port as a principal, through the same access
 * decision as any consumer: with the upstream port in this JVM and from its storage alone.
 */
class ProductInputPortTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  /** What the consumer reads of the upstream's clean orders. */
  private static final Schema READS = Schema.of(
      Field.required("order_id", FieldType.INTEGER),
      Field.optional("customer_email", FieldType.STRING),
      Field.required("country", FieldType.STRING));

  private final InMemoryPublicationStore store = InMemoryPublicationStore.create();

  /** The sales product: analysts see the pii e-mail hashed, finance in clear. */
  private DataProduct upstream() {
    DataProduct p = dp.instrument(product("orders-product")
        .input(InMemoryInputPort.of("orders", ORDERS,
            order(1, CANARY, "DE", "EUR", "10.00"), order(2, "b@example.com", "FR", "EUR",
                "20.00")))
        .output(InMemoryOutputPort.builder("clean").store(store)
            .contract(Fixtures.cleanContract()).build())
        .policy(AccessPolicy.allow("analyst").mask("customer_email", Masking.hash()))
        .policy(AccessPolicy.allow("finance").unmask("customer_email"))
        .build());
    assertThat(p.run()).succeeded().wrote("clean", 2);
    return p;
  }

  /** The marketing product reading {@code input}. */
  private DataProduct consumer(ProductInputPort input) {
    return dp.instrument(DataProduct.builder("kpis").version("1.0.0").domain("marketing")
        .owner(dev.dataproduct.Owner.business("mo@corp.example"),
            dev.dataproduct.Owner.technical("mkt-eng"))
        .input(input)
        .output(InMemoryOutputPort.create("seen", dev.dataproduct.contract.DataContract
            .builder("seen").version("1.0.0").schema(READS).build()))
        .policy(AccessPolicy.allow("marketing"))
        .build());
  }

  private static List<Row> published(DataProduct p) {
    return InMemoryPublicationStore.of(p.output("seen")).latestRows();
  }

  @Test
  void granted_readsThroughTheOwnersPolicy_piiHashed_andTheDecisionIsAudited() {
    DataProduct sales = upstream();
    DataProduct kpis = consumer(ProductInputPort.builder("orders")
        .from(sales.output("clean")).as("analyst").schema(READS).contractMajor(1).build());

    RunResult run = dp.run(kpis);

    assertThat(run).succeeded().wrote("seen", 2).accountingBalanced();
    assertThat(published(kpis)).extracting(r -> r.getString("customer_email"))
        .doesNotContain(CANARY, "b@example.com").allSatisfy(h -> assertThat(h).hasSize(32));
    SpanData consume = dp.spans(TelemetryNames.SPAN_CONSUME + " clean").get(0);
    EventData decision = consume.getEvents().stream()
        .filter(e -> e.getName().equals(TelemetryNames.EVENT_ACCESS_DECISION)).findFirst()
        .orElseThrow();
    assertThat(decision.getAttributes().get(TelemetryNames.CONSUMER))
        .isEqualTo("product:marketing/kpis");
    assertThat(decision.getAttributes().get(TelemetryNames.ACCESS_OUTCOME)).isEqualTo("granted");
    // the consume span is a child of the consumer's read span
    SpanData read = dp.spans(TelemetryNames.SPAN_READ + " orders").stream()
        .filter(x -> "kpis".equals(x.getAttributes().get(TelemetryNames.PRODUCT_NAME)))
        .findFirst().orElseThrow();
    assertThat(consume.getParentSpanId()).isEqualTo(read.getSpanId());
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "outcome", "granted")
        .hasCount(1);
  }

  @Test
  void withoutGrant_runFails_namingBothProductsAndTheMissingGrant() {
    DataProduct sales = upstream();
    DataProduct kpis = consumer(ProductInputPort.builder("orders")
        .from(sales.output("clean")).schema(READS).build());

    RunResult run = dp.run(kpis);

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Product 'kpis' may not read port 'clean' of product"
            + " 'orders-product'")
        .hasMessageContaining("it needs role [analyst] or role [finance]")
        .hasMessageContaining(".as(role)");
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "outcome", "denied")
        .hasCount(1);
  }

  @Test
  void fromStorage_decidesWithThePoliciesStoredWithThePublication() {
    upstream();
    // no product object at hand: only the storage another service publishes to
    DataProduct analyst = consumer(ProductInputPort.builder("orders")
        .from("orders-product", "clean", store).as("analyst").schema(READS).build());
    DataProduct finance = consumer(ProductInputPort.builder("orders")
        .from("orders-product", "clean", store).as("finance").schema(READS).build());
    DataProduct nobody = consumer(ProductInputPort.builder("orders")
        .from("orders-product", "clean", store).as("intern").schema(READS).build());

    assertThat(dp.run(analyst)).succeeded();
    assertThat(published(analyst)).extracting(r -> r.getString("customer_email"))
        .doesNotContain(CANARY).allSatisfy(h -> assertThat(h).hasSize(32));
    assertThat(dp.run(finance)).succeeded();
    assertThat(published(finance)).extracting(r -> r.getString("customer_email"))
        .contains(CANARY);
    assertThat(dp.run(nobody)).failed().error().isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("of product 'orders-product'")
        .hasMessageContaining("it needs role [analyst] or role [finance]");
    // the record is real policies, read back from the stored contract
    PublishedAccess access = PublishedAccess.of(store.contractOf(store.latest().orElseThrow())
        .orElseThrow()).orElseThrow();
    assertThat(access.product()).isEqualTo("orders-product");
    assertThat(access.domain()).isEqualTo("sales");
    assertThat(access.policies()).containsExactly(
        AccessPolicy.allow("analyst").mask("customer_email", Masking.hash()),
        AccessPolicy.allow("finance").unmask("customer_email"));
  }

  @Test
  void fromStorage_samePolicies_sameHashAsTheBoundPort() {
    DataProduct sales = upstream();
    DataProduct bound = consumer(ProductInputPort.builder("orders")
        .from(sales.output("clean")).as("analyst").schema(READS).build());
    DataProduct stored = consumer(ProductInputPort.builder("orders")
        .from("orders-product", "clean", store).as("analyst").schema(READS).build());
    assertThat(dp.run(bound)).succeeded();
    assertThat(dp.run(stored)).succeeded();
    assertThat(published(stored)).extracting(r -> r.getString("customer_email"))
        .containsExactlyElementsOf(published(bound).stream()
            .map(r -> r.getString("customer_email")).toList());
  }

  @Test
  void fromStorage_publicationWithoutAccessPolicies_isDenied() {
    // a publication committed without the access record (an older SDK, a hand-made store)
    PublicationWriter w = store.open(TestWriteContext.of("clean", Fixtures.cleanContract()));
    w.write(List.of(Row.of(Fixtures.CLEAN, 1L, CANARY, "DE", "EUR",
        new java.math.BigDecimal("1.00"), null)));
    w.commit();
    DataProduct kpis = consumer(ProductInputPort.builder("orders")
        .from("orders-product", "clean", store).as("analyst").schema(READS).build());

    RunResult run = dp.run(kpis);

    assertThat(run).failed().error().isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("carries no access policies");
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "outcome", "denied")
        .hasCount(1);
  }

  @Test
  void fromStorage_ofAnotherProduct_isRefused() {
    upstream();
    DataProduct kpis = consumer(ProductInputPort.builder("orders")
        .from("returns-product", "clean", store).as("analyst").schema(READS).build());
    assertThat(dp.run(kpis)).failed().error().isInstanceOf(DataProductException.class)
        .hasMessageContaining("was published by port 'clean' of product 'orders-product'");
  }

  @Test
  void expectations_majorFreshnessAndMaskedRequiredField_failTheRun() {
    DataProduct sales = upstream();
    assertThat(dp.run(consumer(ProductInputPort.builder("orders").from(sales.output("clean"))
        .as("analyst").schema(READS).contractMajor(2).build()))).failed().error()
        .isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("accepts contract 'clean-orders' major version 2");
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
    assertThat(dp.run(consumer(ProductInputPort.builder("orders").from("orders-product",
        "clean", store).as("analyst").schema(READS).maxAge(Duration.ofDays(1)).clock(later)
        .build()))).failed().error().hasMessageContaining("older than the accepted PT24H");
    Schema requiresEmail = Schema.of(Field.required("order_id", FieldType.INTEGER),
        Field.required("customer_email", FieldType.STRING));
    assertThat(dp.run(consumer(ProductInputPort.builder("orders").from(sales.output("clean"))
        .as("marketing-only").schema(requiresEmail).build()))).failed();
    DataProduct nulled = dp.instrument(sales.toBuilder()
        .policy(AccessPolicy.allow("marketing-only")).build());
    assertThat(dp.run(consumer(ProductInputPort.builder("orders").from(nulled.output("clean"))
        .as("marketing-only").schema(requiresEmail).build()))).failed().error()
        .hasMessageContaining("field 'customer_email' is required by this port but masked for"
            + " this product");
  }

  @Test
  void theDescriptor_recordsTheUpstreamProductPortAndContract() {
    DataProduct sales = upstream();
    DataProduct kpis = consumer(ProductInputPort.builder("orders")
        .from(sales.output("clean")).as("analyst").schema(READS).contractMajor(1).build());

    DataProductDescriptor.InputPortRef in = kpis.descriptor().inputPorts().get(0);

    assertThat(in.contractId()).isEqualTo("clean-orders");
    assertThat(in.version()).isEqualTo("1.0.0");
    assertThat(in.customProperties()).containsEntry("dataproduct.upstreamProduct",
        "orders-product").containsEntry("dataproduct.upstreamPort", "clean");
    assertThat(kpis.descriptor().toYaml()).contains("orders-product");
  }

  @Test
  void thePortAProductWasBuiltWith_isRefused_itLacksTheProductsPolicies() {
    OutputPort built = InMemoryOutputPort.create("clean", Fixtures.cleanContract());
    product("orders-product").output(built).policy(AccessPolicy.allow("finance")).build();
    assertThatThrownBy(() -> ProductInputPort.builder("orders").from(built).schema(READS)
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from(upstream.output(\"clean\"))");
  }

  /** An adapter's product builder as an adapter writes one: its own setting and its store. */
  static final class StoreBuilder extends ProductInputBuilder<StoreBuilder> {
    private PublicationStore store;

    StoreBuilder(String name) {
      super(name);
    }

    StoreBuilder store(PublicationStore store) {
      this.store = store;
      return this;
    }

    @Override
    protected void checkSettings() {
      if (store == null) {
        throw new IllegalArgumentException("Input port '" + name() + "' has no store");
      }
    }

    @Override
    protected PublicationStore store() {
      return store;
    }
  }

  @Test
  void adapterBuilder_forwardsTheConsumersSettings_andReadsTheAdaptersStore() {
    upstream();
    ProductInputPort port = new StoreBuilder("orders").store(store)
        .upstream("orders-product", "clean").as("analyst").purposes("reporting")
        .schema(READS).contractMajor(1).contractId("clean-orders").maxAge(Duration.ofDays(1))
        .build();

    assertThat(port.upstreamProduct()).contains("orders-product");
    assertThat(port.upstreamPort()).contains("clean");
    assertThat(port.roles()).containsExactly("analyst");
    assertThat(port.acceptedMajors()).containsExactly(1);
    assertThat(port.contractId()).contains("clean-orders");
    DataProduct analyst = consumer(port);
    assertThat(dp.run(analyst)).succeeded();
    assertThat(published(analyst)).extracting(r -> r.getString("customer_email"))
        .doesNotContain(CANARY).hasSize(2);
    // a pinned publication that does not exist is the core's error, so it was forwarded
    assertThat(dp.run(consumer(new StoreBuilder("orders").store(store).as("analyst")
        .schema(READS).contractMajor(1).publication(9).build()))).failed().error()
        .hasMessageContaining("has no publication 9");
  }

  @Test
  void adapterBuilder_requiresItsSettingsThenSchemaThenMajor() {
    assertThatThrownBy(() -> new StoreBuilder("orders").schema(READS).contractMajor(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Input port 'orders' has no store");
    assertThatThrownBy(() -> new StoreBuilder("orders").store(store).contractMajor(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no schema");
    assertThatThrownBy(() -> new StoreBuilder("orders").store(store).schema(READS).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accepts no contract major version");
    assertThatThrownBy(() -> new StoreBuilder("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid input port name 'bad name'");
  }
}
