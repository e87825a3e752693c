package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The actuator endpoint {@code dataproducts}: the application's products with their ports, latest
 * publications and last run ({@code GET /actuator/dataproducts}), and one product with its ODPS
 * descriptor and the ODCS contract of each output port ({@code GET
 * /actuator/dataproducts/{name}}). Metadata only: no data values.
 */
@Endpoint(id = "dataproducts")
public class DataProductsEndpoint {
  private final Map<String, DataProduct> products;
  private final RunHistory history;

  DataProductsEndpoint(Map<String, DataProduct> productsByName, RunHistory history) {
    this.products = Map.copyOf(productsByName);
    this.history = history;
  }

  /** Every product, by name. */
  @ReadOperation
  public Map<String, Object> products() {
    Map<String, Object> all = new LinkedHashMap<>();
    products.keySet().stream().sorted().forEach(n -> all.put(n, summary(products.get(n))));
    return all;
  }

  /** One product with its descriptors; {@code null} (404) when there is none of that name. */
  @ReadOperation
  public Map<String, Object> product(@Selector String name) {
    DataProduct product = products.get(name);
    if (product == null) {
      return null;
    }
    Map<String, Object> view = summary(product);
    view.put("odps", product.descriptor().toYaml());
    Map<String, String> odcs = new LinkedHashMap<>();
    product.outputs().forEach((port, out) -> odcs.put(port, out.contractDocument()));
    view.put("odcs", odcs);
    return view;
  }

  private Map<String, Object> summary(DataProduct product) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", product.name());
    view.put("version", product.version().toString());
    view.put("domain", product.domain());
    product.description().ifPresent(d -> view.put("description", d));
    view.put("inputs", product.inputs().keySet());
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (OutputPort port : product.outputs().values()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("type", port.type());
      p.put("contract", port.contract().id());
      p.put("contractVersion", port.contract().version().toString());
      port.latest().ifPresent(pub -> p.put("latest", publication(pub)));
      outputs.put(port.name(), p);
    }
    view.put("outputs", outputs);
    history.lastRun(product.name()).ifPresent(run -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("runId", run.runId());
      r.put("outcome", run.outcome().name());
      r.put("endedAt", run.endedAt().toString());
      r.put("rowsRead", run.rowsRead());
      r.put("rowsWritten", run.rowsWritten());
      r.put("rowsQuarantined", run.rowsQuarantined());
      view.put("lastRun", r);
    });
    return view;
  }

  static Map<String, Object> publication(Publication pub) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", pub.id());
    p.put("rows", pub.rows());
    p.put("contractVersion", pub.contractVersion());
    p.put("committedAt", pub.committedAt().toString());
    return p;
  }
}
