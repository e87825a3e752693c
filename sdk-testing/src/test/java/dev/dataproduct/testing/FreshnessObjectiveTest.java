package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanContract;
import static dev.dataproduct.testing.Fixtures.goodOrders;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Freshness objectives from the contract's SLA properties: the objective gauge, and a breach
 * (counter and run span event) when a run finds the latest publication older than it. Product
 * names differ per test: the freshness of a port is kept per registry, product and port.
 */
class FreshnessObjectiveTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private static DataProduct product(String name, DataContract contract, TestClock clock) {
    return Fixtures.product(name)
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(2)))
        .output(OutputPort.builder("clean", InMemoryPublicationStore.create(clock))
            .contract(contract).build())
        .clock(clock)
        .build();
  }

  private static List<EventData> breaches(SpanData run) {
    return run.getEvents().stream()
        .filter(e -> e.getName().equals(TelemetryNames.EVENT_FRESHNESS_BREACH)).toList();
  }

  @Test
  void run_findingTheLatestPublicationOlderThanTheObjective_countsABreachWithASpanEvent() {
    TestClock clock = TestClock.at(T0);
    DataProduct p = product("hourly", cleanContract().toBuilder()
        .freshness(Duration.ofHours(1)).build(), clock);

    assertThat(dp.run(p)).succeeded();
    assertThat(dp.meters()).gauge(TelemetryNames.METER_FRESHNESS_OBJECTIVE, "product", "hourly",
        "port", "clean").isEqualTo(3600.0);
    assertThat(dp.meters()).hasNoMeter(TelemetryNames.METER_FRESHNESS_BREACHES);

    clock.advance(Duration.ofMinutes(90));
    assertThat(dp.meters()).gauge(TelemetryNames.METER_FRESHNESS, "product", "hourly", "port",
        "clean").isEqualTo(5400.0);
    assertThat(dp.run(p)).succeeded();
    assertThat(dp.meters()).counter(TelemetryNames.METER_FRESHNESS_BREACHES, "product", "hourly",
        "port", "clean").hasCount(1);

    clock.advance(Duration.ofMinutes(30)); // 30 minutes after the second publication
    assertThat(dp.run(p)).succeeded();
    assertThat(dp.meters()).counter(TelemetryNames.METER_FRESHNESS_BREACHES, "product", "hourly",
        "port", "clean").hasCount(1);

    List<SpanData> runs = dp.spans(TelemetryNames.SPAN_RUN + " hourly");
    assertThat(runs).hasSize(3);
    assertThat(breaches(runs.get(0))).isEmpty();
    assertThat(breaches(runs.get(2))).isEmpty();
    List<EventData> breach = breaches(runs.get(1));
    assertThat(breach).hasSize(1);
    assertThat(breach.get(0).getAttributes().get(TelemetryNames.PORT)).isEqualTo("clean");
    assertThat(breach.get(0).getAttributes().get(TelemetryNames.FRESHNESS_AGE))
        .isEqualTo(5400.0);
    assertThat(breach.get(0).getAttributes().get(TelemetryNames.FRESHNESS_OBJECTIVE))
        .isEqualTo(3600.0);
  }

  @Test
  void failedRun_stillReportsTheBreachItFound() {
    TestClock clock = TestClock.at(T0);
    DataProduct p = product("failing", cleanContract().toBuilder()
        .freshness(Duration.ofHours(1)).build(), clock);
    assertThat(dp.run(p)).succeeded();
    clock.advance(Duration.ofHours(3));

    DataProduct broken = p.toBuilder().transform(ctx -> {
      throw new IllegalStateException("upstream down");
    }).build();

    assertThat(dp.run(broken)).failed();
    assertThat(dp.meters()).counter(TelemetryNames.METER_FRESHNESS_BREACHES, "product", "failing",
        "port", "clean").hasCount(1);
    assertThat(breaches(dp.spans(TelemetryNames.SPAN_RUN + " failing").get(1))).hasSize(1);
  }

  @Test
  void odcsFrequencyAlone_isTheObjective() {
    String odcs = DataContracts.toYaml(cleanContract())
        + "slaProperties:\n  - {property: frequency, value: 1, unit: d}\n";
    DataContract daily = DataContracts.fromYaml(odcs);
    TestClock clock = TestClock.at(T0);
    DataProduct p = product("daily", daily, clock);

    assertThat(dp.run(p)).succeeded();
    clock.advance(Duration.ofHours(23));
    assertThat(dp.run(p)).succeeded();
    clock.advance(Duration.ofHours(25));
    assertThat(dp.run(p)).succeeded();

    assertThat(dp.meters()).gauge(TelemetryNames.METER_FRESHNESS_OBJECTIVE, "product", "daily",
        "port", "clean").isEqualTo(86_400.0);
    assertThat(dp.meters()).counter(TelemetryNames.METER_FRESHNESS_BREACHES, "product", "daily",
        "port", "clean").hasCount(1);
  }

  @Test
  void portWithoutObjective_hasNoObjectiveGaugeAndNeverBreaches() {
    TestClock clock = TestClock.at(T0);
    DataProduct p = product("whenever", cleanContract(), clock);

    assertThat(dp.run(p)).succeeded();
    clock.advance(Duration.ofDays(30));
    assertThat(dp.run(p)).succeeded();

    assertThat(dp.meters()).hasNoMeter(TelemetryNames.METER_FRESHNESS_OBJECTIVE);
    assertThat(dp.meters()).hasNoMeter(TelemetryNames.METER_FRESHNESS_BREACHES);
    assertThat(dp.spans(TelemetryNames.SPAN_RUN + " whenever"))
        .allSatisfy(s -> assertThat(breaches(s)).isEmpty());
  }
}
