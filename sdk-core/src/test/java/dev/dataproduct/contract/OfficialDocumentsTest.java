package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dataproduct.DescriptorException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official ODCS and ODPS examples and negative tests: every example loads, every negative
 * document the official schema rejects is rejected with a {@link DescriptorException} naming the
 * file and a JSON path.
 */
class OfficialDocumentsTest {

  static Stream<Path> odcsExamples() {
    return Specs.files("odcs/examples").stream();
  }

  static Stream<Path> odcsNegatives() {
    return Specs.files("odcs/negative").stream();
  }

  static Stream<Path> odpsExamples() {
    return Specs.files("odps/examples").stream();
  }

  @ParameterizedTest
  @MethodSource("odcsExamples")
  void officialOdcsExample_isValid_andLoads(Path file) {
    assertThat(Specs.odcsErrors(Specs.yaml(file))).as("official schema on %s", file).isEmpty();

    List<DataContract> contracts = DataContracts.readAll(file);

    JsonNode doc = Specs.yaml(file);
    int objects = Math.max(1, doc.path("schema").size());
    assertThat(contracts).hasSize(objects);
    for (int i = 0; i < doc.path("schema").size(); i++) {
      assertThat(contracts.get(i).schema().size())
          .isEqualTo(doc.path("schema").get(i).path("properties").size());
    }
    assertThat(contracts.get(0).version().toString()).isEqualTo(doc.get("version").asText());
  }

  @ParameterizedTest
  @MethodSource("odcsExamples")
  void officialOdcsExample_writtenBack_isValidOdcs310_andReadsBackEqual(Path file) {
    for (DataContract c : DataContracts.readAll(file)) {
      String yaml = DataContracts.toYaml(c);

      assertThat(Specs.odcsErrors(Specs.yaml(yaml))).as("%s written back", c.id()).isEmpty();
      assertThat(DataContracts.fromYaml(yaml)).isEqualTo(c);
    }
  }

  @ParameterizedTest
  @MethodSource("odpsExamples")
  void officialOdpsExample_writtenBack_isValidOdps110_andReadsBackEqual(Path file) {
    DataProductDescriptor d = DataProductDescriptor.read(file);

    assertThat(Specs.odpsErrors(Specs.yaml(d.toYaml()), "1.1.0")).isEmpty();
    assertThat(DataProductDescriptor.fromYaml(d.toYaml())).isEqualTo(d);
  }

  @ParameterizedTest
  @MethodSource("odcsNegatives")
  void officialOdcsNegative_asWritten_isRejectedNamingFileAndPath(Path file) {
    assertThatThrownBy(() -> DataContracts.readAll(file))
        .isInstanceOf(DescriptorException.class)
        .satisfies(e -> {
          DescriptorException d = (DescriptorException) e;
          assertThat(d.source()).isEqualTo(file.toString());
          assertThat(d.path()).startsWith("$");
          assertThat(d.getMessage()).startsWith(file.toString() + ": $");
        });
  }

