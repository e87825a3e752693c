package dev.dataproduct.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.InputCounts;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputCounts;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Publication;
import dev.dataproduct.RunListener;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.Rule;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Violation;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds OpenLineage 2-0-2 run events for a run of a data product: the job is the product, the
 * inputs its input ports, the outputs its output ports. Only names, types, counts and rule ids
 * are written, never row values.
 */
final class RunEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);
  static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  private static final String FACETS = "https://openlineage.io/spec/facets/";
  private static final String OWN_FACETS = "/blob/main/sdk-core/src/main/resources/"
      + "dev/dataproduct/lineage/facets/";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SDK_VERSION = sdkVersion();

  /**
   * Dataset identities: the one an input port is mapped to, else the one its storage says
   * ({@link InputPort#lineageDataset()}, {@link PublicationStore#lineageDataset()}), else {@code
   * <product>.<port>} in the emitter's namespace.
   */
  record Naming(String namespace, Map<String, LineageDataset> inputs) {
    LineageDataset input(DataProduct product, InputPort port) {
      LineageDataset mapped = inputs.get(port.name());
      if (mapped != null) {
        return mapped;
      }
      return said(port::lineageDataset, port.name())
          .orElseGet(() -> unnamed(product, port.name()));
    }

    LineageDataset output(DataProduct product, OutputPort port) {
      return said(() -> PortStorage.store(port).lineageDataset(), port.name())
          .orElseGet(() -> unnamed(product, port.name()));
    }

    private LineageDataset unnamed(DataProduct product, String port) {
      return LineageDataset.of(namespace, product.name() + "." + port);
    }

    private static Optional<LineageDataset> said(Supplier<Optional<LineageDataset>> storage,
        String port) {
      try {
        return Objects.requireNonNull(storage.get(), "lineageDataset()");
      } catch (RuntimeException e) {
        LOG.debug("The storage of port '{}' could not name its lineage dataset", port, e);
        return Optional.empty();
      }
    }
  }

  private final URI producer;
  private final Naming naming;

  RunEvents(URI producer, Naming naming) {
    this.producer = producer;
    this.naming = naming;
  }

  private static String sdkVersion() {
    String v = RunEvents.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  String start(RunListener.Start start) {
    ObjectNode e = event("START", start.startedAt(), start);
    inputs(e.putArray("inputs"), start.product(), null);
    outputs(e.putArray("outputs"), start.product(), null);
    return write(e);
  }

  String complete(RunListener.Start start, RunResult result) {
    boolean failed = !result.succeeded();
    ObjectNode e = event(failed ? "FAIL" : "COMPLETE", result.endedAt(), start);
    if (failed) {
      Throwable t = result.error().orElse(null);
      ObjectNode err = facet((ObjectNode) e.get("run").get("facets"), "errorMessage",
          "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet");
      err.put("message", message(t));
      err.put("programmingLanguage", "JAVA");
    }
    inputs(e.putArray("inputs"), start.product(), result);
    outputs(e.putArray("outputs"), start.product(), result);
    return write(e);
  }

  /** Only the SDK's own messages are free of classified values (as in span statuses). */
  private static String message(Throwable t) {
    return t == null ? "run failed" : DataProductException.describe(t);
  }

  private ObjectNode event(String type, Instant time, RunListener.Start start) {
    ObjectNode e = F.objectNode();
    e.put("eventType", type);
    e.put("eventTime", time.toString());
    e.put("producer", producer.toString());
    e.put("schemaURL", SCHEMA_URL);
    ObjectNode run = e.putObject("run");
    run.put("runId", start.runId());
    ObjectNode runFacets = run.putObject("facets");
    facet(runFacets, "processing_engine",
        "1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet")
        .put("version", SDK_VERSION).put("name", "dataproduct-sdk-java")
        .put("openlineageAdapterVersion", "2-0-2");
    if (start.traced()) {
      ownFacet(runFacets, "dataproduct_trace", "DataProductTraceRunFacet")
          .put("traceId", start.traceId()).put("spanId", start.spanId())
          .put("traceparent", start.traceparent().orElseThrow());
    }
    DataProduct p = start.product();
    ObjectNode job = e.putObject("job");
    job.put("namespace", naming.namespace());
    job.put("name", p.name());
    ObjectNode jobFacets = job.putObject("facets");
    facet(jobFacets, "jobType", "2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet")
        .put("processingType", "BATCH").put("integration", "DATAPRODUCT_SDK")
        .put("jobType", "DATA_PRODUCT");
    ArrayNode owners = facet(jobFacets, "ownership",
        "1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet").putArray("owners");
    for (Owner o : p.owners()) {
      owners.addObject().put("name", o.id())
          .put("type", o.kind().name().toUpperCase(Locale.ROOT) + "_OWNER");
    }
    p.description().ifPresent(d -> facet(jobFacets, "documentation",
        "1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet")
        .put("description", d).put("contentType", "text/plain"));
    return e;
  }

  private void inputs(ArrayNode out, DataProduct p, RunResult result) {
    for (InputPort in : p.inputs().values()) {
      LineageDataset id = naming.input(p, in);
      ObjectNode ds = out.addObject().put("namespace", id.namespace()).put("name", id.name());
      ObjectNode facets = ds.putObject("facets");
      schema(facets, in.schema());
      port(facets, p, in.name(), in.type(), "input");
      if (result == null) {
        continue;
      }
      InputCounts c = result.inputs().get(in.name());
      if (c == null) {
        continue;
      }
      ObjectNode inputFacets = ds.putObject("inputFacets");
      facet(inputFacets, "dataQualityMetrics", "1-0-3/DataQualityMetricsInputDatasetFacet.json"
          + "#/$defs/DataQualityMetricsInputDatasetFacet")
          .put("rowCount", c.read()).putObject("columnMetrics");
      ObjectNode rows = ownFacet(inputFacets, "dataproduct_rows", "DataProductRowsDatasetFacet")
          .put("read", c.read()).put("delivered", c.delivered())
          .put("quarantined", c.quarantined());
      violations(rows, result, in.name());
      ArrayNode assertions = F.arrayNode();
      for (RowRule r : p.expectations().getOrDefault(in.name(), java.util.List.of())) {
        assertion(assertions, r, count(result, in.name(), r.id()));
      }
      extraViolations(assertions, result, in.name(), ruleIds(p.expectations()
          .getOrDefault(in.name(), java.util.List.of())));
      if (!assertions.isEmpty()) {
        facet(inputFacets, "dataQualityAssertions", "1-1-0/DataQualityAssertionsDatasetFacet.json"
            + "#/$defs/DataQualityAssertionsDatasetFacet").set("assertions", assertions);
      }
    }
  }

  private void outputs(ArrayNode out, DataProduct p, RunResult result) {
    for (OutputPort port : p.outputs().values()) {
      LineageDataset id = naming.output(p, port);
      ObjectNode ds = out.addObject().put("namespace", id.namespace()).put("name", id.name());
      ObjectNode facets = ds.putObject("facets");
      DataContract contract = port.contract();
      schema(facets, contract.schema());
      port(facets, p, port.name(), port.type(), "output");
      if (result == null) {
        continue;
      }
      OutputCounts c = result.outputs().get(port.name());
      Publication pub = result.publications().get(port.name());
      if (pub != null) {
        facet(facets, "version", "1-0-1/DatasetVersionDatasetFacet.json"
            + "#/$defs/DatasetVersionDatasetFacet").put("datasetVersion", Long.toString(pub.id()));
      }
      if (c == null) {
        continue;
      }
      ObjectNode metrics = facet(facets, "dataQualityMetrics",
          "1-0-0/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet")
          .put("rowCount", c.written());
      if (pub != null && pub.bytes() >= 0) {
        metrics.put("bytes", pub.bytes());
      }
      metrics.putObject("columnMetrics");
      ArrayNode assertions = F.arrayNode();
      Set<String> known = new LinkedHashSet<>();
      for (Rule r : contract.rules()) {
        known.add(r.id());
        assertion(assertions, r, count(result, port.name(), r.id()));
      }
      extraViolations(assertions, result, port.name(), known);
      if (!assertions.isEmpty()) {
        facet(facets, "dataQualityAssertions", "1-1-0/DataQualityAssertionsDatasetFacet.json"
            + "#/$defs/DataQualityAssertionsDatasetFacet").set("assertions", assertions);
      }
      ObjectNode outputFacets = ds.putObject("outputFacets");
      ObjectNode stats = facet(outputFacets, "outputStatistics",
          "1-0-2/OutputStatisticsOutputDatasetFacet.json"
              + "#/$defs/OutputStatisticsOutputDatasetFacet").put("rowCount", c.written());
      if (pub != null && pub.bytes() >= 0) {
        stats.put("size", pub.bytes());
      }
      ObjectNode rows = ownFacet(outputFacets, "dataproduct_rows", "DataProductRowsDatasetFacet")
          .put("received", c.received()).put("written", c.written())
          .put("quarantined", c.quarantined()).put("discarded", c.discarded());
      if (pub != null) {
        rows.put("publicationId", pub.id());
      }
      rows.put("contractId", contract.id()).put("contractVersion",
          contract.version().toString());
      violations(rows, result, port.name());
    }
  }

  private static Set<String> ruleIds(java.util.List<RowRule> rules) {
    Set<String> ids = new LinkedHashSet<>();
    rules.forEach(r -> ids.add(r.id()));
    return ids;
  }

  private static long count(RunResult result, String port, String ruleId) {
    return result.violations().stream()
        .filter(v -> v.port().equals(port) && v.ruleId().equals(ruleId))
        .mapToLong(Violation::count).sum();
  }

  private static void violations(ObjectNode rows, RunResult result, String port) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (Violation v : result.violations()) {
      if (v.port().equals(port)) {
        byRule.merge(v.ruleId(), v.count(), Long::sum);
      }
    }
    if (!byRule.isEmpty()) {
      ObjectNode n = rows.putObject("violations");
      byRule.forEach(n::put);
    }
  }

  /** Violated rules the contract does not list: schema conformance, implied uniqueness. */
  private static void extraViolations(ArrayNode assertions, RunResult result, String port,
      Set<String> known) {
    Map<String, Long> extra = new LinkedHashMap<>();
    for (Violation v : result.violations()) {
      if (v.port().equals(port) && !known.contains(v.ruleId())) {
        extra.merge(v.ruleId(), v.count(), Long::sum);
      }
    }
    extra.forEach((id, n) -> assertions.addObject().put("assertion", id).put("name", id)
        .put("success", false).put("actual", Long.toString(n)));
  }

  private static void assertion(ArrayNode assertions, Rule r, long violations) {
    ObjectNode a = assertions.addObject();
    String kind;
    String column = null;
    if (r instanceof RowRule) {
      RowRule rr = (RowRule) r;
      kind = rr.kind().name().toLowerCase(Locale.ROOT);
      column = rr.field().orElse(null);
    } else {
      kind = ((DatasetRule) r).kind().name().toLowerCase(Locale.ROOT);
    }
    a.put("assertion", kind);
    a.put("name", r.id());
    a.put("success", violations == 0);
    if (column != null) {
      a.put("column", column);
    }
    a.put("severity", r.severity().name().toLowerCase(Locale.ROOT));
    a.put("actual", Long.toString(violations));
    r.description().ifPresent(d -> a.put("description", d));
  }

  /** Which port of which product the dataset is: the identity the dataset name no longer has. */
  private void port(ObjectNode facets, DataProduct p, String port, String type, String role) {
    ownFacet(facets, "dataproduct_port", "DataProductPortDatasetFacet")
        .put("namespace", naming.namespace()).put("product", p.name()).put("port", port)
        .put("portType", type).put("direction", role);
  }

  private void schema(ObjectNode facets, Schema schema) {
    ArrayNode fields = facet(facets, "schema",
        "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet").putArray("fields");
    int i = 1;
    for (Field f : schema.fields()) {
      ObjectNode n = fields.addObject().put("name", f.name())
          .put("type", f.type().logicalTypeName());
      f.description().ifPresent(d -> n.put("description", d));
      n.put("ordinal_position", i++);
    }
  }

  private ObjectNode facet(ObjectNode facets, String name, String schema) {
    ObjectNode f = facets.putObject(name);
    f.put("_producer", producer.toString());
    f.put("_schemaURL", FACETS + schema);
    return f;
  }

  private ObjectNode ownFacet(ObjectNode facets, String name, String schema) {
    ObjectNode f = facets.putObject(name);
    f.put("_producer", producer.toString());
    f.put("_schemaURL", OpenLineageEmitter.DEFAULT_PRODUCER + OWN_FACETS + schema + ".json#/$defs/"
        + schema);
    return f;
  }

  private static String write(ObjectNode e) {
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
