package dev.dataproduct.testing;

import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanContract;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.order;
import static dev.dataproduct.testing.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import dev.dataproduct.telemetry.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The meters as a Prometheus server scrapes them: a real micrometer-registry-prometheus registry,
 * its text exposition parsed strictly ({@link PrometheusText}), exact family names, types and
 * labels. Micrometer appends a meter's base unit to a name that does not end with it, which once
 * made {@code dataproduct_rows_read_rows_total}.
 */
class PrometheusNamesTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void close() {
    registry.close();
  }

  /** A store that counts 100 bytes per row written, as a store that knows its bytes does. */
  private static PublicationStore countingBytes(PublicationStore store) {
    return new ForwardingPublicationStore(store) {
      @Override
      public PublicationWriter open(WriteContext context) {
        PublicationWriter w = super.open(context);
        return new PublicationWriter() {
          private long bytes;

          @Override
          public void write(List<Row> batch) {
            w.write(batch);
            bytes += 100L * batch.size();
          }

          @Override
          public Publication commit() {
            return w.commit();
          }

          @Override
          public void abort() {
            w.abort();
          }

          @Override
          public long bytesWritten() {
            return bytes;
          }
        };
      }
    };
  }

  private Map<String, PrometheusText.Family> runAndScrape() {
    List<Row> rows = new ArrayList<>(goodOrders(4));
    rows.add(order(5, "q@example.com", "DE", "EUR", "-1.00")); // violates amount-range
    DataProduct p = product("prom")
        .input(InMemoryInputPort.of("orders", ORDERS, rows))
        .output(OutputPort.builder("clean", countingBytes(InMemoryPublicationStore.create()))
            .contract(cleanContract()).build())
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(Telemetry.of(OpenTelemetry.noop(), registry))
        .build();
    RunResult run = p.run();
    assertThat(run.succeeded()).isTrue();
    p.read("clean", Principal.of("ana@corp.example").withRoles("analyst"), ReadOptions.latest())
        .close();
    assertThatThrownBy(() -> p.read("clean", Principal.of("bob@corp.example"),
        ReadOptions.latest())).isInstanceOf(AccessDeniedException.class);
    return PrometheusText.parse(registry.scrape());
  }

  @Test
  void scrape_familiesHaveTheNamesDashboardsUse_withTypeAndHelp() {
    Map<String, PrometheusText.Family> families = runAndScrape();

    Map<String, String> types = new TreeMap<>();
    families.values().stream().filter(f -> f.name.startsWith("dataproduct_"))
        .forEach(f -> types.put(f.name, f.type()));
    assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of(
        "dataproduct_rows_read_total", "counter",
        "dataproduct_rows_written_total", "counter",
        "dataproduct_rows_quarantined_total", "counter",
        "dataproduct_bytes_written_total", "counter",
        "dataproduct_policy_violations_total", "counter",
        "dataproduct_consumer_reads_total", "counter",
        "dataproduct_freshness_seconds", "gauge",
        "dataproduct_run_duration_seconds", "summary",
        "dataproduct_run_duration_seconds_max", "gauge"));
    assertThat(types.keySet()).noneMatch(n -> n.matches(".*_(rows|bytes)_total"));
    for (String name : types.keySet()) {
      assertThat(families.get(name).help()).as("HELP of " + name).isNotBlank();
    }
  }

  @Test
  void scrape_samplesCarryTheCountsAndOnlyBoundedLabels() {
    Map<String, PrometheusText.Family> families = runAndScrape();

    assertThat(value(families, "dataproduct_rows_read_total",
        Map.of("product", "prom", "port", "orders"))).isEqualTo(5.0);
    assertThat(value(families, "dataproduct_rows_written_total",
        Map.of("product", "prom", "port", "clean"))).isEqualTo(4.0);
    assertThat(value(families, "dataproduct_rows_quarantined_total",
        Map.of("product", "prom", "port", "clean"))).isEqualTo(1.0);
    assertThat(value(families, "dataproduct_bytes_written_total",
        Map.of("product", "prom", "port", "clean"))).isEqualTo(400.0);
    assertThat(value(families, "dataproduct_policy_violations_total",
        Map.of("product", "prom", "port", "clean", "rule", "amount-range"))).isEqualTo(1.0);
    assertThat(value(families, "dataproduct_consumer_reads_total",
        Map.of("product", "prom", "port", "clean", "role", "analyst", "outcome", "granted")))
        .isEqualTo(1.0);
    assertThat(value(families, "dataproduct_consumer_reads_total",
        Map.of("product", "prom", "port", "clean", "role", "none", "outcome", "denied")))
        .isEqualTo(1.0);
    assertThat(families.get("dataproduct_run_duration_seconds").samples())
        .extracting(PrometheusText.Sample::name)
        .containsExactlyInAnyOrder("dataproduct_run_duration_seconds_count",
            "dataproduct_run_duration_seconds_sum");
    // principals' ids are personal data of unbounded cardinality: never a label
    String labels = families.values().stream().flatMap(f -> f.samples().stream())
        .map(s -> s.labels().toString()).collect(Collectors.joining());
    assertThat(labels).doesNotContain("ana@corp.example", "bob@corp.example");
    assertThat(families.values().stream().filter(f -> f.name.startsWith("dataproduct_"))
        .flatMap(f -> f.samples().stream()).flatMap(s -> s.labels().keySet().stream()))
        .allMatch(k -> List.of("product", "port", "rule", "outcome", "role").contains(k));
  }

  @Test
  void scrape_freshnessObjectiveAndBreaches_haveTheirNames() {
    TestClock clock = TestClock.at(Instant.parse("2026-11-21T10:00:00Z"));
    DataProduct p = product("slo")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(1)))
        .output(OutputPort.builder("clean", InMemoryPublicationStore.create(clock))
            .contract(cleanContract().toBuilder().freshness(Duration.ofHours(1)).build())
            .build())
        .clock(clock)
        .telemetry(Telemetry.of(OpenTelemetry.noop(), registry))
        .build();
    assertThat(p.run().succeeded()).isTrue();
    clock.advance(Duration.ofHours(2));
    assertThat(p.run().succeeded()).isTrue();
    clock.advance(Duration.ofMinutes(10));

    Map<String, PrometheusText.Family> families = PrometheusText.parse(registry.scrape());

    assertThat(families.get("dataproduct_freshness_objective_seconds").type())
        .isEqualTo("gauge");
    assertThat(families.get("dataproduct_freshness_breaches_total").type())
        .isEqualTo("counter");
    Map<String, String> port = Map.of("product", "slo", "port", "clean");
    assertThat(value(families, "dataproduct_freshness_objective_seconds", port))
        .isEqualTo(3600.0);
    assertThat(value(families, "dataproduct_freshness_seconds", port)).isEqualTo(600.0);
    assertThat(value(families, "dataproduct_freshness_breaches_total", port)).isEqualTo(1.0);
  }

  private static double value(Map<String, PrometheusText.Family> families, String family,
      Map<String, String> labels) {
    assertThat(families).containsKey(family);
    List<PrometheusText.Sample> matching = families.get(family).samples().stream()
        .filter(s -> s.labels().equals(labels)).collect(Collectors.toList());
    assertThat(matching).as(family + labels).hasSize(1);
    return matching.get(0).value();
  }

  /** The parser refuses what a Prometheus server refuses, so the names test can fail. */
  @Nested
  class ParserTest {
    @Test
    void parse_wellFormedExposition_readsFamiliesSamplesAndEscapes() {
      Map<String, PrometheusText.Family> f = PrometheusText.parse(
          "# HELP a_total A \\\\ help\\nline\n"
              + "# TYPE a_total counter\n"
              + "a_total{x=\"q\\\"uote\",y=\"2\"} 3.0 1700000000000\n"
              + "# a plain comment\n"
              + "\n"
              + "# TYPE s summary\n"
              + "s_count 1\n"
              + "s_sum 0.5\n"
              + "g NaN\n");
      assertThat(f).containsOnlyKeys("a_total", "s", "g");
      assertThat(f.get("a_total").help()).isEqualTo("A \\ help\nline");
      assertThat(f.get("a_total").samples().get(0).labels())
          .isEqualTo(Map.of("x", "q\"uote", "y", "2"));
      assertThat(f.get("s").samples()).hasSize(2);
      assertThat(f.get("g").type()).isEqualTo("untyped");
      assertThat(f.get("g").samples().get(0).value()).isNaN();
    }

    @Test
    void parse_malformedExpositions_areRefusedWithTheLine() {
      for (String bad : List.of(
          "a-b 1\n",                                  // metric name
          "a{1x=\"v\"} 1\n",                          // label name
          "a{x=v} 1\n",                               // unquoted value
          "a{x=\"v\",x=\"w\"} 1\n",                   // duplicate label
          "a{x=\"\\t\"} 1\n",                         // invalid escape
          "a one\n",                                  // value
          "a 1 soon\n",                               // timestamp
          "a 1\na 2\n",                               // repeated series
          "a 1\n# TYPE a counter\n",                  // TYPE after samples
          "# TYPE a counter\n# TYPE a gauge\n",       // TYPE twice
          "# TYPE a countr\n",                        // unknown type
          "# TYPE a histogram\na 1\n",                 // not a sample of a histogram
          "a 1\nb 1\na{x=\"1\"} 1\n",                 // not contiguous
          "a 1")) {                                   // no final line feed
        assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }
}
