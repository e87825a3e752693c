package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.DataProductAssertions.assertThatThrownBy;
import static dev.dataproduct.testing.Fixtures.CANARY;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attempts to read around the access policies: unknown roles, empty principals, role-name case
 * tricks, old publications, asking for masked columns by name, projecting away the filter
 * column. Each must be denied, masked or filtered.
 */
class AccessBypassTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static List<Row> orders() {
    List<Row> rows = new ArrayList<>(goodOrders(4));
    rows.add(order(5, CANARY, "DE", "EUR", "9.99"));
    return rows;
  }

  private DataProduct run(AccessPolicy... portPolicies) {
    OutputPort.Builder<?> port = InMemoryOutputPort.builder("clean")
        .contract(Fixtures.cleanContract());
    for (AccessPolicy p : portPolicies) {
      port.accessPolicy(p);
    }
    DataProduct p = dp.instrument(product("guarded")
        .input(InMemoryInputPort.of("orders", ORDERS, orders()))
        .output(port.build()).maskingSalt("salt").build());
    assertThat(p.run()).succeeded().wrote("clean", 5);
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

  private static AccessPolicy analysts() {
    return AccessPolicy.allow("analyst").filterRowsByAttribute("country", "country");
  }

  @Test
  void unknownRole_isDenied_namingPrincipalPortAndGrant_andCountedAsDenied() {
    DataProduct p = run(analysts(), AccessPolicy.allow("finance").unmask("customer_email"));

    assertThatThrownBy(() -> read(p, Principal.of("mallory").withRoles("auditor"),
        ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("principal 'mallory' (roles [auditor], purposes []) has no grant on port"
            + " 'clean'; it needs role [analyst] or role [finance]");
    assertThat(dp.meters()).counter(TelemetryNames.METER_CONSUMER_READS,
        "outcome", "denied", "role", "none").hasCount(1);
    SpanData consume = dp.spans(TelemetryNames.SPAN_CONSUME + " clean").get(0);
    assertThat(consume.getEvents()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo(TelemetryNames.EVENT_ACCESS_DECISION);
      assertThat(e.getAttributes().get(TelemetryNames.ACCESS_OUTCOME)).isEqualTo("denied");
    });
  }

  @Test
  void emptyPrincipal_isRejectedOrDenied() {
    DataProduct p = run(analysts());

    assertThatThrownBy(() -> Principal.of(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Principal id must not be blank");
    assertThatThrownBy(() -> read(p, Principal.of("nobody"), ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("(roles [], purposes [])");
    assertThatThrownBy(() -> read(p, Principal.of("blank-roles").withRoles(" ", ""),
        ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("(roles [], purposes [])");
  }

  @Test
  void roleCaseAndWhitespaceTricks_doNotSlipPastADeny() {
    DataProduct p = run(AccessPolicy.deny("contractor"));

    for (String role : List.of("Contractor", "CONTRACTOR", " contractor ", "cOnTrAcToR\t")) {
      assertThatThrownBy(() -> read(p, Principal.of("eve").withRoles(role),
          ReadOptions.latest()))
          .as(role).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("by a deny policy on role 'contractor'");
    }
  }

  @Test
  void turkishLocaleCaseMapping_doesNotSlipPastADeny() {
    DataProduct p = run(AccessPolicy.deny("admin"), AccessPolicy.allow("analyst", "admin"));
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      // "ADMIN".toLowerCase() is "admın" and "admin".toUpperCase() is "ADMİN" in Turkish
      for (String role : List.of("ADMIN", "admın", "ADMİN", "ADMIN".toLowerCase(),
          "admin".toUpperCase())) {
        assertThatThrownBy(() -> read(p, Principal.of("eve").withRoles("analyst", role),
            ReadOptions.latest()))
            .as(role).isInstanceOf(AccessDeniedException.class)
            .hasMessageContaining("by a deny policy on role 'admin'");
      }
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void lookalikeRoleName_doesNotMatchAnAllow() {
    DataProduct p = run(analysts());

    // Cyrillic 'а' (U+0430) instead of Latin 'a'
    assertThatThrownBy(() -> read(p, Principal.of("eve").withRoles("\u0430nalyst")
        .withAttribute("country", "DE"), ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void oldPublication_isReadUnderTheSamePolicyAndMasks() {
    DataProduct p = run(analysts());
    assertThat(dp.run(p)).succeeded();
    assertThat(p.output("clean").publications()).hasSize(2);

    assertThatThrownBy(() -> read(p, Principal.of("mallory").withRoles("intern"),
        ReadOptions.publication(1))).isInstanceOf(AccessDeniedException.class);
    List<Row> old = read(p, Principal.of("ana").withRoles("analyst")
        .withAttribute("country", "DE"), ReadOptions.publication(1));
    assertThat(old).isNotEmpty().allSatisfy(r -> {
      assertThat(r.get("country")).isEqualTo("DE");
      assertThat(r.get("customer_email")).isNull();
    });
    assertThatThrownBy(() -> read(p, Principal.of("mallory"),
        ReadOptions.latest().contractMajor(1))).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void oldPublication_keepsTheClassificationItWasPublishedUnder() {
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    DataContract piiContract = Fixtures.cleanContract();
    DataContract lowered = piiContract.toBuilder().version("1.1.0")
        .schema(piiContract.schema().replace(piiContract.field("customer_email")
            .withClassification(Classification.INTERNAL)))
        .build();
    DataProduct v1 = dp.instrument(product("guarded")
        .input(InMemoryInputPort.of("orders", ORDERS, orders()))
        .output(InMemoryOutputPort.builder("clean").store(store).contract(piiContract).build())
        .policy(AccessPolicy.allowAll())
        .build());
    assertThat(v1.run()).succeeded();
    DataProduct v11 = v1.withOutput(InMemoryOutputPort.builder("clean").store(store)
        .contract(lowered).build());
    assertThat(dp.run(v11)).succeeded();

    // what was published as pii stays masked, even though the current contract lowered it
    assertThat(read(v11, Principal.of("anyone"), ReadOptions.publication(1)))
        .hasSize(5).allSatisfy(r -> assertThat(r.get("customer_email")).isNull());
    assertThat(read(v11, Principal.of("anyone"), ReadOptions.publication(2)))
        .anySatisfy(r -> assertThat(r.get("customer_email")).isEqualTo(CANARY));
  }

  @Test
  void maskedColumnRequestedByName_staysMasked() {
    DataProduct p = run(AccessPolicy.allow("analyst").mask("currency", Masking.hash())
        .mask("country", Masking.partial(1)));
    Principal ana = Principal.of("ana").withRoles("analyst");

    List<Row> rows = read(p, ana, ReadOptions.latest().columns("customer_email", "currency",
        "country"));

    assertThat(rows).hasSize(5).allSatisfy(r -> {
      assertThat(r.get("customer_email")).isNull();
      assertThat(r.getString("currency")).hasSize(32).isNotEqualTo("EUR");
      assertThat(r.getString("country")).startsWith("*");
    });
    assertThat(rows.toString()).doesNotContain(CANARY);
  }

  @Test
  void projectingAwayTheFilterColumn_stillFiltersRows() {
    DataProduct p = run(analysts());

    List<Row> rows = read(p, Principal.of("ana").withRoles("analyst")
        .withAttribute("country", "FR"), ReadOptions.latest().columns("order_id"));

    assertThat(rows).extracting(r -> r.getLong("order_id")).containsExactlyInAnyOrder(1L, 3L);
  }

  @Test
  void rowFilterAttribute_isCompared_exactly() {
    DataProduct p = run(analysts());

    assertThat(read(p, Principal.of("ana").withRoles("analyst").withAttribute("country", "de"),
        ReadOptions.latest())).isEmpty();
    assertThat(read(p, Principal.of("ana").withRoles("analyst").withAttribute("country", "DE "),
        ReadOptions.latest())).isEmpty();
  }

  @Test
  void extraRoleWithAnUnmask_doesNotLiftAnotherGrantsExplicitMask() {
    DataProduct p = run(AccessPolicy.allow("analyst").mask("customer_email", Masking.hash()),
        AccessPolicy.allow("finance").unmask("customer_email"));

    List<Row> both = read(p, Principal.of("eve").withRoles("analyst", "finance"),
        ReadOptions.latest());

    assertThat(both).allSatisfy(r -> assertThat(r.getString("customer_email")).hasSize(32));
    assertThat(both.toString()).doesNotContain(CANARY);
    assertThat(read(p, Principal.of("fin").withRoles("finance"), ReadOptions.latest()))
        .anySatisfy(r -> assertThat(r.get("customer_email")).isEqualTo(CANARY));
  }

  @Test
  void purposeTrick_roleWithoutTheDeclaredPurpose_isDenied() {
    DataProduct p = run(AccessPolicy.allow("finance").forPurposes("billing")
        .unmask("customer_email"));

    assertThatThrownBy(() -> read(p, Principal.of("fin").withRoles("finance")
        .withPurposes("marketing"), ReadOptions.latest()))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(read(p, Principal.of("fin").withRoles("finance").withPurposes(" Billing "),
        ReadOptions.latest())).anySatisfy(r ->
        assertThat(r.get("customer_email")).isEqualTo(CANARY));
  }

  @Test
  void policyNamingAFieldThePortLacks_failsTheBuild_insteadOfLeavingItUnmasked() {
    OutputPort.Builder<?> port = InMemoryOutputPort.builder("clean")
        .contract(Fixtures.cleanContract())
        .accessPolicy(AccessPolicy.allow("analyst").mask("customer_emial"));

    assertThatThrownBy(port::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("masks field 'customer_emial'")
        .hasMessageContaining("port 'clean'");
    assertThatThrownBy(() -> product("guarded")
        .input(InMemoryInputPort.of("orders", ORDERS, orders()))
        .output(Fixtures.cleanPort("clean"))
        .policy(AccessPolicy.allow("analyst").filterRowsByAttribute("land", "country"))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filters rows on field 'land'");
  }

  @Test
  void failingRowFilter_hidesTheRow_ratherThanLeakingIt() {
    DataProduct p = run(AccessPolicy.allow("analyst").filterRows("flaky", (row, who) -> {
      if (row.getLong("order_id") == 5) {
        throw new IllegalStateException("boom");
      }
      return true;
    }));

    assertThat(read(p, Principal.of("ana").withRoles("analyst"), ReadOptions.latest()))
        .hasSize(4).noneSatisfy(r -> assertThat(r.getLong("order_id")).isEqualTo(5L));
  }

  @Test
  void hashedPii_doesNotContainTheValue_andDependsOnTheSalt() {
    DataProduct p = run(AccessPolicy.allow("analyst").mask("customer_email", Masking.hash()));
    Principal ana = Principal.of("ana").withRoles("analyst");

    String hashed = read(p, ana, ReadOptions.latest()).get(4).getString("customer_email");
    DataProduct other = p.toBuilder().maskingSalt("other").build();
    String otherHash = read(other, ana, ReadOptions.latest()).get(4).getString("customer_email");

    assertThat(hashed).hasSize(32).doesNotContain("canary").isNotEqualTo(otherHash);
    assertThat(Field.optional("x", dev.dataproduct.FieldType.STRING).isSensitive()).isFalse();
  }
}
