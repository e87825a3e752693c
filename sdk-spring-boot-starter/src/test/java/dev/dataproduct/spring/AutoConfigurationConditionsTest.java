package dev.dataproduct.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.contract.Term;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import dev.dataproduct.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;

/** Every condition of the auto-configuration, on and off. */
class AutoConfigurationConditionsTest {
  private final ApplicationContextRunner plain = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataProductAutoConfiguration.class,
          HealthContributorAutoConfiguration.class, EndpointAutoConfiguration.class))
      .withBean(DataProduct.class, () -> TestProducts.customers(2, Clock.systemUTC()));
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataProductAutoConfiguration.class,
          EndpointAutoConfiguration.class))
      .withBean(DataProduct.class, () -> TestProducts.customers(2, Clock.systemUTC()));

  private static HealthIndicator health(ApplicationContext ctx, String product) {
    CompositeHealthContributor all = (CompositeHealthContributor) ctx.getBean(
        "dataProductsHealthContributor", HealthContributor.class);
    return (HealthIndicator) all.getContributor(product);
  }

  @Test
  void health_oneIndicatorPerProduct_disabledByProperty() {
    plain.run(ctx -> assertThat(health(ctx, "customers")).isNotNull());
    plain.withPropertyValues("management.health.dataproducts.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean("dataProductsHealthContributor"));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataProductAutoConfiguration.class,
            HealthContributorAutoConfiguration.class))
        .run(ctx -> assertThat(ctx).doesNotHaveBean("dataProductsHealthContributor"));
  }

  @Test
  void health_unknownBeforeTheFirstPublication_downAfterAFailedRun_upAfterASuccessfulOne() {
    AtomicInteger runs = new AtomicInteger();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataProductAutoConfiguration.class,
            HealthContributorAutoConfiguration.class))
        .withBean(DataProduct.class, () -> TestProducts.builder("customers", 2, ctx -> {
          if (runs.incrementAndGet() == 2) {
            throw new IllegalStateException("upstream not ready");
          }
          Transforms.identity().apply(ctx);
        }).build())
        .run(ctx -> {
          DataProduct product = ctx.getBean(DataProduct.class);
          assertThat(health(ctx, "customers").health().getStatus()).isEqualTo(Status.UNKNOWN);
          product.run().orThrow();
          assertThat(health(ctx, "customers").health().getStatus()).isEqualTo(Status.UP);
          product.run();
          var down = health(ctx, "customers").health();
          assertThat(down.getStatus()).isEqualTo(Status.DOWN);
          // a foreign exception's message may hold data: health shows its class only, as
          // spans, logs and lineage do (DataProductException.describe)
          assertThat(down.getDetails().get("lastRun").toString())
              .contains("FAILED", "java.lang.IllegalStateException")
              .doesNotContain("upstream not ready")
              .doesNotContain(TestProducts.CANARY);
          product.run().orThrow();
          assertThat(health(ctx, "customers").health().getStatus()).isEqualTo(Status.UP);
        });
  }

  @Test
  void health_downWhenTheLatestPublicationIsOlderThanAFrequencyOnlyObjective() {
    TestClock clock = TestClock.at(Instant.parse("2026-11-21T10:00:00Z"));
    DataContract daily = DataContract.builder("customers").version("1.0.0")
        .schema(TestProducts.CUSTOMERS).frequency(Duration.ofDays(1)).build();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataProductAutoConfiguration.class,
            HealthContributorAutoConfiguration.class))
        .withBean(DataProduct.class, () -> DataProduct.builder("daily").version("1.0.0")
            .domain("crm")
            .owner(Owner.business("ana@corp.example"), Owner.technical("crm-data-eng"))
            .input(InMemoryInputPort.generated("customers-in", TestProducts.CUSTOMERS, 2,
                i -> TestProducts.customer(i + 1)))
            .output(OutputPort.builder("customers", InMemoryPublicationStore.create(clock))
                .contract(daily).build())
            .clock(clock)
            .build())
        .run(ctx -> {
          ctx.getBean(DataProduct.class).run().orThrow();
          clock.advance(Duration.ofHours(23));
          assertThat(health(ctx, "daily").health().getStatus()).isEqualTo(Status.UP);
          clock.advance(Duration.ofHours(2));
          var down = health(ctx, "daily").health();
          assertThat(down.getStatus()).isEqualTo(Status.DOWN);
          assertThat(down.getDetails().get("ports").toString())
              .contains("freshnessObjectiveSeconds=86400", "stale=true");
        });
  }

  @Test
  void endpoint_onlyWhenExposed() {
    web.run(ctx -> assertThat(ctx).doesNotHaveBean(DataProductsEndpoint.class));
    web.withPropertyValues("management.endpoints.web.exposure.include=dataproducts")
        .run(ctx -> assertThat(ctx).hasSingleBean(DataProductsEndpoint.class));
  }

  @Test
  void pagesEndpoint_onlyWhenExposed_withTheApplicationsGlossary() {
    web.run(ctx -> assertThat(ctx).doesNotHaveBean(DataProductPagesEndpoint.class));
    web.withPropertyValues("management.endpoints.web.exposure.include=dataproductpages")
        .withBean(Glossary.class, () -> Glossary.of(Term.global("customer_id", FieldType.STRING)
            .withDescription("The CRM's customer number")))
        .run(ctx -> assertThat(ctx.getBean(DataProductPagesEndpoint.class).page("index.html"))
            .contains("customers.html", "The CRM&#39;s customer number"));
  }

  @Test
  void apiPort_inServletWebApplications_unlessDisabled() {
    web.run(ctx -> assertThat(ctx).hasSingleBean(DataProductApiController.class));
    web.withPropertyValues("dataproduct.api.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(DataProductApiController.class));
    plain.run(ctx -> assertThat(ctx).doesNotHaveBean(DataProductApiController.class));
  }

  @Test
  void principals_fromSpringSecurity_orTheServletRequest_orTheApplicationsOwn() {
    web.run(ctx -> assertThat(ctx.getBean(ConsumerPrincipalResolver.class))
        .isInstanceOf(SpringSecurityPrincipals.class));
    web.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run(ctx -> {
      ConsumerPrincipalResolver resolver = ctx.getBean(ConsumerPrincipalResolver.class);
      assertThat(resolver).isNotInstanceOf(SpringSecurityPrincipals.class);
      MockHttpServletRequest request = new MockHttpServletRequest();
      request.setUserPrincipal(() -> "svc-reporting");
      assertThat(resolver.resolve(request).id()).isEqualTo("svc-reporting");
    });
    web.withBean(ConsumerPrincipalResolver.class,
            () -> request -> Principal.of("gateway").withRoles("analyst"))
        .run(ctx -> assertThat(ctx.getBean(ConsumerPrincipalResolver.class)
            .resolve(new MockHttpServletRequest()).id()).isEqualTo("gateway"));
  }

  @Test
  void publicUrl_listsEachOutputPortsApiInTheOdpsDescriptor() {
    web.withPropertyValues("dataproduct.api.public-url=https://crm.corp.example/")
        .run(ctx -> {
          DataProduct product = ctx.getBean(DataProduct.class);
          assertThat(product.managementPorts()).anySatisfy(m -> {
            assertThat(m.name()).isEqualTo("api-customers");
            assertThat(m.url())
                .isEqualTo("https://crm.corp.example/dataproducts/customers/customers");
          });
          assertThat(product.descriptor().toYaml())
              .contains("https://crm.corp.example/dataproducts/customers/customers");
        });
    web.run(ctx -> assertThat(ctx.getBean(DataProduct.class).managementPorts()).isEmpty());
  }

  @Test
  void apiPaths_joinWithOneSlash() {
    assertThat(ApiPaths.join("https://x.example/", "/dataproducts/", "p", "q"))
        .isEqualTo("https://x.example/dataproducts/p/q");
    assertThat(ApiPaths.join("/", "dataproducts", "p")).isEqualTo("/dataproducts/p");
  }
}
