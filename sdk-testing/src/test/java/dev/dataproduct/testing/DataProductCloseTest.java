package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanContract;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProduct;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.ReadContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DataProduct#close()}: what it releases, once, and what the product refuses after. */
class DataProductCloseTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void close_releasesEveryInputStoreAndHandedInQuarantine_eachOnce() {
    CountingStore shared = new CountingStore("shared-quarantine");
    CountingStore a = new CountingStore("a");
    CountingStore b = new CountingStore("b");
    CountingInput orders = new CountingInput("orders");
    DataProduct p = product("two-outputs")
        .input(orders)
        .output(OutputPort.builder("out-a", a).contract(cleanContract()).quarantine(shared)
            .build())
        .output(OutputPort.builder("out-b", b).contract(cleanContract()).quarantine(shared)
            .build())
        .inputQuarantine(shared)
        .build();

    p.close();

    Assertions.assertThat(orders.closes).hasValue(1);
    Assertions.assertThat(a.closes).hasValue(1);
    Assertions.assertThat(b.closes).hasValue(1);
    Assertions.assertThat(shared.closes).as("quarantine shared by two ports and the inputs")
        .hasValue(1);
    // a store's own quarantine is the store's to release
    Assertions.assertThat(a.ownQuarantine.closes).hasValue(0);
  }

  @Test
  void close_calledTwice_releasesOnce() {
    CountingStore store = new CountingStore("s");
    CountingInput orders = new CountingInput("orders");
    DataProduct p = product("twice").input(orders)
        .output(OutputPort.builder("clean", store).contract(cleanContract()).build()).build();

    p.close();
    p.close();

    Assertions.assertThat(store.closes).hasValue(1);
    Assertions.assertThat(orders.closes).hasValue(1);
  }

  @Test
  void close_whenClosesFail_triesEveryPortAndThrowsFirstWithOthersSuppressed() {
    CountingInput orders = new CountingInput("orders");
    orders.failure = new IllegalStateException("input close failed");
    CountingStore a = new CountingStore("a");
    a.failure = new IllegalStateException("store a close failed");
    CountingStore b = new CountingStore("b");
    DataProduct p = product("failing-close").input(orders)
        .output(OutputPort.builder("out-a", a).contract(cleanContract()).build())
        .output(OutputPort.builder("out-b", b).contract(cleanContract()).build())
        .build();

    assertThatThrownBy(p::close).isSameAs(orders.failure)
        .satisfies(e -> Assertions.assertThat(e.getSuppressed()).containsExactly(a.failure));
    Assertions.assertThat(b.closes).as("the port after the failures").hasValue(1);
    Assertions.assertThat(a.closes).hasValue(1);

    p.close();   // already closed: nothing retried, nothing thrown
    Assertions.assertThat(a.closes).hasValue(1);
  }

  @Test
  void run_afterClose_throwsIllegalStateNamingTheProduct() {
    DataProduct p = simple("closed-run", new CountingStore("s"));
    p.close();

    assertThatThrownBy(p::run).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'closed-run'").hasMessageContaining("closed");
  }

  @Test
  void read_throughClosedProductsPorts_throwsIllegalStateNamingTheProduct() {
    DataProduct p = simple("closed-read", new CountingStore("s"));
    assertThat(p.run()).succeeded();
    OutputPort port = p.output("clean");
    p.close();

    Principal ana = Principal.of("ana");
    assertThatThrownBy(() -> p.read("clean", ana, ReadOptions.latest()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'closed-read'").hasMessageContaining("'clean'");
    assertThatThrownBy(() -> port.read(ana, ReadOptions.latest()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'closed-read'");
  }

  @Test
  void close_duringRun_refusesNewRunsWaitsForTheRunThenReleases() throws Exception {
    CountingStore store = new CountingStore("s");
    CountDownLatch inTransform = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    DataProduct p = product("slow").input(InMemoryInputPort.of("orders", ORDERS, goodOrders(5)))
        .transform(ctx -> {
          inTransform.countDown();
          proceed.await();
          Transforms.identity().apply(ctx);
        })
        .output(OutputPort.builder("clean", store).contract(cleanContract()).build())
        .build();
    Future<RunResult> run = pool.submit(p::run);
    Assertions.assertThat(inTransform.await(10, TimeUnit.SECONDS)).isTrue();

    Future<?> closing = pool.submit(p::close);
    assertThatThrownBy(() -> closing.get(300, TimeUnit.MILLISECONDS))
        .as("close waits for the run").isInstanceOf(TimeoutException.class);
    Assertions.assertThat(store.closes).hasValue(0);
    assertThatThrownBy(p::run).as("no new run once close was called")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'slow'");

    proceed.countDown();
    assertThat(run.get(10, TimeUnit.SECONDS)).succeeded().wrote("clean", 5);
    closing.get(10, TimeUnit.SECONDS);
    Assertions.assertThat(store.closes).hasValue(1);
    Assertions.assertThat(store.memory.latestRows()).hasSize(5);
  }

  @Test
  void close_interruptedWhileWaitingForRun_releasesAtOnceAndKeepsInterruptFlag()
      throws Exception {
    CountingStore store = new CountingStore("s");
    CountDownLatch inTransform = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    DataProduct p = product("interrupted").input(InMemoryInputPort.of("orders", ORDERS,
            goodOrders(1)))
        .transform(ctx -> {
          inTransform.countDown();
          proceed.await();
        })
        .output(OutputPort.builder("clean", store).contract(cleanContract()).build())
        .build();
    Future<RunResult> run = pool.submit(p::run);
    Assertions.assertThat(inTransform.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> flagAfterClose = new CompletableFuture<>();
    Thread closer = new Thread(() -> {
      p.close();
      flagAfterClose.complete(Thread.currentThread().isInterrupted());
    });
    closer.start();
    Thread.sleep(200);
    Assertions.assertThat(flagAfterClose).as("still waiting for the run").isNotDone();
    closer.interrupt();

    Assertions.assertThat(flagAfterClose.get(10, TimeUnit.SECONDS)).isTrue();
    Assertions.assertThat(store.closes).hasValue(1);
    Assertions.assertThat(run).isNotDone();
    proceed.countDown();
    run.get(10, TimeUnit.SECONDS);
  }

  @Test
  void close_fromWithinItsOwnRun_failsTheRunAndLeavesTheProductOpen() {
    CountingStore store = new CountingStore("s");
    AtomicReference<DataProduct> self = new AtomicReference<>();
    DataProduct p = product("self-closing")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .transform(ctx -> self.get().close())
        .output(OutputPort.builder("clean", store).contract(cleanContract()).build())
        .build();
    self.set(p);

    RunResult result = p.run();

    Assertions.assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
    Assertions.assertThat(result.error()).get().asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'self-closing'").hasMessageContaining("within");
    Assertions.assertThat(store.closes).hasValue(0);
    p.close();
    Assertions.assertThat(store.closes).hasValue(1);
  }

  @Test
  void tryWithResources_inAService_runsThenReleases() {
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    CountingInput orders = new CountingInput("orders");
    DataContract contract = cleanContract();
    // tag::close-product[]
    try (DataProduct product = DataProduct.builder("confirmed-orders-eu")
        .version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(orders)
        .output(OutputPort.builder("orders-out", store).contract(contract).build())
        .build()) {
      product.run().orThrow();
    }   // the ports are released: an S3 port's upload threads end, your clients stay open
    // end::close-product[]

    Assertions.assertThat(orders.closes).hasValue(1);
    Assertions.assertThat(store.latestRows()).hasSize(3);
  }

  private static DataProduct simple(String name, CountingStore store) {
    return product(name).input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(OutputPort.builder("clean", store).contract(cleanContract()).build()).build();
  }

  /** An in-memory store counting its closes, with a quarantine of its own. */
  private static final class CountingStore extends ForwardingPublicationStore {
    final InMemoryPublicationStore memory;
    final String name;
    final AtomicInteger closes = new AtomicInteger();
    final CountingStore ownQuarantine;
    RuntimeException failure;

    CountingStore(String name) {
      this(InMemoryPublicationStore.create(), name, true);
    }

    private CountingStore(InMemoryPublicationStore memory, String name, boolean withQuarantine) {
      super(memory);
      this.memory = memory;
      this.name = name;
      this.ownQuarantine = withQuarantine ? new CountingStore(InMemoryPublicationStore.create(), name + "-q", false) : null;
    }

    @Override
    public String type() {
      return "memory";
    }

    @Override
    public PublicationStore quarantine() {
      return ownQuarantine != null ? ownQuarantine : this;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public String toString() {
      return "CountingStore{" + name + "}";
    }
  }

  /** Three good orders, counting the port's closes. */
  private static final class CountingInput implements InputPort {
    final InputPort delegate;
    final AtomicInteger closes = new AtomicInteger();
    RuntimeException failure;

    CountingInput(String name) {
      this.delegate = InMemoryInputPort.of(name, ORDERS, goodOrders(3));
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Schema schema() {
      return delegate.schema();
    }

    @Override
    public BatchReader read(ReadContext context) {
      return delegate.read(context);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
    }
  }
}
