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
import java.util.Iterator;
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
  private static final Map<String, String> OPENLINEAGE_FACETS = Map.ofEntries(
      Map.entry("schema", "SchemaDatasetFacet"),
      Map.entry("ownership", "OwnershipJobFacet"),
      Map.entry("documentation", "DocumentationJobFacet"),
      Map.entry("jobType", "JobTypeJobFacet"),
      Map.entry("errorMessage", "ErrorMessageRunFacet"),
      Map.entry("processing_engine", "ProcessingEngineRunFacet"),
      Map.entry("dataQualityMetrics", "DataQualityMetricsDatasetFacet"),
      Map.entry("dataQualityAssertions", "DataQualityAssertionsDatasetFacet"),
      Map.entry("outputStatistics", "OutputStatisticsOutputDatasetFacet"),
      Map.entry("version", "DatasetVersionDatasetFacet"),
      Map.entry("dataSource", "DatasourceDatasetFacet"));

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
    facets(event.path("run").path("facets"), errors);
    facets(event.path("job").path("facets"), errors);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode ds : event.path(side)) {
        facets(ds.path("facets"), errors);
        facets(ds.path("inputFacets"), errors);
        facets(ds.path("outputFacets"), errors);
      }
    }
    return errors;
  }

  private static void facets(JsonNode facets, List<String> errors) {
    Iterator<Map.Entry<String, JsonNode>> it = facets.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      String file = OPENLINEAGE_FACETS.get(f.getKey());
      if (file == null) {
        continue; // custom facets: checked as BaseFacets by OpenLineage.json
      }
      JsonNode wrapper = YAML.createObjectNode().set(f.getKey(), f.getValue());
      for (String m : messages(schema("openlineage/facets/" + file + ".json")
          .validate(wrapper))) {
        errors.add(f.getKey() + ": " + m);
      }
    }
  }

  /** Resolves the OpenLineage $ids (https://openlineage.io/spec/...) to the copied files. */
  private static String openLineageById(String iri) {
    String prefix = "https://openlineage.io/spec/";
    if (!iri.startsWith(prefix)) {
      return null;
    }
    String file = iri.substring(iri.lastIndexOf('/') + 1);
    String resource = file.equals("OpenLineage.json") ? "/specs/openlineage/OpenLineage.json"
        : "/specs/openlineage/facets/" + file;
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
