package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanContract;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a run reports when one output port fails at its commit after another one published. */
class RunAcrossPortsTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  /** A real in-memory store whose publications are written but refused at commit. */
  static PublicationStore failingAtCommit() {
    return new ForwardingPublicationStore(InMemoryPublicationStore.create()) {
      @Override
      public PublicationWriter open(WriteContext context) {
        PublicationWriter w = super.open(context);
        return new PublicationWriter() {
          @Override
          public void write(List<Row> batch) {
            w.write(batch);
          }

          @Override
          public Publication commit() {
            throw new StorageException("Output port '" + context.portName()
                + "': committing the publication failed: the store went away",
                new IOException("connection reset"));
          }

          @Override
          public void abort() {
            w.abort();
          }
        };
      }
    };
  }

  /** A real in-memory store whose commits go through, then lose their answer. */
  static PublicationStore losingCommitAnswers() {
    return new ForwardingPublicationStore(InMemoryPublicationStore.create()) {
      @Override
      public PublicationWriter open(WriteContext context) {
        PublicationWriter w = super.open(context);
        return new PublicationWriter() {
          private boolean committed;

          @Override
          public void write(List<Row> batch) {
            w.write(batch);
          }

          @Override
          public Publication commit() {
            w.commit();
            committed = true;
            throw new CommitOutcomeUnknownException("Store 'losing': the answer to the commit"
                + " of run " + context.runId() + " was lost; look for its publication",
                "TIMEOUT", new java.net.SocketTimeoutException("read timed out"));
          }

          @Override
          public void abort() {
            if (!committed) {
              w.abort();
            }
          }
        };
      }
    };
  }

  private static DataProduct twoPorts(OutputPort first, OutputPort second) {
    return product("two-ports")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3)))
        .output(first).output(second)
        .transform(ctx -> ctx.rows("orders").forEach(r -> {
          ctx.emit("first", r);
          ctx.emit("second", r);
        }))
        .build();
  }

  @Test
  void run_secondPortFailsAtCommit_isPartiallyPublishedWithEachPortsState() {
    OutputPort first = InMemoryOutputPort.create("first", cleanContract());
    OutputPort second = OutputPort.builder("second", failingAtCommit())
        .contract(cleanContract()).build();
    RunResult run = dp.run(twoPorts(first, second));

    assertThat(run).hasOutcome(RunOutcome.PARTIALLY_PUBLISHED).failed().accountingBalanced();
    assertThat(run).error().isInstanceOf(StorageException.class)
        .hasMessageContaining("Output port 'second'");
    Assertions.assertThat(run.portStates()).containsExactly(
        Map.entry("first", RunResult.PortState.PUBLISHED),
        Map.entry("second", RunResult.PortState.NOT_PUBLISHED));
    Assertions.assertThat(run.publication("first")).isPresent();
    Assertions.assertThat(run.publication("second")).isEmpty();
    Assertions.assertThat(run.output("first").written()).isEqualTo(3);
    Assertions.assertThat(run.output("second").discarded()).isEqualTo(3);

    // the truth: the first port's rows are visible, the second port has nothing
    Assertions.assertThat(first.publications()).singleElement()
        .satisfies(pub -> Assertions.assertThat(pub.rows()).isEqualTo(3));
    Assertions.assertThat(second.publications()).isEmpty();
    Assertions.assertThatThrownBy(run::orThrow).isInstanceOf(DataProductException.class);

    SpanData runSpan = dp.spans(TelemetryNames.SPAN_RUN + " two-ports").get(0);
    EventData event = runSpan.getEvents().stream()
        .filter(e -> e.getName().equals(TelemetryNames.EVENT_PARTIALLY_PUBLISHED))
        .findFirst().orElseThrow();
    Assertions.assertThat(event.getAttributes().get(TelemetryNames.PORTS_PUBLISHED))
        .containsExactly("first");
    Assertions.assertThat(event.getAttributes().get(TelemetryNames.PORTS_NOT_PUBLISHED))
        .containsExactly("second");
  }

  @Test
  void run_firstPortFailsAtCommit_isFailedAndNothingIsVisible() {
    OutputPort first = OutputPort.builder("first", failingAtCommit())
        .contract(cleanContract()).build();
    OutputPort second = InMemoryOutputPort.create("second", cleanContract());
    RunResult run = dp.run(twoPorts(first, second));

    assertThat(run).hasOutcome(RunOutcome.FAILED).accountingBalanced();
    Assertions.assertThat(run.portStates()).containsOnlyKeys("first", "second")
        .doesNotContainValue(RunResult.PortState.PUBLISHED);
    Assertions.assertThat(second.publications()).isEmpty();
    Assertions.assertThat(dp.spans(TelemetryNames.SPAN_RUN + " two-ports").get(0).getEvents())
        .noneMatch(e -> e.getName().equals(TelemetryNames.EVENT_PARTIALLY_PUBLISHED));
  }

  @Test
  void run_commitOfUnknownOutcome_isReportedAsSuch_withEachPortsState() {
    OutputPort first = InMemoryOutputPort.create("first", cleanContract());
    PublicationStore losing = losingCommitAnswers();
    OutputPort second = OutputPort.builder("second", losing).contract(cleanContract()).build();
    RunResult run = dp.run(twoPorts(first, second));

    assertThat(run).hasOutcome(RunOutcome.COMMIT_UNKNOWN).failed();
    assertThat(run).error().isInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("Output port 'second'")
        .hasMessageContaining("look for its publication");
    Assertions.assertThat(run.portStates()).containsExactly(
        Map.entry("first", RunResult.PortState.PUBLISHED),
        Map.entry("second", RunResult.PortState.COMMIT_UNKNOWN));
    Assertions.assertThat(run.publication("second")).isEmpty();
    Assertions.assertThatThrownBy(run::orThrow)
        .isInstanceOf(CommitOutcomeUnknownException.class);
    // here the commit did go through: the store shows it, the run could not know
    Assertions.assertThat(losing.publications()).singleElement()
        .satisfies(p -> Assertions.assertThat(p.runId()).isEqualTo(run.runId()));

    SpanData runSpan = dp.spans(TelemetryNames.SPAN_RUN + " two-ports").get(0);
    EventData event = runSpan.getEvents().stream()
        .filter(e -> e.getName().equals(TelemetryNames.EVENT_COMMIT_UNKNOWN))
        .findFirst().orElseThrow();
    Assertions.assertThat(event.getAttributes().get(TelemetryNames.PORT)).isEqualTo("second");
    Assertions.assertThat(event.getAttributes().get(TelemetryNames.PORTS_PUBLISHED))
        .containsExactly("first");
    assertThat(dp.meters()).timerCount(TelemetryNames.METER_RUN_DURATION, "outcome",
        "commit_unknown").isEqualTo(1);
  }

  @Test
  void run_bothPortsCommit_portStatesArePublished() {
    RunResult run = dp.run(twoPorts(InMemoryOutputPort.create("first", cleanContract()),
        InMemoryOutputPort.create("second", cleanContract())));
    assertThat(run).succeeded();
    Assertions.assertThat(run.portStates().values())
        .containsOnly(RunResult.PortState.PUBLISHED).hasSize(2);
  }
}
