package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.DataProductAssertions.assertThatThrownBy;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.spi.BatchReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessPolicyTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private DataProduct build(AccessPolicy productPolicy, AccessPolicy portPolicy) {
    OutputPort.Builder<?> port = InMemoryOutputPort.builder("clean")
        .contract(Fixtures.cleanContract());
    if (portPolicy != null) {
      port.accessPolicy(portPolicy);
    }
    DataProduct.Builder b = product("guarded")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(6)))
        .output(port.build()).maskingSalt("test-salt");
    if (productPolicy != null) {
      b.policy(productPolicy);
    }
    DataProduct p = dp.instrument(b.build());
    assertThat(p.run()).succeeded().wrote("clean", 6);
    return p;
  }

  private static List<Row> read(DataProduct p, Principal who, ReadOptions options) {
    List<Row> rows = new ArrayList<>();
    try (BatchReader r = p.read("clean", who, options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        rows.addAll(b);
      }
    }
    return rows;
  }

  @Test
  void noPolicy_deniesEveryone_withAMessageSayingHowToDeclareAccess() {
    DataProduct p = build(null, null);
    assertThatThrownBy(() -> read(p, Principal.of("anyone").withRoles("analyst"),
        ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("port 'clean' declares no access yet")
        .hasMessageContaining("AccessPolicy.allow(")
        .hasMessageContaining("AccessPolicy.allowAll()");
  }

  @Test
  void allowAll_everyoneReads_butPiiIsMaskedByDefault() {
    DataProduct p = build(AccessPolicy.allowAll(), null);
    List<Row> rows = read(p, Principal.of("anyone"), ReadOptions.latest());
    assertThat(rows).hasSize(6).allSatisfy(r -> {
      assertThat(r.get("customer_email")).isNull();
      assertThat(r.get("country")).isNotNull();
    });
  }

  @Test
  void allowPolicy_deniesOthersWithMessageNamingPrincipalPortAndGrant() {
    DataProduct p = build(AccessPolicy.allow("analyst"), null);
    assertThatThrownBy(() -> read(p, Principal.of("bob").withRoles("intern"),
        ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("principal 'bob' (roles [intern], purposes []) has no grant on port 'clean';"
            + " it needs role [analyst]");
    assertThat(read(p, Principal.of("ana").withRoles("Analyst"), ReadOptions.latest()))
        .hasSize(6);
  }

  @Test
  void denyPolicy_winsOverAllow_caseInsensitively() {
    DataProduct p = build(AccessPolicy.allow("analyst"), AccessPolicy.deny("contractor"));
    assertThatThrownBy(() -> read(p, Principal.of("eve").withRoles("analyst", "CONTRACTOR"),
        ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("denied on port 'clean' by a deny policy on role 'contractor'");
  }

  @Test
  void purposeBoundGrant_requiresThePurpose() {
    DataProduct p = build(AccessPolicy.allow("finance").forPurposes("billing"), null);
    assertThatThrownBy(() -> read(p, Principal.of("fin").withRoles("finance"),
        ReadOptions.latest())).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("with purpose [billing]");
    assertThat(read(p, Principal.of("fin").withRoles("finance").withPurposes("billing"),
        ReadOptions.latest())).hasSize(6);
  }

  @Test
  void masks_nullHashAndPartial_andExplicitUnmaskOfPii() {
    DataProduct p = build(null, AccessPolicy.allow("analyst")
        .mask("country", Masking.partial(1)).mask("currency", Masking.hash())
        .unmask("customer_email"));
    BatchReader reader = p.read("clean", Principal.of("ana").withRoles("analyst"),
        ReadOptions.latest());
    List<Row> rows = reader.next();
    reader.close();
    Row first = rows.stream().filter(r -> r.getLong("order_id") == 1).findFirst().orElseThrow();
    assertThat(first.get("customer_email")).isEqualTo("c1@example.com");
    assertThat(first.get("country")).isEqualTo("*R");
    assertThat(first.getString("currency")).hasSize(32).isNotEqualTo("EUR")
        .isEqualTo(rows.get(1).getString("currency")); // same value, same hash: joinable
    assertThat(reader.schema().field("currency").type()).isEqualTo(FieldType.STRING);
  }

  @Test
  void rowFilter_onPrincipalAttribute_missingAttributeSeesNothing() {
    DataProduct p = build(AccessPolicy.allow("sales").filterRowsByAttribute("country",
        "country"), null);
    assertThat(read(p, Principal.of("de").withRoles("sales").withAttribute("country", "DE"),
        ReadOptions.latest())).hasSize(3).allSatisfy(r -> assertThat(r.get("country"))
        .isEqualTo("DE"));
    assertThat(read(p, Principal.of("none").withRoles("sales"), ReadOptions.latest()))
        .isEmpty();
  }

  @Test
  void columns_projectionKeepsMasking_andUnknownColumnIsRejected() {
    DataProduct p = build(AccessPolicy.allowAll(), null);
    List<Row> rows = read(p, Principal.of("x"), ReadOptions.latest().columns("customer_email",
        "order_id"));
    assertThat(rows.get(0).schema().fieldNames()).containsExactly("customer_email", "order_id");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("customer_email")).isNull());
    assertThatThrownBy(() -> read(p, Principal.of("x"), ReadOptions.latest().columns("nope")))
        .hasMessageContaining("Port 'clean' has no column 'nope'");
  }

  @Test
  void unknownPublication_isAClearError() {
    DataProduct p = build(AccessPolicy.allowAll(), null);
    assertThatThrownBy(() -> read(p, Principal.of("x"), ReadOptions.publication(42)))
        .hasMessage("Port 'clean' has no publication 42; retained publications are [1]");
  }

  @Test
  void policyBuilder_rejectsContradictions() {
    assertThatThrownBy(() -> AccessPolicy.allow("a").mask("x").unmask("x"))
        .hasMessageContaining("both masked and unmasked");
    assertThatThrownBy(() -> AccessPolicy.deny("a").mask("x"))
        .hasMessageContaining("mask applies to allow policies");
    assertThatThrownBy(() -> AccessPolicy.allow()).hasMessageContaining("at least one role");
    assertThatThrownBy(() -> AccessPolicy.allow(" ")).hasMessageContaining("must not be blank");
  }
}
