package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.DataProductAssertions.assertThatThrownBy;
import static dev.dataproduct.testing.Fixtures.CANARY;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.telemetry.TelemetryNames;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way to read a product's data goes through its access decision. */
class ReadPathsTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static List<Row> drain(BatchReader reader) {
    List<Row> rows = new ArrayList<>();
    try (reader) {
      for (List<Row> b = reader.next(); !b.isEmpty(); b = reader.next()) {
        rows.addAll(b);
      }
    }
    return rows;
  }

  private static DataProduct.Builder orders(OutputPort out) {
    return product("guarded")
        .input(InMemoryInputPort.of("orders", ORDERS, order(1, CANARY, "DE", "EUR", "10.00"),
            order(2, "b@example.com", "FR", "EUR", "20.00")))
        .output(out);
  }

  @Test
  void thePortPassedToOutput_refusesReads_namingTheObjectToUse() {
    OutputPort built = Fixtures.cleanPort("clean");
    DataProduct p = dp.instrument(orders(built).policy(AccessPolicy.allow("finance")).build());
    assertThat(p.run()).succeeded();

    // before: a principal without any role read every row through the object built
    assertThatThrownBy(() -> built.read(Principal.of("nobody"), ReadOptions.latest()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to product 'guarded'")
        .hasMessageContaining("product.output(\"clean\")");
    assertThatThrownBy(() -> p.output("clean").read(Principal.of("nobody"),
        ReadOptions.latest())).isInstanceOf(AccessDeniedException.class);
    assertThat(drain(p.output("clean").read(Principal.of("fin").withRoles("finance"),
        ReadOptions.latest()))).hasSize(2);
  }

  @Test
  void theConsumerApi_handsOutNoStore() {
    // the raw store (unmasked rows, no policy) is reached through spi.PortStorage only
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : List.of(OutputPort.class, DataProduct.class)) {
      for (Method m : type.getMethods()) {
        if (Modifier.isPublic(m.getModifiers())
            && PublicationStore.class.isAssignableFrom(m.getReturnType())) {
          leaks.add(type.getSimpleName() + "." + m.getName());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void anAttributeRowFilter_onAMaskedOrClassifiedField_isRefusedWhenTheProductIsBuilt() {
    // before: a principal asserting attribute guess=<value> saw rows only when it was right
    assertThatThrownBy(() -> orders(Fixtures.cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst").mask("country", Masking.hash())
            .filterRowsByAttribute("country", "guess"))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filters rows on 'country', which it masks");
    assertThatThrownBy(() -> orders(Fixtures.cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst").filterRowsByAttribute("customer_email", "guess"))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filters rows on 'customer_email', which is pii");
    assertThatThrownBy(() -> InMemoryOutputPort.builder("clean")
        .contract(Fixtures.cleanContract()).accessPolicy(AccessPolicy.allow("analyst")
            .filterRowsByAttribute("customer_email", "guess")).build())
        .isInstanceOf(IllegalArgumentException.class);
    // unmasked explicitly, the field is the principal's to see: the filter is allowed
    DataProduct p = dp.instrument(orders(Fixtures.cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst").unmask("customer_email")
            .filterRowsByAttribute("customer_email", "me"))
        .build());
    assertThat(p.run()).succeeded();
    assertThat(drain(p.read("clean", Principal.of("c").withRoles("analyst")
        .withAttribute("me", CANARY), ReadOptions.latest()))).hasSize(1);
  }

  @Test
  void aPredicateRowFilter_seesMaskedValues() {
    DataProduct p = dp.instrument(orders(Fixtures.cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst")   // customer_email is pii: masked by default
            .filterRows("canary-only", (row, who) -> CANARY.equals(row.get("customer_email"))))
        .build());
    assertThat(p.run()).succeeded();

    assertThat(drain(p.read("clean", Principal.of("eve").withRoles("analyst"),
        ReadOptions.latest()))).isEmpty();
  }

  @Test
  void quarantine_isReadByOwnersAndDeclaredRoles_andAudited() {
    DataProduct p = dp.instrument(orders(Fixtures.cleanPort("clean"))
        .expect("orders", Rules.pattern("country", "DE").id("de-only"))
        .policy(AccessPolicy.allow("analyst"))
        .quarantineReaders("data-steward")
        .build());
    assertThat(p.run()).succeeded().quarantined("orders", 1, "de-only");

    List<Row> owner = drain(p.quarantine("orders", Principal.of("sales-data-eng"),
        ReadOptions.latest()));
    assertThat(owner).hasSize(1);
    assertThat(owner.get(0).getString(Quarantine.RULE_ID)).isEqualTo("de-only");
    assertThat(owner.get(0).getString(Quarantine.RECORD)).contains("b@example.com");
    assertThat(drain(p.quarantine("orders", Principal.of("stew").withRoles("Data-Steward"),
        ReadOptions.latest()))).hasSize(1);
    assertThatThrownBy(() -> p.quarantine("orders", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest())).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("readable by the owners [ana@corp.example, sales-data-eng]"
            + " and roles [data-steward]");
    assertThat(dp.spans(TelemetryNames.SPAN_CONSUME + " orders.quarantine")).hasSize(3)
        .allSatisfy(s -> assertThat(s.getEvents()).anySatisfy(e -> assertThat(e.getName())
            .isEqualTo(TelemetryNames.EVENT_ACCESS_DECISION)));
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS, "outcome", "denied")
        .hasCount(1);
  }

  @Test
  void allowAll_isWrittenToTheDescriptors_andReadBackAsAPolicy() {
    DataProduct p = dp.instrument(orders(Fixtures.cleanPort("clean"))
        .policy(AccessPolicy.allowAll().mask("country", Masking.partial(1))).build());
    assertThat(p.run()).succeeded();

    assertThat(p.output("clean").contractDocument()).contains("role: '*'")
        .contains("everyone: true");
    assertThat(p.descriptor().toYaml()).contains("everyone: true");
    Object written = p.descriptor().customProperties().get("dataproduct.accessPolicies");
    assertThat(written).isInstanceOf(List.class);
    PublishedAccess stored = PublishedAccess.of(InMemoryPublicationStore.of(p.output("clean"))
        .contractOf(p.output("clean").latest().orElseThrow()).orElseThrow()).orElseThrow();
    assertThat(stored.policies()).containsExactly(
        AccessPolicy.allowAll().mask("country", Masking.partial(1)));
    assertThat(drain(p.read("clean", Principal.of("anyone"), ReadOptions.latest())))
        .extracting(r -> r.get("country")).containsExactlyInAnyOrder("*E", "*R");
  }

  @Test
  void descriptorRoundTrip_keepsThePolicies() {
    DataProduct p = orders(Fixtures.cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst").forPurposes("reporting")
            .mask("customer_email", Masking.hash()).filterRowsByAttribute("country", "country"))
        .policy(AccessPolicy.deny("contractor"))
        .build();
    DataProductDescriptor back = DataProductDescriptor.fromYaml(p.descriptor().toYaml());
    assertThat(back.accessPolicies()).containsExactlyElementsOf(p.policies());
  }
}
