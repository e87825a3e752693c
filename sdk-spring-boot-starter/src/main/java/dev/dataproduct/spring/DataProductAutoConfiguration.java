package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import dev.dataproduct.contract.Glossary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for data products declared as beans.
 *
 * <ul>
 *   <li>Telemetry: products built without {@code .telemetry(...)} report to the application's
 *       {@code OpenTelemetry} and {@code MeterRegistry} beans (so the SDK's meters reach the
 *       actuator's Prometheus endpoint), and every product's runs are recorded in {@link
 *       RunHistory} and logged once with their accounting.
 *   <li>Scheduling: {@code dataproduct.products.<name>.schedule.cron} or {@code .fixed-delay}.
 *   <li>Health: one indicator per product under {@code dataProducts} (actuator on the class path).
 *   <li>The actuator endpoint {@code dataproducts}, and the web endpoint {@code
 *       dataproductpages} serving each product's page and the mesh index (with the application's
 *       {@link Glossary} bean, if any).
 *   <li>The HTTP API port {@code {dataproduct.api.base-path}/{product}/{port}} (Spring MVC web
 *       application), every request a governed consumer read.
 * </ul>
 *
 * <pre>{@code
 * @Bean
 * DataProduct dailyRevenue(DataSource orders, S3Client s3) {
 *   return DataProduct.builder("daily-revenue") ... .build();   // no .telemetry(...) needed
 * }
 * }</pre>
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryAutoConfiguration"})
@ConditionalOnClass(DataProduct.class)
@EnableConfigurationProperties(DataProductProperties.class)
public class DataProductAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RunHistory dataProductRunHistory() {
    return new RunHistory();
  }

  @Bean
  static DataProductBeanPostProcessor dataProductBeanPostProcessor(
      ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<RunHistory> history, ObjectProvider<DataProductProperties> properties) {
    return new DataProductBeanPostProcessor(openTelemetry, meterRegistry, history, properties);
  }

  @Bean
  ProductCatalog dataProductCatalog(ObjectProvider<DataProduct> products) {
    return new ProductCatalog(products.orderedStream().toList());
  }

  @Bean
  @ConditionalOnProperty(prefix = "dataproduct.scheduling", name = "enabled",
      matchIfMissing = true)
  DataProductScheduler dataProductScheduler(ProductCatalog catalog,
      DataProductProperties properties) {
    return new DataProductScheduler(catalog.byName(), properties);
  }

  /** One health indicator per product, as the composite {@code dataProducts}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("dataproducts")
  static class Health {
    @Bean
    @ConditionalOnBean(DataProduct.class)
    @ConditionalOnMissingBean(name = "dataProductsHealthContributor")
    HealthContributor dataProductsHealthContributor(ProductCatalog catalog, RunHistory history) {
      Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
      catalog.byName().forEach((name, product) ->
          indicators.put(name, new DataProductHealthIndicator(product, history)));
      return CompositeHealthContributor.fromMap(indicators);
    }
  }

  /** The actuator endpoint {@code dataproducts}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  @ConditionalOnAvailableEndpoint(endpoint = DataProductsEndpoint.class)
  static class Actuator {
    @Bean
    @ConditionalOnMissingBean
    DataProductsEndpoint dataProductsEndpoint(ProductCatalog catalog, RunHistory history) {
      return new DataProductsEndpoint(catalog.byName(), history);
    }
  }

  /** The actuator web endpoint {@code dataproductpages}: product pages and the mesh index. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  @ConditionalOnAvailableEndpoint(endpoint = DataProductPagesEndpoint.class)
  static class Pages {
    @Bean
    @ConditionalOnMissingBean
    DataProductPagesEndpoint dataProductPagesEndpoint(ProductCatalog catalog,
        ObjectProvider<Glossary> glossary) {
      return new DataProductPagesEndpoint(catalog.byName(),
          Optional.ofNullable(glossary.getIfUnique()));
    }
  }

  /** The HTTP API port. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
  @ConditionalOnProperty(prefix = "dataproduct.api", name = "enabled", matchIfMissing = true)
  static class Api {
    @Bean
    DataProductApiController dataProductApiController(ProductCatalog catalog,
        ConsumerPrincipalResolver principals, DataProductProperties properties) {
      return new DataProductApiController(catalog, principals, properties.getApi());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    ConsumerPrincipalResolver springSecurityConsumerPrincipalResolver(
        DataProductProperties properties) {
      return ConsumerPrincipalResolver.fromSpringSecurity(properties.getApi().getPurposeHeader());
    }

    @Bean
    @ConditionalOnMissingBean
    ConsumerPrincipalResolver servletConsumerPrincipalResolver(DataProductProperties properties) {
      return ConsumerPrincipalResolver.fromServletRequest(properties.getApi().getPurposeHeader());
    }
  }
}
