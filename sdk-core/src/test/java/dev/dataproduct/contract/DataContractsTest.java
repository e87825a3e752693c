package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dataproduct.Classification;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.DatasetStats;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.policy.Severity;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataContractsTest {
  static final Predicate<Row> SHIPPED_AFTER_ORDERED = r -> true;
  static final Predicate<DatasetStats> FEW_REJECTS = s -> s.quarantineRatio() < 0.01;

  /** A contract using every field attribute, rule kind and service level. */
  static DataContract rich() {
    Schema schema = Schema.of(
        Field.required("order_id", FieldType.INTEGER).asPrimaryKey()
            .withDescription("Order number"),
        Field.required("line", FieldType.INTEGER).asPrimaryKey().asUnique(),
        Field.optional("customer_email", FieldType.STRING).withMaxLength(320)
            .withClassification(Classification.PII).asUnique(),
        Field.required("customer_id", FieldType.STRING).withTerm("customer_id"),
        Field.required("country", FieldType.STRING).withMaxLength(2)
            .withClassification(Classification.PUBLIC),
        Field.required("currency", FieldType.STRING),
        Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
        Field.optional("ratio", FieldType.NUMBER),
        Field.optional("quantity", FieldType.INTEGER),
        Field.required("ordered_on", FieldType.DATE),
        Field.required("ordered_at", FieldType.TIMESTAMP),
        Field.optional("shipped_at", FieldType.TIMESTAMP),
        Field.optional("express", FieldType.BOOLEAN),
        Field.optional("attributes", FieldType.OBJECT),
        Field.optional("tags", FieldType.ARRAY)
            .withClassification(Classification.CONFIDENTIAL));
    return DataContract.builder("orders")
        .version("2.3.1-rc.1")
        .description("Confirmed orders, one row per order line")
        .schema(schema)
        .rule(Rules.notNull("customer_email").action(Action.WARN).severity(Severity.WARNING))
        .rule(Rules.unique("customer_id").description("one row per customer"))
        .rule(Rules.allowedValues("currency", "EUR", "USD", "GBP"))
        .rule(Rules.allowedValues("quantity", 1, 2, 3).id("quantity-small"))
        .rule(Rules.allowedValues("express", true))
        .rule(Rules.pattern("country", "[A-Z]{2}").action(Action.FAIL))
        .rule(Rules.range("amount", BigDecimal.ZERO, new BigDecimal("100000.00")))
        .rule(Rules.range("ratio", 0.0, 1.5).id("ratio-range"))
        .rule(Rules.range("quantity", 1, null).id("quantity-positive"))
        .rule(Rules.range("line", null, 999L).id("line-max"))
        .rule(Rules.range("ordered_on", LocalDate.of(2020, 1, 1), LocalDate.of(2030, 12, 31)))
        .rule(Rules.range("ordered_at", Instant.parse("2020-01-01T00:00:00Z"), null))
        .rule(Rules.length("currency", 3, 3))
        .rule(Rules.maxLength("customer_id", 12).id("customer-id-length"))
        .rule(Rules.notInFuture("ordered_at"))
        .rule(Rules.custom("shipped-after-ordered", "shipped_at", SHIPPED_AFTER_ORDERED)
            .description("shipping follows ordering"))
        .rule(Rules.custom("whole-row-check", SHIPPED_AFTER_ORDERED).action(Action.WARN))
        .rule(Rules.rowCount(1, 1_000_000))
        .rule(Rules.rowCount(0L, 0L).id("empty").action(Action.WARN))
        .rule(Rules.rowCount(10L, null).id("at-least-ten").action(Action.WARN))
        .rule(Rules.rowCount(null, 5_000_000L).id("at-most").action(Action.WARN))
        .rule(Rules.dataset("few-rejects", FEW_REJECTS, "less than 1% quarantined"))
        .freshness(Duration.ofHours(26))
        .frequency(Duration.ofDays(1))
        .retention(Duration.ofDays(400))
        .customProperty("costCenter", "CC-42")
        .customProperty("replicas", 3)
        .customProperty("nested", Map.of("a", List.of("x", "y")))
        .build();
  }

  static DataContracts.Reader bound() {
    return DataContracts.reader()
        .bind("shipped-after-ordered", SHIPPED_AFTER_ORDERED)
        .bind("whole-row-check", SHIPPED_AFTER_ORDERED)
        .bindDataset("few-rejects", FEW_REJECTS);
  }

  @Test
  void toYaml_richContract_validatesAgainstOfficialOdcsSchema() {
    String yaml = DataContracts.toYaml(rich());

    assertThat(Specs.odcsErrors(Specs.yaml(yaml))).isEmpty();
    assertThat(yaml).startsWith("apiVersion: v3.1.0");
  }

  @Test
  void roundTrip_richContractWithBoundPredicates_isEqual() {
    DataContract original = rich();

    DataContract read = bound().fromYaml(DataContracts.toYaml(original), "test");

    assertThat(read.schema()).isEqualTo(original.schema());
    assertThat(read.rowRules()).containsExactlyElementsOf(original.rowRules());
    assertThat(read.datasetRules()).containsExactlyElementsOf(original.datasetRules());
    assertThat(read).isEqualTo(original);
    assertThat(DataContracts.toYaml(read)).isEqualTo(DataContracts.toYaml(original));
  }

  @Test
  void roundTrip_keepsJavaTypesOfRuleValues() {
    DataContract read = bound().fromYaml(DataContracts.toYaml(rich()), "test");

    RowRule quantity = rule(read, "quantity-small");
    assertThat(quantity.allowedValues()).containsExactlyInAnyOrder(1, 2, 3)
        .allSatisfy(v -> assertThat(v).isInstanceOf(Integer.class));
    assertThat(rule(read, "line-max").max()).isEqualTo(999L);
    assertThat(rule(read, "ratio-range").max()).isEqualTo(1.5);
    assertThat(rule(read, "amount-range").max()).isEqualTo(new BigDecimal("100000.00"));
    assertThat(rule(read, "ordered_on-range").min()).isEqualTo(LocalDate.of(2020, 1, 1));
    assertThat(rule(read, "ordered_at-range").min())
        .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
  }

  private static RowRule rule(DataContract c, String id) {
    return c.rowRules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void roundTrip_minimalContract_isEqual() {
    DataContract minimal = DataContract.builder("m").schema(Schema.of(
        Field.optional("x", FieldType.STRING))).build();

    assertThat(DataContracts.fromYaml(DataContracts.toYaml(minimal))).isEqualTo(minimal);
  }

  @Test
  void toYaml_mapsRulesToOdcsLibraryMetricsAndCustomChecks() {
    JsonNode doc = Specs.yaml(DataContracts.toYaml(rich()));
    JsonNode object = doc.get("schema").get(0);
    JsonNode props = object.get("properties");

    JsonNode email = props.get(2).get("quality").get(0);
    assertThat(email.get("metric").asText()).isEqualTo("nullValues");
    assertThat(email.get("mustBe").asInt()).isZero();
    assertThat(email.get("severity").asText()).isEqualTo("warning");
    JsonNode customerId = props.get(3);
    assertThat(customerId.get("quality").get(0).get("metric").asText())
        .isEqualTo("duplicateValues");
    assertThat(customerId.get("authoritativeDefinitions").get(0).get("url").asText())
        .isEqualTo("urn:dataproduct:glossary:customer_id");
    JsonNode currency = props.get(5).get("quality");
    assertThat(currency.get(0).get("metric").asText()).isEqualTo("invalidValues");
    assertThat(currency.get(0).get("arguments").get("validValues").toString())
        .isEqualTo("[\"EUR\",\"GBP\",\"USD\"]");
    JsonNode country = props.get(4);
    assertThat(country.get("logicalTypeOptions").get("maxLength").asInt()).isEqualTo(2);
    assertThat(country.get("quality").get(0).get("arguments").get("pattern").asText())
        .isEqualTo("[A-Z]{2}");
    assertThat(country.get("quality").get(0).get("customProperties").get(0).get("value")
        .get("action").asText()).isEqualTo("fail");
    JsonNode amount = props.get(6).get("quality").get(0);
    assertThat(amount.get("type").asText()).isEqualTo("custom");
    assertThat(amount.get("engine").asText()).isEqualTo("dataproduct-sdk");
    assertThat(amount.get("implementation").asText()).isEqualTo("amount between 0 and 100000.00");
    assertThat(props.get(0).get("primaryKey").asBoolean()).isTrue();
    assertThat(props.get(0).get("primaryKeyPosition").asInt()).isEqualTo(1);
    assertThat(props.get(1).get("primaryKeyPosition").asInt()).isEqualTo(2);
    assertThat(props.get(2).get("classification").asText()).isEqualTo("pii");

    JsonNode objectQuality = object.get("quality");
    assertThat(objectQuality.get(0).get("name").asText()).isEqualTo("whole-row-check");
    JsonNode rowCount = objectQuality.get(1);
    assertThat(rowCount.get("metric").asText()).isEqualTo("rowCount");
    assertThat(rowCount.get("mustBeBetween").toString()).isEqualTo("[1,1000000]");
    assertThat(objectQuality.get(2).get("mustBe").asInt()).isZero();
    assertThat(objectQuality.get(3).get("mustBeGreaterOrEqualTo").asInt()).isEqualTo(10);
    assertThat(objectQuality.get(4).get("mustBeLessOrEqualTo").asInt()).isEqualTo(5_000_000);
    assertThat(objectQuality.get(5).get("type").asText()).isEqualTo("custom");

    JsonNode sla = doc.get("slaProperties");
    assertThat(sla.get(0).get("property").asText()).isEqualTo("latency");
    assertThat(sla.get(0).get("value").asInt()).isEqualTo(26);
    assertThat(sla.get(0).get("unit").asText()).isEqualTo("h");
    assertThat(sla.get(1).get("property").asText()).isEqualTo("frequency");
    assertThat(sla.get(1).get("value").asInt()).isEqualTo(1);
    assertThat(sla.get(1).get("unit").asText()).isEqualTo("d");
    assertThat(sla.get(2).get("property").asText()).isEqualTo("retention");
    assertThat(sla.get(2).get("value").asInt()).isEqualTo(400);
    assertThat(sla.get(2).get("unit").asText()).isEqualTo("d");
  }

  @Test
  void read_customRuleWithoutBinding_keepsRuleWithFailingPlaceholder() {
    DataContract read = DataContracts.fromYaml(DataContracts.toYaml(rich()));

    assertThat(DataContracts.unboundRules(read))
        .containsExactly("shipped-after-ordered", "whole-row-check", "few-rejects");
    RowRule custom = rule(read, "shipped-after-ordered");
    assertThat(custom.field()).contains("shipped_at");
    assertThat(custom.description()).contains("shipping follows ordering");
    assertThatThrownBy(() -> custom.predicate().test(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shipped-after-ordered")
        .hasMessageContaining("DataContracts.reader().bind(");
    DatasetRule dataset = read.datasetRules().stream()
        .filter(r -> r.id().equals("few-rejects")).findFirst().orElseThrow();
    assertThatThrownBy(() -> dataset.evaluate(new DatasetStats("p", 1, 0, Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bindDataset(\"few-rejects\"");
  }

  @Test
  void read_customRuleWithBinding_usesThePredicate() {
    DataContract read = bound().fromYaml(DataContracts.toYaml(rich()), "t");

    assertThat(DataContracts.unboundRules(read)).isEmpty();
    assertThat(rule(read, "shipped-after-ordered").predicate()).isSameAs(SHIPPED_AFTER_ORDERED);
  }

  @Test
  void contractDocument_ofPort_addsServerRolesAndPoliciesAndValidates() {
    OutputPort port = OutputPort.builder("orders-lake", TestStores.described("s3", Map.of(
            "type", "s3", "location", "s3://lake/sales/orders", "format", "json")))
        .contract(rich())
        .onNonConforming(Action.FAIL)
        .accessPolicy(AccessPolicy.allow("analyst").forPurposes("reporting")
            .mask("customer_email", Masking.hash()).mask("customer_id", Masking.partial(4))
            .filterRowsByAttribute("country", "country"))
        .accessPolicy(AccessPolicy.allow("finance").unmask("customer_email"))
        .accessPolicy(AccessPolicy.deny("contractor"))
        .build();

    String yaml = port.contractDocument();

    JsonNode doc = Specs.yaml(yaml);
    assertThat(Specs.odcsErrors(doc)).isEmpty();
    JsonNode server = doc.get("servers").get(0);
    assertThat(server.get("server").asText()).isEqualTo("orders-lake");
    assertThat(server.get("type").asText()).isEqualTo("s3");
    assertThat(server.get("location").asText()).isEqualTo("s3://lake/sales/orders");
    assertThat(doc.get("roles").findValuesAsText("role"))
        .containsExactly("analyst", "finance", "contractor");
    assertThat(doc.get("roles").get(2).get("access").asText()).isEqualTo("none");
    String customText = doc.get("customProperties").toString();
    assertThat(customText).contains("{\"property\":\"dataproduct.onNonConforming\","
        + "\"value\":\"fail\"}");
    assertThat(customText).contains("\"kind\":\"hash\"")
        .contains("\"kind\":\"partial\",\"visibleSuffix\":4")
        .contains("\"field\":\"country\",\"principalAttribute\":\"country\"")
        .contains("\"purposes\":[\"reporting\"]")
        .contains("\"unmasked\":[\"customer_email\"]");

    // the port's own properties do not leak into the contract read back
    assertThat(bound().fromYaml(yaml, "port").customProperties())
        .isEqualTo(rich().customProperties());
  }

  @Test
  void contractDocument_ofPort_writesTheStoresPhysicalNamesAndTypes_andReadsThemBack() {
    Map<String, String> types = new java.util.LinkedHashMap<>();
    rich().schema().fields().forEach(f -> types.put(f.name(), f.type() == FieldType.NUMBER
        ? "numeric(12,2)" : "text"));
    PhysicalSchema table = PhysicalSchema.of("daily_revenue", "table", types);
    OutputPort port = OutputPort.builder("daily-revenue", TestStores.physical("jdbc",
            Map.of("type", "postgres", "host", "db", "port", 5432, "database", "sales",
                "schema", "public"), s -> Optional.of(table)))
        .contract(rich()).build();

    String yaml = port.contractDocument();

    JsonNode doc = Specs.yaml(yaml);
    assertThat(Specs.odcsErrors(doc)).isEmpty();
    JsonNode object = doc.get("schema").get(0);
    assertThat(object.get("name").asText()).isEqualTo("orders");
    assertThat(object.get("physicalName").asText()).isEqualTo("daily_revenue");
    assertThat(object.get("physicalType").asText()).isEqualTo("table");
    assertThat(object.get("properties").findValuesAsText("physicalType"))
        .hasSize(rich().schema().fields().size()).contains("numeric(12,2)", "text");
    DataContract read = bound().fromYaml(yaml, "port");
    assertThat(read.physical()).contains(table);
    assertThat(read.toBuilder().build()).isEqualTo(read);
    // written again without the port, the contract keeps what it read
    assertThat(bound().fromYaml(DataContracts.toYaml(read), "again")).isEqualTo(read);
  }

  @Test
  void contractDocument_ofPortWhoseStoreSaysNothingOrFails_writesTheContractsOwnOrNone() {
    PhysicalSchema own = PhysicalSchema.of("orders_v2", null, Map.of("amount", "decimal(12,2)"));
    DataContract withOwn = rich().toBuilder().physical(own).build();
    OutputPort silent = OutputPort.builder("a", TestStores.physical("custom", Map.of(),
        s -> Optional.empty())).contract(withOwn).build();
    OutputPort failing = OutputPort.builder("b", TestStores.physical("custom", Map.of(), s -> {
      throw new IllegalStateException("no connection");
    })).contract(rich()).build();

    JsonNode a = Specs.yaml(silent.contractDocument()).get("schema").get(0);
    JsonNode b = Specs.yaml(failing.contractDocument()).get("schema").get(0);

    assertThat(a.get("physicalName").asText()).isEqualTo("orders_v2");
    assertThat(a.has("physicalType")).isFalse();
    assertThat(a.get("properties").findValuesAsText("physicalType"))
        .containsExactly("decimal(12,2)");
    assertThat(b.has("physicalName")).isFalse();
    assertThat(b.get("properties").findValuesAsText("physicalType")).isEmpty();
    assertThat(bound().fromYaml(DataContracts.toYaml(rich()), "t").physical()).isEmpty();
  }

  @Test
  void physical_ofAFieldTheSchemaLacks_isRefusedNamingIt() {
    assertThatThrownBy(() -> rich().toBuilder()
        .physical(PhysicalSchema.of("t", "table", Map.of("amont", "numeric"))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'amont'").hasMessageContaining("amount");
    assertThatThrownBy(() -> PhysicalSchema.of(null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PhysicalSchema.of(" ", "table", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("physical name");
  }

  @Test
  void read_fileAndStream_giveTheSameContract(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("orders.odcs.yaml");
    Files.writeString(file, DataContracts.toYaml(rich()));

    DataContract fromFile = bound().read(file);
    DataContract fromStream = bound().read(new ByteArrayInputStream(
        Files.readAllBytes(file)), "stream");

    assertThat(fromFile).isEqualTo(rich()).isEqualTo(fromStream);
  }

  // ------------------------------------------------------------------------------------------
  // foreign documents

  private static DataContract read(String yaml) {
    return DataContracts.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "test.yaml");
  }

  private static final String HEADER = "apiVersion: v3.0.2\nkind: DataContract\nid: c1\n"
      + "version: 1.0.0\nstatus: active\n";

  @Test
  void read_foreignLogicalTypeOptions_becomeRulesAndMaxLength() {
    DataContract c = read(HEADER + String.join("\n",
        "schema:",
        "  - name: t",
        "    properties:",
        "      - name: code",
        "        logicalType: string",
        "        logicalTypeOptions: {minLength: 3, maxLength: 11, pattern: 'ACC[0-9]{8}'}",
        "      - name: age",
        "        logicalType: integer",
        "        logicalTypeOptions: {minimum: 18, exclusiveMaximum: 100}",
        "      - name: day",
        "        logicalType: date",
        "        logicalTypeOptions: {exclusiveMinimum: '2020-01-01', maximum: '2021-01-01'}",
        "      - name: at",
        "        logicalType: timestamp",
        "        logicalTypeOptions: {minimum: '2020-01-01 00:00:00+10:00'}",
        "      - name: amount",
        "        logicalType: number",
        "        physicalType: decimal(10,2)",
        "        logicalTypeOptions: {minimum: 0, exclusiveMaximum: 1000}",
        "      - name: opens",
        "        logicalType: time",
        ""));

    assertThat(c.field("code").maxLength()).hasValue(11);
    assertThat(c.field("amount").precision()).hasValue(10);
    assertThat(c.field("amount").scale()).hasValue(2);
    assertThat(c.field("opens").type()).isEqualTo(FieldType.STRING);
    assertThat(rule(c, "code-min-length").min()).isEqualTo(3);
    assertThat(rule(c, "code-pattern").pattern()).isEqualTo("ACC[0-9]{8}");
    assertThat(rule(c, "age-range").min()).isEqualTo(18L);
    assertThat(rule(c, "age-range").max()).isEqualTo(99L);
    assertThat(rule(c, "day-range").min()).isEqualTo(LocalDate.of(2020, 1, 2));
    assertThat(rule(c, "day-range").max()).isEqualTo(LocalDate.of(2021, 1, 1));
    assertThat(rule(c, "at-range").min()).isEqualTo(Instant.parse("2019-12-31T14:00:00Z"));
    assertThat(rule(c, "amount-range").min()).isEqualTo(BigDecimal.ZERO);
    assertThat(rule(c, "amount-range").max()).isNull();
    assertThat(c.customProperties().get("dataproduct.unenforcedQuality").toString())
        .contains("exclusiveMaximum 1000");
  }

  @Test
  void read_foreignQualityChecks_enforceableBecomeRules_restAreKeptUnenforced() {
    DataContract c = read(HEADER + String.join("\n",
        "schema:",
        "  - name: t",
        "    properties:",
        "      - name: id",
        "        logicalType: integer",
        "        quality:",
        "          - {metric: nullValues, mustBe: 0, name: id not null}",
        "          - {type: library, metric: duplicateValues, mustBeLessThan: 1, id: id_unique}",
        "          - {metric: nullValues, mustBeLessOrEqualTo: 5, unit: percent}",
        "      - name: status",
        "        logicalType: string",
        "        quality:",
        "          - {metric: invalidValues, mustBe: 0, arguments: {validValues: [new, done]}}",
        "          - {type: sql, query: 'select 1', mustBe: 0}",
        "          - {type: custom, engine: soda, implementation: 'x'}",
        "    quality:",
        "      - {metric: rowCount, mustBeGreaterThan: 100}",
        "      - {type: text, description: 'looks right'}",
        ""));

    assertThat(c.rowRules()).extracting(RowRule::id)
        .containsExactly("id-not-null", "id_unique", "status-allowed-values");
    assertThat(rule(c, "status-allowed-values").allowedValues())
        .containsExactlyInAnyOrder("new", "done");
    assertThat(c.datasetRules()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(DatasetRule.Kind.ROW_COUNT);
      assertThat(r.min()).isEqualTo(101L);
      assertThat(r.max()).isNull();
    });
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> unenforced =
        (List<Map<String, Object>>) c.customProperties().get("dataproduct.unenforcedQuality");
    assertThat(unenforced).extracting(m -> m.get("path")).containsExactly(
        "$.schema[0].properties[0].quality[2]", "$.schema[0].properties[1].quality[1]",
        "$.schema[0].properties[1].quality[2]", "$.schema[0].quality[1]");
  }

  @Test
  void read_termAuthoritativeDefinition_bindsTheFieldToTheTerm() {
    DataContract c = read(HEADER + String.join("\n",
        "schema:",
        "  - name: t",
        "    properties:",
        "      - name: customer",
        "        logicalType: string",
        "        authoritativeDefinitions:",
        "          - {type: businessDefinition, url: 'urn:dataproduct:glossary:customer_id'}",
        ""));

    assertThat(c.field("customer").term()).contains("customer_id");
  }

  @Test
  void read_documentWithSeveralObjects_needsAnObjectOrReadAll(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, HEADER + String.join("\n",
        "schema:",
        "  - name: a",
        "    properties: [{name: x, logicalType: string}]",
        "  - name: b",
        "    properties: [{name: y, logicalType: integer}]",
        ""));

    assertThatThrownBy(() -> DataContracts.read(file))
        .isInstanceOf(DescriptorException.class)
        .hasMessageContaining("$.schema: the document declares 2 schema objects [a, b]");
    assertThat(DataContracts.readAll(file)).extracting(DataContract::id)
        .containsExactly("c1/a", "c1/b");
    assertThat(DataContracts.reader().object("b").read(file).schema().fieldNames())
        .containsExactly("y");
    assertThatThrownBy(() -> DataContracts.reader().object("z").read(file))
        .isInstanceOf(DescriptorException.class)
        .hasMessageContaining("no schema object named 'z'; objects are [a, b]");
  }

  @Test
  void read_slaDurations_acceptUnitsAndIsoForm() {
    DataContract c = read(HEADER + String.join("\n",
        "schema: []",
        "slaProperties:",
        "  - {property: latency, value: 4, unit: days}",
        "  - {property: frequency, value: 12, unit: h, scheduler: cron, schedule: '0 */12 * * *'}",
        "  - {property: retention, value: P3Y}",
        "").replace("P3Y", "P1095D"));

    assertThat(c.freshness()).contains(Duration.ofDays(4));
    assertThat(c.frequency()).contains(Duration.ofHours(12));
    assertThat(c.freshnessObjective()).contains(Duration.ofDays(4));
    assertThat(c.retention()).contains(Duration.ofDays(1095));
    assertThat(c.schema().size()).isZero();
  }

  @Test
  void read_frequencyAlone_isTheFreshnessObjective() {
    DataContract c = read(HEADER + String.join("\n",
        "schema: []",
        "slaProperties:",
        "  - {property: frequency, value: 1, unit: d}",
        ""));

    assertThat(c.freshness()).isEmpty();
    assertThat(c.frequency()).contains(Duration.ofDays(1));
    assertThat(c.freshnessObjective()).contains(Duration.ofDays(1));
    assertThat(failure(HEADER + "slaProperties:\n  - {property: frequency, value: 1, unit: d}\n"
        + "  - {property: frequency, value: 2, unit: d}\n").getMessage())
        .contains("frequency is declared twice");
  }

  // ------------------------------------------------------------------------------------------
  // broken documents

  private static DescriptorException failure(String yaml) {
    try {
      read(yaml);
    } catch (DescriptorException e) {
      return e;
    }
    throw new AssertionError("expected a DescriptorException for:\n" + yaml);
  }

  @Test
  void read_tabIndentation_failsNamingLineAndTabs() {
    DescriptorException e = failure(HEADER + "schema:\n\t- name: t\n");

    assertThat(e.source()).isEqualTo("test.yaml");
    assertThat(e.getMessage()).isEqualTo("test.yaml: $: line 7, column 1: not valid YAML:"
        + " while scanning for the next token; found character '\\t(TAB)' that cannot start any"
        + " token. (Do not use \\t(TAB) for indentation)");
  }

  @Test
  void read_wrongTypes_failNamingPathAndExpectation() {
    assertThat(failure(HEADER + "schema:\n  - name: t\n    properties:\n      - name: a\n"
        + "        logicalType: string\n        required: 'yes'\n").getMessage())
        .isEqualTo("test.yaml: $.schema[0].properties[0].required: expected true or false,"
            + " found string 'yes'");
    assertThat(failure(HEADER.replace("version: 1.0.0", "version: 1") + "schema: []\n").path())
        .isEqualTo("$.version");
    assertThat(failure(HEADER + "schema: {name: t}\n").getMessage())
        .contains("$.schema: expected a list, found a mapping");
    assertThat(failure(HEADER.replace("version: 1.0.0", "version: '1.0'") + "schema: []\n")
        .getMessage()).contains("$.version: '1.0' is not a semantic version");
  }

  @Test
  void read_unknownLogicalType_failsListingTheKnownOnes() {
    DescriptorException e = failure(HEADER + "schema:\n  - name: t\n    properties:\n"
        + "      - {name: a, logicalType: text}\n");

    assertThat(e.path()).isEqualTo("$.schema[0].properties[0].logicalType");
    assertThat(e.getMessage()).contains("unknown logicalType 'text'")
        .contains("[array, boolean, date, integer, number, object, string, time, timestamp]");
  }

  @Test
  void read_duplicateFieldNames_failNamingBothPaths() {
    DescriptorException e = failure(HEADER + "schema:\n  - name: t\n    properties:\n"
        + "      - {name: a, logicalType: string}\n      - {name: b, logicalType: string}\n"
        + "      - {name: a, logicalType: integer}\n");

    assertThat(e.path()).isEqualTo("$.schema[0].properties[2].name");
    assertThat(e.getMessage()).contains("duplicate property name 'a' (also at"
        + " $.schema[0].properties[0])");
  }

  @Test
  void read_duplicateYamlKeys_fail() {
    assertThat(failure(HEADER + "status: draft\nschema: []\n").getMessage())
        .contains("Duplicate field 'status'");
  }

  @Test
  void read_emptyOrScalarOrUnsupportedDocument_failsClearly() {
    assertThat(failure("").getMessage()).contains("the document is empty");
    assertThat(failure("just text").getMessage())
        .contains("$: expected an ODCS data contract (a mapping), found string 'just text'");
    assertThat(failure(HEADER.replace("v3.0.2", "v2.2.2")).getMessage())
        .contains("$.apiVersion: unsupported ODCS apiVersion 'v2.2.2'; this reader accepts"
            + " [v3.0.0, v3.0.1, v3.0.2, v3.1.0]");
  }

  @Test
  void read_unknownClassificationOrMissingLogicalType_fails() {
    assertThat(failure(HEADER + "schema:\n  - name: t\n    properties:\n"
        + "      - {name: a, logicalType: string, classification: secret}\n").getMessage())
        .contains("$.schema[0].properties[0].classification: Unknown classification 'secret'");
    assertThat(failure(HEADER + "schema:\n  - name: t\n    properties:\n"
        + "      - {name: a}\n").getMessage())
        .contains("$.schema[0].properties[0].logicalType: missing logicalType of property 'a'");
  }

  @Test
  void read_badSlaOrRuleValues_fail() {
    assertThat(failure(HEADER + "slaProperties:\n  - {property: latency, value: 4, unit: eons}\n")
        .getMessage()).contains("$.slaProperties[0].unit: unknown duration unit 'eons'");
    assertThat(failure(HEADER + "schema:\n  - name: t\n    properties:\n"
        + "      - name: n\n        logicalType: integer\n        quality:\n"
        + "          - {metric: invalidValues, mustBe: 0, arguments: {validValues: [1, x]}}\n")
        .getMessage()).contains("$.schema[0].properties[0].quality[0].arguments.validValues[1]:"
            + " expected a integer value for field 'n', found string 'x'");
  }

  @Test
  void read_missingFile_failsNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> DataContracts.read(missing))
        .isInstanceOf(DescriptorException.class)
        .hasMessageStartingWith(missing + ": $: cannot read the file (NoSuchFileException)");
  }
}
