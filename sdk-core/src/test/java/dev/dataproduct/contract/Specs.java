package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The official ODCS, ODPS and OpenLineage JSON Schemas (copied from the shared specs into the
 * test resources) and a validator for documents against them (networknt json-schema-validator,
 * draft 2019-09 for ODCS/ODPS, 2020-12 for OpenLineage).
 */
public final class Specs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Facet schema file per container and facet name; the SDK's own facets included. */
  private static final Map<String, Map<String, String>> OPENLINEAGE_FACETS = Map.of(
      "run", Map.of(
          "errorMessage", "ErrorMessageRunFacet",
          "processing_engine", "ProcessingEngineRunFacet",
          "nominalTime", "NominalTimeRunFacet",
          "parent", "ParentRunFacet",
          "dataproduct_trace", "DataProductTraceRunFacet"),
      "job", Map.of(
          "ownership", "OwnershipJobFacet",
          "documentation", "DocumentationJobFacet",
          "jobType", "JobTypeJobFacet"),
      "dataset", Map.of(
          "schema", "SchemaDatasetFacet",
          "dataQualityMetrics", "DataQualityMetricsDatasetFacet",
          "dataQualityAssertions", "DataQualityAssertionsDatasetFacet",
          "version", "DatasetVersionDatasetFacet",
          "dataSource", "DatasourceDatasetFacet",
          "ownership", "OwnershipDatasetFacet",
          "documentation", "DocumentationDatasetFacet",
          "dataproduct_port", "DataProductPortDatasetFacet"),
      "input", Map.of(
          "dataQualityMetrics", "DataQualityMetricsInputDatasetFacet",
          "dataQualityAssertions", "DataQualityAssertionsDatasetFacet",
          "dataproduct_rows", "DataProductRowsDatasetFacet"),
      "output", Map.of(
          "outputStatistics", "OutputStatisticsOutputDatasetFacet",
          "dataproduct_rows", "DataProductRowsDatasetFacet"));
  private static final String OWN_FACETS = "https://github.com/dataproduct-sdk/dataproduct-java"
      + "/blob/main/sdk-core/src/main/resources/dev/dataproduct/lineage/facets/";

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2019_09, b -> b.schemas(Specs::openLineageById));

  private Specs() {}

  /** A test resource under {@code specs/}. */
  public static Path path(String relative) {
    URL url = Specs.class.getResource("/specs/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("No test resource specs/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files of a resource directory, sorted. */
  public static List<Path> files(String dir) {
    try (Stream<Path> s = Files.list(path(dir))) {
      return s.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema schema(String relative) {
    return REGISTRY.getSchema(SchemaLocation.of("classpath:specs/" + relative));
  }

  /** Errors of {@code doc} against the official ODCS v3.1.0 schema; empty when valid. */
  public static List<String> odcsErrors(JsonNode doc) {
    return messages(schema("odcs/odcs-json-schema-v3.1.0.json").validate(doc));
  }

  /** Errors of {@code doc} against the official ODPS schema of {@code version} (1.0.0, 1.1.0). */
  public static List<String> odpsErrors(JsonNode doc, String version) {
    return messages(schema("odps/odps-json-schema-v" + version + ".json").validate(doc));
  }

  /**
   * Errors of an OpenLineage event against OpenLineage.json, and of each standard facet it
   * carries against that facet's schema; empty when valid.
   */
  public static List<String> openLineageErrors(JsonNode event) {
    List<String> errors = new ArrayList<>(
        messages(schema("openlineage/OpenLineage.json").validate(event)));
    facets("run", event.path("run").path("facets"), errors);
    facets("job", event.path("job").path("facets"), errors);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode ds : event.path(side)) {
        facets("dataset", ds.path("facets"), errors);
        facets("input", ds.path("inputFacets"), errors);
        facets("output", ds.path("outputFacets"), errors);
      }
    }
    return errors;
  }

  private static void facets(String container, JsonNode facets, List<String> errors) {
    for (Map.Entry<String, JsonNode> f : facets.properties()) {
      String file = OPENLINEAGE_FACETS.get(container).get(f.getKey());
      if (file == null) {
        errors.add(container + " facet '" + f.getKey() + "' has no known schema");
        continue;
      }
      String location = file.startsWith("DataProduct") ? OWN_FACETS + file + ".json"
          : "classpath:specs/openlineage/facets/" + file + ".json";
      JsonNode wrapper = YAML.createObjectNode().set(f.getKey(), f.getValue());
      for (String m : messages(REGISTRY.getSchema(SchemaLocation.of(location))
          .validate(wrapper))) {
        errors.add(container + " facet " + f.getKey() + ": " + m);
      }
    }
  }

  /** Resolves the OpenLineage $ids (https://openlineage.io/spec/...) to the copied files. */
  private static String openLineageById(String iri) {
    String resource;
    if (iri.startsWith(OWN_FACETS)) {
      resource = "/dev/dataproduct/lineage/facets/" + iri.substring(OWN_FACETS.length());
    } else if (iri.startsWith("https://openlineage.io/spec/")) {
      String file = iri.substring(iri.lastIndexOf('/') + 1);
      resource = file.equals("OpenLineage.json") ? "/specs/openlineage/OpenLineage.json"
          : "/specs/openlineage/facets/" + file;
    } else {
      return null;
    }
    try (InputStream in = Specs.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> messages(List<Error> errors) {
    return errors.stream().map(Error::toString).collect(Collectors.toList());
  }
}
