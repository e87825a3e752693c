package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.DataProductAssertions.assertThatThrownBy;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanPort;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Owner;
import dev.dataproduct.RunResult;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProductModelTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  @Test
  void build_withoutVersionDomainOrOwners_listsWhatIsMissing() {
    assertThatThrownBy(() -> DataProduct.builder("p").output(cleanPort("o")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Product 'p' is missing [version, domain, business owner, technical owner]");
    assertThatThrownBy(() -> product("p").build())
        .hasMessage("Product 'p' is missing [output port]");
  }

  @Test
  void build_rejectsBadNamesVersionsAndDuplicatePorts() {
    assertThatThrownBy(() -> DataProduct.builder("Daily Revenue"))
        .hasMessageContaining("Invalid product name 'Daily Revenue'");
    assertThatThrownBy(() -> product("p").version("1.0"))
        .hasMessageContaining("'1.0' is not a semantic version");
    assertThatThrownBy(() -> product("p").output(cleanPort("o")).output(cleanPort("o")))
        .hasMessage("Output port 'o' declared twice");
    assertThatThrownBy(() -> product("p")
        .input(InMemoryInputPort.of("x", ORDERS)).output(cleanPort("x")).build())
        .hasMessageContaining("'x' is used by an input and an output port");
    assertThatThrownBy(() -> product("p").input(InMemoryInputPort.of("bad;name", ORDERS)))
        .hasMessageContaining("Invalid input port name 'bad;name'");
    assertThatThrownBy(() -> InMemoryOutputPort.builder("o").build())
        .hasMessage("Output port 'o' has no contract");
  }

  @Test
  void build_expectationThatDoesNotFitItsField_isRejectedWhenBuilt() {
    // ORDERS' country is a string: an Integer bound used to pass build() and fail only in run()
    assertThatThrownBy(() -> product("p").input(InMemoryInputPort.of("orders", ORDERS))
        .expect("orders", Rules.range("country", 0, null)).output(cleanPort("o")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Product 'p' input port 'orders' expectation: Rule 'country-range' bound"
            + " Integer does not fit string field 'country'; use a String");
  }

  @Test
  void build_expectationOnUnknownPortOrField_isRejected() {
    assertThatThrownBy(() -> product("p").input(InMemoryInputPort.of("orders", ORDERS))
        .expect("customers", Rules.notNull("x")).output(cleanPort("o")).build())
        .hasMessage("Expectations name input port 'customers'; input ports are [orders]");
    assertThatThrownBy(() -> product("p").input(InMemoryInputPort.of("orders", ORDERS))
        .expect("orders", Rules.notNull("nope")).output(cleanPort("o")).build())
        .hasMessageContaining("names field 'nope'");
  }

  @Test
  void contract_ruleOnUnknownFieldOrDuplicateId_isRejected() {
    assertThatThrownBy(() -> DataContract.builder("c").schema(ORDERS)
        .rule(Rules.notNull("nope")).build())
        .hasMessageContaining("rule 'nope-not-null' names field 'nope'");
    assertThatThrownBy(() -> DataContract.builder("c").schema(ORDERS)
        .rule(Rules.notNull("country")).rule(Rules.notNull("country")).build())
        .hasMessageContaining("declares rule id 'country-not-null' twice");
    assertThatThrownBy(() -> DataContract.builder("c").build())
        .hasMessage("Contract 'c' has no schema");
  }

  @Test
  void withInput_replacesOnlyThatPort_andRejectsUnknownOrMisnamedPorts() {
    DataProduct p = product("p").input(InMemoryInputPort.of("orders", ORDERS))
        .output(cleanPort("clean")).build();
    DataProduct q = p.withInput("orders", InMemoryInputPort.of("orders", ORDERS,
        goodOrders(2)));
    assertThat(dp.run(q)).wrote("clean", 2);
    assertThat(dp.run(p)).wrote("clean", 0);
    assertThatThrownBy(() -> p.withInput("customers", InMemoryInputPort.of("customers", ORDERS)))
        .hasMessage("Product 'p' has no input port 'customers'; ports are [orders]");
    assertThatThrownBy(() -> p.withInput("orders", InMemoryInputPort.of("other", ORDERS)))
        .hasMessageContaining("named 'other', expected 'orders'");
    assertThatThrownBy(() -> p.output("nope"))
        .hasMessage("Product 'p' has no output port 'nope'; ports are [clean]");
  }

  @Test
  void owners_andDescriptiveFields_areKept() {
    DataProduct p = product("p").description("d").tags("finance", "daily")
        .output(cleanPort("clean")).build();
    assertThat(p.owner(Owner.Kind.BUSINESS)).contains(Owner.business("ana@corp.example"));
    assertThat(p.owner(Owner.Kind.TECHNICAL)).contains(Owner.technical("sales-data-eng"));
    assertThat(p.tags()).containsExactly("finance", "daily");
    assertThat(p.description()).contains("d");
    assertThat(p.version().major()).isEqualTo(1);
  }

  @Test
  void concurrentRuns_ofOneProduct_eachBalanceAndPublishSeparately() throws Exception {
    DataProduct p = dp.instrument(product("concurrent")
        .input(InMemoryInputPort.generated("orders", ORDERS, 5_000,
            i -> Fixtures.order(i + 1, "c@example.com", "DE", "EUR", "1.00")))
        .output(cleanPort("clean")).batchSize(250).build());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit((Callable<RunResult>) p::run));
      }
      List<String> runIds = new ArrayList<>();
      for (Future<RunResult> f : futures) {
        RunResult r = f.get(60, TimeUnit.SECONDS);
        assertThat(r).succeeded().wrote("clean", 5_000).accountingBalanced();
        runIds.add(r.runId());
      }
      assertThat(runIds).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
    assertThat(p.output("clean").publications()).hasSize(8);
    assertThat(dp.meters()).counter("dataproduct.rows.written", "port", "clean")
        .hasCount(40_000);
    assertThat(dp.spans("dataproduct.run concurrent")).hasSize(8);
  }

  @Test
  void storageFailureOnCommit_failsTheRun_withStorageException_andNothingVisible() {
    InMemoryPublicationStore store = InMemoryPublicationStore.create()
        .failNext(InMemoryPublicationStore.Phase.COMMIT, new RuntimeException("disk full"));
    DataProduct p = product("storage")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(InMemoryOutputPort.builder("clean").store(store)
            .contract(Fixtures.cleanContract()).build())
        .build();
    RunResult run = dp.run(p);
    assertThat(run).failed().publishedNothing().accountingBalanced();
    assertThat(run).error().isInstanceOf(dev.dataproduct.StorageException.class)
        .hasMessageContaining("[INJECTED]");
    assertThat(store.publications()).isEmpty();
    assertThat(run.output("clean").discarded()).isEqualTo(3);
    assertThat(dp.run(p)).succeeded().wrote("clean", 3);
  }

  @Test
  void quarantineStoreFailure_failsTheRunBeforeAnyDataIsPublished() {
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    store.quarantineStore().failNext(InMemoryPublicationStore.Phase.COMMIT,
        new RuntimeException("quarantine down"));
    DataProduct p = product("q-fail")
        .input(InMemoryInputPort.of("orders", ORDERS,
            Fixtures.order(1, "a@b.c", "DE", "EUR", "1.00"),
            Fixtures.order(2, "a@b.c", "DE", "EUR", "-1.00")))
        .output(InMemoryOutputPort.builder("clean").store(store)
            .contract(Fixtures.cleanContract()).build())
        .build();
    RunResult run = dp.run(p);
    assertThat(run).failed().publishedNothing();
    assertThat(store.publications()).isEmpty();
  }
}