  /**
   * The negative tests are written for v3.2.0, which this reader does not accept; rewritten to
   * v3.1.0, each one the official v3.1.0 schema rejects must be rejected for a problem in the
   * document, not its version.
   */
  /** Where each shipped negative document is wrong, once its apiVersion is v3.1.0. */
  private static final Map<String, String> NEGATIVE_PATHS = Map.ofEntries(
      Map.entry("additional-unknown-property", "$.unknownRootField"),
      Map.entry("enum-duplicate-values", "$.schema[0].properties[0].enum"),
      Map.entry("enum-empty", "$.schema[0].properties[0].enum"),
      Map.entry("enum-missing-value", "$.schema[0].properties[0].enum"),
      Map.entry("invalid-api-version", "$.apiVersion"),
      Map.entry("invalid-kind", "$.kind"),
      Map.entry("invalid-quality-dimension", "$.schema[0].properties[0].quality[0].dimension"),
      Map.entry("invalid-quality-metric", "$.schema[0].properties[0].quality[0].metric"),
      Map.entry("invalid-quality-type", "$.schema[0].properties[0].quality[0].type"),
      Map.entry("map-missing-block", "$.schema[0].properties[0].logicalType"),
      Map.entry("map-missing-key", "$.schema[0].properties[0].logicalType"),
      Map.entry("map-missing-value", "$.schema[0].properties[0].logicalType"),
      Map.entry("missing-required-fields", "$.id"),
      Map.entry("quality-custom-missing-implementation",
          "$.schema[0].properties[0].quality[0].implementation"),
      Map.entry("quality-element-field", "$.schema[0].properties[0].quality[0].element"),
      Map.entry("quality-library-missing-metric", "$.schema[0].properties[0].quality[0].metric"),
      Map.entry("quality-multiple-operators", "$.schema[0].properties[0].quality[0]"),
      Map.entry("quality-mustbebetween-wrong-size", "$.schema[0].quality[0].mustBeBetween"),
      Map.entry("quality-sql-missing-query", "$.schema[0].properties[0].quality[0].query"),
      Map.entry("relationship-property-level-with-from",
          "$.schema[0].properties[0].relationships[0].from"),
      Map.entry("relationship-schema-level-missing-from-to", "$.schema[0].relationships[0].from"),
      Map.entry("schema-property-invalid-logicaltype", "$.schema[0].properties[0].logicalType"),
      Map.entry("schema-property-missing-name", "$.schema[0].properties[0].name"),
      Map.entry("server-invalid-type", "$.servers[0].type"),
      Map.entry("server-missing-conditional-fields", "$.servers[0].stagingDir"),
      Map.entry("server-missing-required-fields", "$.servers[0].server"),
      Map.entry("sla-missing-required-value", "$.slaProperties[0].value"),
      Map.entry("synonym-missing-term", "$.schema[0].properties[0].semanticType"));

  @ParameterizedTest
  @MethodSource("odcsNegatives")
  void officialOdcsNegative_asV310_isRejectedAtTheOffendingPath(Path file)
      throws Exception {
    ObjectNode doc = (ObjectNode) Specs.yaml(file);
    if (doc.has("apiVersion") && doc.get("apiVersion").asText().equals("v3.2.0")) {
      doc.put("apiVersion", "v3.1.0");
    }
    List<String> official = Specs.odcsErrors(doc);
    byte[] yaml = Yaml.MAPPER.writeValueAsBytes(doc);

    String name = file.getFileName().toString().replace(".odcs.yaml", "");
    assertThat(NEGATIVE_PATHS).as("expected path of %s", name).containsKey(name);
    assertThat(official).as("the official schema rejects %s", name).isNotEmpty();
    assertThatThrownBy(() -> DataContracts.read(new ByteArrayInputStream(yaml),
        file.getFileName().toString()))
        .as("official errors: %s", official)
        .isInstanceOf(DescriptorException.class)
        .satisfies(e -> {
          DescriptorException d = (DescriptorException) e;
          assertThat(d.source()).isEqualTo(file.getFileName().toString());
          assertThat(d.path()).isEqualTo(NEGATIVE_PATHS.get(name));
        });
  }

  @ParameterizedTest
  @MethodSource("odpsExamples")
  void officialOdpsExample_isValid_andLoads(Path file) throws Exception {
    JsonNode doc = Specs.yaml(file);
    assertThat(Specs.odpsErrors(doc, "1.1.0")).as("official schema on %s", file).isEmpty();

    DataProductDescriptor d = DataProductDescriptor.read(file);

    assertThat(d.id()).isEqualTo(doc.get("id").asText());
    assertThat(d.outputPorts()).hasSize(doc.path("outputPorts").size());
    assertThat(d.inputPorts()).hasSize(doc.path("inputPorts").size());
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(DataProductDescriptor.read(new ByteArrayInputStream(
        text.getBytes(StandardCharsets.UTF_8)), "stream")).isEqualTo(d);
  }
}
