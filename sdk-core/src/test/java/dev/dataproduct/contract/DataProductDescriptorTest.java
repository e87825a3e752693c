package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataProductDescriptorTest {

  static InputPort input(String name, Schema schema) {
    return new InputPort() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public String type() {
        return "jdbc";
      }

      @Override
      public BatchReader read(ReadContext context) {
        throw new UnsupportedOperationException("descriptor tests never run the product");
      }
    };
  }

  static DataProduct product() {
    OutputPort lake = OutputPort.builder("orders-lake", TestStores.described("s3", Map.of(
            "type", "s3", "location", "s3://lake/orders")))
        .contract(DataContractsTest.rich())
        .accessPolicy(AccessPolicy.allow("analyst").mask("customer_email", Masking.hash()))
        .build();
    OutputPort table = OutputPort.builder("orders-table", TestStores.described("jdbc", Map.of(
            "type", "postgres", "host", "db", "port", 5432, "database", "sales",
            "schema", "public")))
        .contract(DataContract.builder("orders-table").version("3.0.0")
            .schema(Schema.of(Field.required("id", FieldType.INTEGER))).build())
        .build();
    return DataProduct.builder("orders")
        .version("1.4.2")
        .domain("sales")
        .description("Confirmed orders")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .tags("orders", "gold")
        .input(input("raw-orders", Schema.of(Field.required("id", FieldType.INTEGER))))
        .output(lake)
        .output(table)
        .policy(AccessPolicy.deny("contractor"))
        .managementPort(ManagementPort.of("grafana", "observability",
            "https://grafana.corp.example/d/orders").withDescription("Run dashboards"))
        .build();
  }

  @Test
  void descriptor_ofProduct_validatesAgainstOfficialOdps110Schema() {
    JsonNode doc = Specs.yaml(product().descriptor().toYaml());

    assertThat(Specs.odpsErrors(doc, "1.1.0")).isEmpty();
    assertThat(doc.get("apiVersion").asText()).isEqualTo("v1.1.0");
    assertThat(doc.get("kind").asText()).isEqualTo("DataProduct");
    assertThat(doc.get("id").asText()).isEqualTo("orders");
    assertThat(doc.get("version").asText()).isEqualTo("1.4.2");
    assertThat(doc.get("domain").asText()).isEqualTo("sales");
    assertThat(doc.get("status").asText()).isEqualTo("active");
    assertThat(doc.get("description").get("purpose").asText()).isEqualTo("Confirmed orders");
  }

  @Test
  void descriptor_listsPortsContractsOwnersAndManagementPorts() {
    DataProductDescriptor d = product().descriptor();

    assertThat(d.outputPorts()).extracting(DataProductDescriptor.OutputPortRef::name,
            DataProductDescriptor.OutputPortRef::contractId,
            DataProductDescriptor.OutputPortRef::version,
            DataProductDescriptor.OutputPortRef::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders-lake", "orders", "2.3.1-rc.1", "s3"),
            org.assertj.core.groups.Tuple.tuple("orders-table", "orders-table", "3.0.0",
                "jdbc"));
    assertThat(d.inputPorts()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("raw-orders");
      assertThat(p.customProperties()).containsEntry("dataproduct.portType", "jdbc");
    });
    assertThat(d.owners()).containsExactly(Owner.business("ana@corp.example"),
        Owner.technical("sales-data-eng"));
    assertThat(d.members()).extracting(DataProductDescriptor.Member::role)
        .containsExactly("business owner", "technical owner");
    assertThat(d.managementPorts()).singleElement().satisfies(m -> {
      assertThat(m.content()).isEqualTo("observability");
      assertThat(m.url()).isEqualTo("https://grafana.corp.example/d/orders");
    });
    // port policies on the port, product policies once on the product
    assertThat(d.outputPorts().get(0).customProperties().get("dataproduct.accessPolicies")
        .toString()).contains("analyst").contains("hash").doesNotContain("contractor");
    assertThat(d.outputPorts().get(1).customProperties()).isEmpty();
    assertThat(d.customProperties().get("dataproduct.accessPolicies").toString())
        .contains("contractor").contains("deny");
    assertThat(d.toYaml()).doesNotContain("dataproduct:orders"); // the default masking salt
  }

  @Test
  void roundTrip_descriptor_isEqual(@TempDir Path dir) {
    DataProductDescriptor d = product().descriptor();
    Path file = dir.resolve("orders.odps.yaml");

    d.write(file);

    assertThat(DataProductDescriptor.read(file)).isEqualTo(d);
    assertThat(DataProductDescriptor.fromYaml(d.toYaml()).toYaml()).isEqualTo(d.toYaml());
  }

  @Test
  void eachOutputPort_writesAValidOdcsDocument() {
    for (OutputPort port : product().outputs().values()) {
      assertThat(Specs.odcsErrors(Specs.yaml(port.contractDocument())))
          .as(port.name()).isEmpty();
    }
    JsonNode table = Specs.yaml(product().output("orders-table").contractDocument());
    assertThat(table.get("servers").get(0).get("type").asText()).isEqualTo("postgres");
    assertThat(table.get("servers").get(0).get("port").asInt()).isEqualTo(5432);
    assertThat(table.get("roles").get(0).get("role").asText()).isEqualTo("contractor");
  }

  @Test
  void read_ownerKindFromRoleName_whenNoCustomProperty() {
    DataProductDescriptor d = DataProductDescriptor.fromYaml(String.join("\n",
        "apiVersion: v1.1.0", "kind: DataProduct", "id: p",
        "team:", "  members:",
        "    - {username: a, role: Business Owner}",
        "    - {username: b, role: technical_owner}",
        "    - {username: c, role: data steward}", ""));

    assertThat(d.owners()).containsExactly(Owner.business("a"), Owner.technical("b"));
    assertThat(d.members()).hasSize(3);
  }

  @Test
  void read_v100_requiresStatusAndPortVersions() {
    String v100 = "apiVersion: v1.0.0\nkind: DataProduct\nid: p\n";

    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(v100))
        .isInstanceOf(DescriptorException.class)
        .hasMessage("descriptor text: $.status: missing required property 'status' of an ODPS"
            + " v1.0.0 descriptor");
    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(v100 + "status: active\n"
        + "inputPorts:\n  - {name: in}\n"))
        .hasMessageContaining("$.inputPorts[0].version: missing required property 'version'");
    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(v100 + "status: active\n"
        + "type: aggregate\n"))
        .hasMessageContaining("$.type: unknown property 'type' in an ODPS v1.0.0 descriptor");
    assertThat(DataProductDescriptor.fromYaml(v100 + "status: draft\n").status())
        .contains("draft");
  }

  @Test
  void read_invalidDocuments_failNamingPathAndExpectation() {
    String head = "apiVersion: v1.1.0\nkind: DataProduct\nid: p\n";

    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(head.replace("v1.1.0", "v2.0.0")))
        .hasMessageContaining("$.apiVersion: unsupported ODPS apiVersion 'v2.0.0'");
    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(head + "tags: orders\n"))
        .hasMessageContaining("$.tags: expected a list, found string 'orders'");
    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(head
        + "outputPorts:\n  - {name: o, version: 1}\n"))
        .hasMessageContaining("$.outputPorts[0].version: expected a string, found number '1'");
    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(head
        + "managementPorts:\n  - {name: m, content: observability, url: 'not a uri'}\n"))
        .hasMessageContaining("$.managementPorts[0].url: expected a URI");
    assertThatThrownBy(() -> DataProductDescriptor.fromYaml(head + "owner: ana\n"))
        .hasMessageContaining("$.owner: unknown property 'owner'");
    assertThatThrownBy(() -> DataProductDescriptor.fromYaml("kind: DataContract\nid: x\n"))
        .hasMessageContaining("$.kind: expected kind 'DataProduct'");
  }

  @Test
  void glossary_onProduct_bindsOutputContracts_andConflictFailsTheBuild() {
    Glossary glossary = Glossary.of(Term.global("customer_id", FieldType.STRING)
        .withPattern("C[0-9]+"));
    DataContract c = DataContract.builder("c").schema(Schema.of(
        Field.required("customer", FieldType.STRING).withTerm("customer_id"))).build();
    OutputPort port = OutputPort.builder("out", TestStores.described("memory",
        Map.of("type", "custom"))).contract(c).build();
    DataProduct.Builder b = DataProduct.builder("p").version("1.0.0").domain("sales")
        .owner(Owner.business("a"), Owner.technical("b")).output(port).glossary(glossary);

    DataProduct p = b.build();

    assertThat(p.output("out").contract().rowRules()).extracting(r -> r.id())
        .containsExactly("customer-term-pattern");
    assertThat(p.glossary()).contains(glossary);
    DataContract conflicting = DataContract.builder("c").schema(Schema.of(
        Field.required("customer", FieldType.INTEGER).withTerm("customer_id"))).build();
    assertThatThrownBy(() -> b.output(OutputPort.builder("out2", TestStores.described("memory",
        Map.of("type", "custom"))).contract(conflicting).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Field 'customer' of contract 'c' is integer but glossary term"
            + " 'customer_id' is string");
  }

  @Test
  void builder_keepsListsInOrder_andRejectsBlankId() {
    DataProductDescriptor d = DataProductDescriptor.builder("x").tag("b").tag("a")
        .member(new DataProductDescriptor.Member("u", "U", "steward", null)).build();

    assertThat(d.tags()).containsExactly("b", "a");
    assertThat(d.owners()).isEmpty();
    assertThat(DataProductDescriptor.fromYaml(d.toYaml())).isEqualTo(d);
    assertThatThrownBy(() -> DataProductDescriptor.builder(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void write_toUnwritablePath_failsNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("missing-dir").resolve("x.yaml");

    assertThatThrownBy(() -> product().descriptor().write(file))
        .hasMessageContaining(file.toString());
    assertThat(Files.exists(file)).isFalse();
  }
}
