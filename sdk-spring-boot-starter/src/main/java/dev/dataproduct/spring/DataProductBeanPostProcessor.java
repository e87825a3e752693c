package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import dev.dataproduct.contract.ManagementPort;
import dev.dataproduct.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wires every {@link DataProduct} bean into the application: a product built without {@code
 * .telemetry(...)} reports to the application's {@link OpenTelemetry} and {@link MeterRegistry}
 * beans, every product tells {@link RunHistory} about its runs, and, when {@code
 * dataproduct.api.public-url} is set, its ODPS descriptor lists each output port's HTTP endpoint
 * as a management port. The bean is replaced by the
 * same product with these settings ({@link DataProduct#toBuilder()}); its ports are shared, and the
 * context closes the replacement, which closes them.
 */
final class DataProductBeanPostProcessor implements BeanPostProcessor {
  private final ObjectProvider<OpenTelemetry> openTelemetry;
  private final ObjectProvider<MeterRegistry> meterRegistry;
  private final ObjectProvider<RunHistory> history;
  private final ObjectProvider<DataProductProperties> properties;

  DataProductBeanPostProcessor(ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<RunHistory> history,
      ObjectProvider<DataProductProperties> properties) {
    this.openTelemetry = openTelemetry;
    this.meterRegistry = meterRegistry;
    this.history = history;
    this.properties = properties;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataProduct product)) {
      return bean;
    }
    DataProduct.Builder b = product.toBuilder();
    if (product.telemetry() == Telemetry.global()) {
      Telemetry app = applicationTelemetry();
      if (app != null) {
        b.telemetry(app);
      }
    }
    RunHistory runs = history.getIfAvailable();
    if (runs != null && !product.listeners().contains(runs)) {
      b.listener(runs);
    }
    DataProductProperties settings = properties.getIfAvailable();
    if (settings != null && settings.getApi().isEnabled()
        && settings.getApi().getPublicUrl() != null) {
      String base = ApiPaths.join(settings.getApi().getPublicUrl(),
          settings.getApi().getBasePath(), product.name());
      for (String port : product.outputs().keySet()) {
        String name = "api-" + port;
        if (product.managementPorts().stream().noneMatch(m -> m.name().equals(name))) {
          b.managementPort(new ManagementPort(name, "data", "rest", base + "/" + port,
              "Output port '" + port + "' over HTTP (JSON Lines or CSV, governed by the"
                  + " product's access policies); OpenAPI at " + base + "/" + port
                  + "/openapi.json"));
        }
      }
    }
    return b.build();
  }

  /** The application's instances; null when it has neither (the global fallback stays). */
  private Telemetry applicationTelemetry() {
    OpenTelemetry otel = openTelemetry.getIfUnique();
    MeterRegistry registry = meterRegistry.getIfUnique();
    if (otel == null && registry == null) {
      return null;
    }
    return Telemetry.of(otel != null ? otel : GlobalOpenTelemetry.get(),
        registry != null ? registry : io.micrometer.core.instrument.Metrics.globalRegistry);
  }
}
