package dev.dataproduct.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProduct;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.Transforms;
import dev.dataproduct.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class DataProductAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataProductAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class OneProduct {
    @Bean
    DataProduct customers() {
      return TestProducts.customers(3, Clock.systemUTC());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AppTelemetry {
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    OpenTelemetry openTelemetry() {
      return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build();
    }
  }

  @Test
  void productWithoutTelemetry_reportsToTheApplicationsRegistryAndTracer() {
    AppTelemetry.SPANS.reset();
    runner.withUserConfiguration(OneProduct.class, AppTelemetry.class).run(ctx -> {
      DataProduct product = ctx.getBean(DataProduct.class);
      assertThat(product.run().outcome()).isEqualTo(RunOutcome.SUCCEEDED);

      MeterRegistry registry = ctx.getBean(MeterRegistry.class);
      assertThat(registry.find("dataproduct.rows.written").tag("port", "customers").counter())
          .isNotNull()
          .satisfies(c -> assertThat(c.count()).isEqualTo(3.0));
      assertThat(AppTelemetry.SPANS.getFinishedSpanItems())
          .anySatisfy(s -> assertThat(s.getName()).isEqualTo("dataproduct.run customers"));
    });
  }

  @Test
  void productWithItsOwnTelemetry_keepsIt() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    runner.withUserConfiguration(AppTelemetry.class)
        .withBean(DataProduct.class, () -> TestProducts.builder("customers", 2,
            Transforms.identity()).telemetry(Telemetry.of(OpenTelemetry.noop(), own)).build())
        .run(ctx -> {
          ctx.getBean(DataProduct.class).run().orThrow();
          assertThat(own.find("dataproduct.rows.written").counter()).isNotNull();
          assertThat(ctx.getBean(MeterRegistry.class).find("dataproduct.rows.written").counter())
              .isNull();
        });
  }

  @Test
  void everyRun_isRecordedInTheRunHistory_scheduledOrNot() {
    runner.withUserConfiguration(OneProduct.class).run(ctx -> {
      RunHistory history = ctx.getBean(RunHistory.class);
      assertThat(history.lastRun("customers")).isEmpty();
      String runId = ctx.getBean(DataProduct.class).run().runId();
      assertThat(history.lastRun("customers")).hasValueSatisfying(r -> {
        assertThat(r.runId()).isEqualTo(runId);
        assertThat(r.rowsWritten()).isEqualTo(3);
      });
    });
  }

  @Test
  void noSchedule_noScheduledRuns() {
    runner.withUserConfiguration(OneProduct.class).run(ctx -> {
      assertThat(ctx.getBean(DataProductScheduler.class).scheduled()).isEmpty();
      assertThat(ctx.getBean(DataProduct.class).output("customers").publications()).isEmpty();
    });
  }

  @Test
  void fixedDelaySchedule_runsTheProductRepeatedly() {
    runner.withUserConfiguration(OneProduct.class)
        .withPropertyValues("dataproduct.products.customers.schedule.fixed-delay=50ms")
        .run(ctx -> {
          DataProduct product = ctx.getBean(DataProduct.class);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (product.output("customers").publications().size() < 2
              && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          assertThat(product.output("customers").publications()).hasSizeGreaterThanOrEqualTo(2);
        });
  }

  @Test
  void disabledProductOrScheduling_doesNotRun() {
    runner.withUserConfiguration(OneProduct.class)
        .withPropertyValues("dataproduct.products.customers.schedule.fixed-delay=10ms",
            "dataproduct.products.customers.enabled=false")
        .run(ctx -> assertThat(ctx.getBean(DataProductScheduler.class).scheduled()).isEmpty());
    runner.withUserConfiguration(OneProduct.class)
        .withPropertyValues("dataproduct.products.customers.schedule.fixed-delay=10ms",
            "dataproduct.scheduling.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(DataProductScheduler.class));
  }

  @Test
  void cronTicksDuringARun_areSkipped_runsNeverOverlap() {
    AtomicInteger inProgress = new AtomicInteger();
    AtomicInteger maxInProgress = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    runner.withBean(DataProduct.class, () -> TestProducts.builder("customers", 1, ctx -> {
          int now = inProgress.incrementAndGet();
          maxInProgress.accumulateAndGet(now, Math::max);
          if (runs.incrementAndGet() == 1) {
            release.await(5, TimeUnit.SECONDS); // the first run spans several cron ticks
          }
          Transforms.identity().apply(ctx);
          inProgress.decrementAndGet();
        }).build())
        .withPropertyValues("dataproduct.products.customers.schedule.cron=* * * * * *")
        .run(ctx -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (runs.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          Thread.sleep(2_300); // two or three ticks come while the first run blocks
          assertThat(runs.get()).isEqualTo(1);
          release.countDown();
          while (runs.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          assertThat(runs.get()).isGreaterThanOrEqualTo(2);
          assertThat(maxInProgress.get()).isEqualTo(1);
        });
  }

  @Test
  void contextClose_waitsForTheRunInProgress_thenClosesTheProduct() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    DataProduct[] bean = new DataProduct[1];
    runner.withBean(DataProduct.class, () -> TestProducts.builder("customers", 2, ctx -> {
          started.countDown();
          Thread.sleep(700);
          Transforms.identity().apply(ctx);
        }).build())
        .withPropertyValues("dataproduct.products.customers.schedule.fixed-delay=1h")
        .run(ctx -> {
          bean[0] = ctx.getBean(DataProduct.class);
          assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }); // the runner closes the context here, while the run sleeps
    assertThat(bean[0].output("customers").publications()).hasSize(1);
    assertThat(isClosed(bean[0])).isTrue();
  }

  private static boolean isClosed(DataProduct product) {
    try {
      product.run();
      return false;
    } catch (IllegalStateException closed) {
      return closed.getMessage().contains("customers");
    }
  }

  @Test
  void scheduleOfAnUnknownProduct_failsTheContextNamingTheKnownOnes() {
    runner.withUserConfiguration(OneProduct.class)
        .withPropertyValues("dataproduct.products.custmers.schedule.fixed-delay=1m")
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dataproduct.products.custmers")
            .hasMessageContaining("[customers]"));
  }

  @Test
  void invalidSchedules_failTheContext() {
    runner.withUserConfiguration(OneProduct.class)
        .withPropertyValues("dataproduct.products.customers.schedule.fixed-delay=1m",
            "dataproduct.products.customers.schedule.cron=0 * * * * *")
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageContaining("both cron and fixed-delay"));
    runner.withUserConfiguration(OneProduct.class)
        .withPropertyValues("dataproduct.products.customers.schedule.cron=every minute")
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageContaining("every minute"));
  }

  @Test
  void twoProductsOfOneName_failTheContext() {
    runner.withUserConfiguration(OneProduct.class)
        .withBean("another", DataProduct.class, () -> TestProducts.customers(1,
            Clock.systemUTC()))
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageContaining("Two data product beans are named 'customers'"));
  }

  @Test
  void failedScheduledRun_isRecordedAndTheSchedulerGoesOn() {
    AtomicInteger runs = new AtomicInteger();
    runner.withBean(DataProduct.class, () -> TestProducts.builder("customers", 1, ctx -> {
          if (runs.incrementAndGet() == 1) {
            throw new IllegalStateException("upstream not ready");
          }
          Transforms.identity().apply(ctx);
        }).build())
        .withPropertyValues("dataproduct.products.customers.schedule.fixed-delay=30ms")
        .run(ctx -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (runs.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          assertThat(runs.get()).isGreaterThanOrEqualTo(2);
          DataProduct product = ctx.getBean(DataProduct.class);
          deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (product.output("customers").publications().isEmpty()
              && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          assertThat(product.output("customers").publications()).isNotEmpty();
        });
  }

  @Test
  void configurationMetadata_isGenerated() throws Exception {
    try (var in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("spring-configuration-metadata.json on the class path").isNotNull();
      String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(json).contains("dataproduct.products", "dataproduct.scheduling.shutdown-timeout",
          "dataproduct.api.base-path", "dataproduct.api.purpose-header");
    }
  }

  @Test
  void scheduleSettings_areValidatedBeforeAnyRun() {
    assertThatThrownBy(() -> new DataProductScheduler(
        java.util.Map.of("customers", TestProducts.customers(1, Clock.systemUTC())),
        withFixedDelay(Duration.ZERO)))
        .hasMessageContaining("fixed-delay must be positive");
  }

  private static DataProductProperties withFixedDelay(Duration delay) {
    DataProductProperties p = new DataProductProperties();
    DataProductProperties.Product product = new DataProductProperties.Product();
    product.getSchedule().setFixedDelay(delay);
    p.getProducts().put("customers", product);
    return p;
  }
}
