package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlossaryFileTest {
  static final String FILE = """
      kind: Glossary
      apiVersion: v1
      owner: data-governance@corp.example
      terms:
        - name: customer_id
          logicalType: string
          definition: The CRM's customer number
          owner: crm-team@corp.example
          pattern: "C[0-9]{8}"
          classification: confidential
          authoritativeDefinitions:
            - type: businessDefinition
              url: https://wiki.corp.example/glossary/customer
        - name: sales:discount_band
          logicalType: string
          definition: Discount band of an order
        - name: order_count
          logicalType: integer
      """;

  @Test
  void read_globalAndDomainTerms_withDefinitionOwnerTypeAndReference(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("glossary.yaml"), FILE);

    Glossary g = Glossary.read(file);

    assertThat(g.terms()).extracting(Term::name)
        .containsExactly("customer_id", "sales_discount_band", "order_count");
    Term customer = g.term("customer_id").orElseThrow();
    assertThat(customer.type()).isEqualTo(FieldType.STRING);
    assertThat(customer.description()).contains("The CRM's customer number");
    assertThat(customer.owner()).contains("crm-team@corp.example");
    assertThat(customer.pattern()).contains("C[0-9]{8}");
    assertThat(customer.classification()).contains(Classification.CONFIDENTIAL);
    assertThat(customer.reference()).contains("https://wiki.corp.example/glossary/customer");
    assertThat(g.term("sales_discount_band").orElseThrow().domain()).contains("sales");
    assertThat(g.term("order_count").orElseThrow().type()).isEqualTo(FieldType.INTEGER);
  }

  @Test
  void bind_fieldOfAnotherType_failsNamingFieldTermAndBothTypes() {
    Glossary g = Glossary.fromYaml(FILE, "glossary.yaml");
    DataContract c = DataContract.builder("orders").schema(Schema.of(
        Field.required("orders", FieldType.NUMBER).withTerm("order_count"))).build();

    assertThatThrownBy(() -> g.bind(c, "sales"))
        .hasMessage("Field 'orders' of contract 'orders' is number but glossary term"
            + " 'order_count' is integer");
  }

  @Test
  void read_unknownType_failsWithFileAndPath() {
    String bad = "kind: Glossary\nterms:\n  - name: x_id\n    logicalType: text\n";
    assertThatThrownBy(() -> Glossary.fromYaml(bad, "g.yaml"))
        .isInstanceOf(DescriptorException.class)
        .hasMessageContaining("g.yaml: $.terms[0]")
        .hasMessageContaining("Unknown logicalType 'text'");
  }

  @Test
  void read_duplicateTermOrWrongKind_fails() {
    assertThatThrownBy(() -> Glossary.fromYaml("kind: Contract\nterms: []\n", "g.yaml"))
        .isInstanceOf(DescriptorException.class).hasMessageContaining("expected 'Glossary'");
    String twice = "kind: Glossary\nterms:\n  - {name: a, logicalType: string}\n"
        + "  - {name: a, logicalType: integer}\n";
    assertThatThrownBy(() -> Glossary.fromYaml(twice, "g.yaml"))
        .isInstanceOf(DescriptorException.class).hasMessageContaining("term 'a' twice");
  }
}
