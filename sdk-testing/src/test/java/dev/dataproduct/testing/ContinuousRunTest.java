package dev.dataproduct.testing;

import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanContract;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.ContinuousRun;
import dev.dataproduct.DataProduct;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DataProduct#runContinuously}: micro-batch runs until stop or close. */
class ContinuousRunTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  /** A stream that has data on every second wait only. */
  private static final class Stream implements InputPort {
    final AtomicInteger waits = new AtomicInteger();
    final InMemoryInputPort rows = InMemoryInputPort.of("orders", ORDERS, goodOrders(5));

    @Override
    public String name() {
      return "orders";
    }

    @Override
    public Schema schema() {
      return ORDERS;
    }

    @Override
    public BatchReader read(ReadContext context) {
      return rows.read(context);
    }

    @Override
    public boolean awaitData(Duration timeout) {
      return waits.incrementAndGet() % 2 == 0;
    }
  }

  private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void runContinuously_runsOnlyWhenInputHasData_andCloseStopsItGracefully() throws Exception {
    Stream stream = new Stream();
    List<RunResult> results = new CopyOnWriteArrayList<>();
    DataProduct p = product("continuous").input(stream)
        .output(InMemoryOutputPort.create("out", cleanContract())).build();
    ContinuousRun run = p.runContinuously(ContinuousRun.options()
        .idleWait(Duration.ofMillis(5)).onResult(results::add));
    await(() -> run.runs() >= 3);

    p.close();

    assertThat(run.isRunning()).isFalse();
    long runs = run.runs();
    assertThat(results).hasSize((int) runs)
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED));
    assertThat(stream.waits.get()).isGreaterThanOrEqualTo(2 * (int) runs);
    assertThat(run.lastResult()).contains(results.get(results.size() - 1));
    assertThat(p.output("out").publications()).hasSize((int) runs);
    assertThatThrownBy(() -> p.runContinuously(ContinuousRun.options()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void runContinuously_givesUpAfterConsecutiveFailures_withTheLastError() throws Exception {
    DataProduct p = product("continuous-failing")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(5)))
        .transform(ctx -> {
          throw new IllegalStateException("always fails");
        })
        .output(InMemoryOutputPort.create("out", cleanContract())).build();
    ContinuousRun run = p.runContinuously(ContinuousRun.options()
        .backoff(Duration.ofMillis(1)).maxConsecutiveFailures(3));
    await(() -> !run.isRunning());

    assertThat(run.runs()).isEqualTo(3);
    assertThat(run.failedRuns()).isEqualTo(3);
    assertThat(run.failure()).get().isInstanceOf(IllegalStateException.class);
    assertThat(p.output("out").publications()).isEmpty();
    p.close();
  }

  @Test
  void stop_endsTheLoop_andTheProductStaysUsable() throws Exception {
    DataProduct p = product("continuous-stop")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(5)))
        .output(InMemoryOutputPort.create("out", cleanContract())).build();
    ContinuousRun run = p.runContinuously(ContinuousRun.options());
    await(() -> run.runs() >= 1);
    run.stop();
    long runs = run.runs();
    Thread.sleep(50);
    assertThat(run.runs()).isEqualTo(runs);
    assertThat(run.isRunning()).isFalse();
    assertThat(p.run().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    p.close();
  }

  @Test
  void runContinuously_stopsAtOnce_whenAMicroBatchsCommitOutcomeIsUnknown() throws Exception {
    OutputPort losing = OutputPort.builder("out", RunAcrossPortsTest.losingCommitAnswers())
        .contract(cleanContract()).build();
    DataProduct p = product("continuous-unknown")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(5)))
        .output(losing).build();
    List<RunResult> results = new CopyOnWriteArrayList<>();
    ContinuousRun run = p.runContinuously(ContinuousRun.options()
        .idleWait(Duration.ofMillis(1)).backoff(Duration.ofMillis(1))
        .maxConsecutiveFailures(10).onResult(results::add));
    await(() -> !run.isRunning());

    assertThat(run.runs()).isEqualTo(1);
    assertThat(results).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMMIT_UNKNOWN));
    assertThat(run.failure()).get().isInstanceOf(CommitOutcomeUnknownException.class);
    p.close();
  }

  @Test
  void runContinuously_stopsAtOnce_afterAPartialPublication() throws Exception {
    OutputPort failing = OutputPort.builder("second", RunAcrossPortsTest.failingAtCommit())
        .contract(cleanContract()).build();
    DataProduct p = product("continuous-partial")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(5)))
        .output(InMemoryOutputPort.create("first", cleanContract())).output(failing)
        .transform(ctx -> ctx.rows("orders").forEach(r -> {
          ctx.emit("first", r);
          ctx.emit("second", r);
        }))
        .build();
    ContinuousRun run = p.runContinuously(ContinuousRun.options()
        .idleWait(Duration.ofMillis(1)).backoff(Duration.ofMillis(1))
        .maxConsecutiveFailures(10));
    await(() -> !run.isRunning());

    assertThat(run.runs()).isEqualTo(1);
    assertThat(run.lastResult()).get()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.PARTIALLY_PUBLISHED));
    assertThat(p.output("first").publications()).hasSize(1);
    p.close();
  }
}
