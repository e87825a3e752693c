package dev.dataproduct.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates OpenLineage events, as a product's {@code OpenLineageEmitter} sends them, against the
 * official {@code OpenLineage.json} and facet schemas (bundled in this jar) and the SDK's own
 * facet schemas (in sdk-core's jar), so that a product's test can show its lineage is what
 * Marquez or any OpenLineage consumer accepts:
 *
 * <pre>{@code
 * InMemoryLineageTransport events = InMemoryLineageTransport.create();
 * try (OpenLineageEmitter lineage = OpenLineageEmitter.builder(events).namespace("sales").build()) {
 *   // ... build the product with .listener(lineage), then run it ...
 * }
 * for (String event : events.events()) {
 *   assertThat(OpenLineageSchemas.errors(event)).isEmpty();
 * }
 * }</pre>
 *
 * <p>A facet without a known schema is an error too, so a new facet cannot slip through
 * unvalidated.
 */
public final class OpenLineageSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Where this jar keeps the official schemas (copied from the OpenLineage spec). */
  private static final String SPECS = "dev/dataproduct/testing/openlineage/";
  private static final String OWN = "https://github.com/dataproduct-sdk/dataproduct-java"
      + "/blob/main/sdk-core/src/main/resources/dev/dataproduct/lineage/facets/";
  private static final Map<String, String> FACETS = Map.ofEntries(
      Map.entry("errorMessage", "ErrorMessageRunFacet"),
      Map.entry("processing_engine", "ProcessingEngineRunFacet"),
      Map.entry("dataproduct_trace", "DataProductTraceRunFacet"),
      Map.entry("ownership", "OwnershipJobFacet"),
      Map.entry("documentation", "DocumentationJobFacet"),
      Map.entry("jobType", "JobTypeJobFacet"),
      Map.entry("schema", "SchemaDatasetFacet"),
      Map.entry("dataQualityMetrics", "DataQualityMetricsDatasetFacet"),
      Map.entry("dataQualityAssertions", "DataQualityAssertionsDatasetFacet"),
      Map.entry("version", "DatasetVersionDatasetFacet"),
      Map.entry("dataproduct_port", "DataProductPortDatasetFacet"),
      Map.entry("outputStatistics", "OutputStatisticsOutputDatasetFacet"),
      Map.entry("dataproduct_rows", "DataProductRowsDatasetFacet"));
  /** Input facets: as the others, but the input flavour of {@code dataQualityMetrics}. */
  private static final Map<String, String> INPUT_FACETS = inputFacets();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2019_09, b -> b.schemas(OpenLineageSchemas::byId));

  private OpenLineageSchemas() {}

  /**
   * What is wrong with {@code event} (one OpenLineage run event as JSON); empty when it is valid.
   *
   * @throws IllegalArgumentException when {@code event} is not JSON
   */
  public static List<String> errors(String event) {
    JsonNode e;
    try {
      e = JSON.readTree(event);
    } catch (IOException ex) {
      throw new IllegalArgumentException("Not a JSON document: " + ex.getClass().getSimpleName(),
          ex);
    }
    List<String> errors = new ArrayList<>(messages(REGISTRY.getSchema(
        SchemaLocation.of("classpath:" + SPECS + "OpenLineage.json")).validate(e)));
    facets(e.path("run").path("facets"), FACETS, errors);
    facets(e.path("job").path("facets"), FACETS, errors);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode ds : e.path(side)) {
        facets(ds.path("facets"), FACETS, errors);
        facets(ds.path("inputFacets"), INPUT_FACETS, errors);
        facets(ds.path("outputFacets"), FACETS, errors);
      }
    }
    return errors;
  }

  private static Map<String, String> inputFacets() {
    Map<String, String> m = new HashMap<>(FACETS);
    m.put("dataQualityMetrics", "DataQualityMetricsInputDatasetFacet");
    return Map.copyOf(m);
  }

  private static void facets(JsonNode facets, Map<String, String> files, List<String> errors) {
    for (Map.Entry<String, JsonNode> f : facets.properties()) {
      String file = files.get(f.getKey());
      if (file == null) {
        errors.add("facet '" + f.getKey() + "' has no known schema");
        continue;
      }
      String location = file.startsWith("DataProduct") ? OWN + file + ".json"
          : "classpath:" + SPECS + "facets/" + file + ".json";
      JsonNode wrapper = JSON.createObjectNode().set(f.getKey(), f.getValue());
      for (String m : messages(REGISTRY.getSchema(SchemaLocation.of(location))
          .validate(wrapper))) {
        errors.add("facet " + f.getKey() + ": " + m);
      }
    }
  }

  private static String byId(String iri) {
    String resource;
    if (iri.startsWith(OWN)) {
      resource = "/dev/dataproduct/lineage/facets/" + iri.substring(OWN.length());
    } else if (iri.startsWith("https://openlineage.io/spec/")) {
      String file = iri.substring(iri.lastIndexOf('/') + 1);
      resource = file.equals("OpenLineage.json") ? "/" + SPECS + "OpenLineage.json"
          : "/" + SPECS + "facets/" + file;
    } else {
      return null;
    }
    try (InputStream in = OpenLineageSchemas.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> messages(List<Error> errors) {
    return errors.stream().map(Error::toString).toList();
  }
}
