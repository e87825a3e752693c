package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import org.junit.jupiter.api.Test;

class GlossaryTest {
  static final Glossary GLOSSARY = Glossary.of(
      Term.global("customer_id", FieldType.STRING).withPattern("C[0-9]{8}")
          .withDescription("The CRM's customer number").withOwner("crm-team")
          .withClassification(Classification.CONFIDENTIAL),
      Term.global("order_count", FieldType.INTEGER),
      Term.local("sales", "sales_channel", FieldType.STRING));

  private static DataContract contract(Field... fields) {
    return DataContract.builder("c").schema(Schema.of(fields)).build();
  }

  @Test
  void bind_matchingType_addsPatternRuleDescriptionAndClassification() {
    DataContract bound = GLOSSARY.bind(contract(
        Field.required("customer", FieldType.STRING).withTerm("customer_id")), "sales");

    Field f = bound.field("customer");
    assertThat(f.description()).contains("The CRM's customer number");
    assertThat(f.classification()).isEqualTo(Classification.CONFIDENTIAL);
    assertThat(bound.rowRules()).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("customer-term-pattern");
      assertThat(r.kind()).isEqualTo(RowRule.Kind.PATTERN);
      assertThat(r.pattern()).isEqualTo("C[0-9]{8}");
    });
  }

  @Test
  void bind_isIdempotent_andKeepsOwnDescriptionAndHigherClassification() {
    DataContract c = contract(Field.required("customer", FieldType.STRING).withTerm("customer_id")
        .withDescription("ours").withClassification(Classification.PII));

    DataContract once = GLOSSARY.bind(c, "sales");

    assertThat(GLOSSARY.bind(once, "sales")).isSameAs(once);
    assertThat(once.field("customer").description()).contains("ours");
    assertThat(once.field("customer").classification()).isEqualTo(Classification.PII);
  }

  @Test
  void bind_conflictingType_failsNamingFieldTermAndTypes() {
    assertThatThrownBy(() -> GLOSSARY.bind(contract(
        Field.required("customer", FieldType.INTEGER).withTerm("customer_id")), "sales"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Field 'customer' of contract 'c' is integer but glossary term"
            + " 'customer_id' is string");
  }

  @Test
  void bind_unknownTerm_failsListingTheTerms() {
    assertThatThrownBy(() -> GLOSSARY.bind(contract(
        Field.required("x", FieldType.STRING).withTerm("nope")), "sales"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("term 'nope', which the glossary does not define; terms are"
            + " [customer_id, order_count, sales_channel]");
  }

  @Test
  void bind_domainLocalTerm_onlyInItsDomain() {
    DataContract c = contract(Field.optional("channel", FieldType.STRING)
        .withTerm("sales_channel"));

    assertThat(GLOSSARY.bind(c, "sales").field("channel").term()).contains("sales_channel");
    assertThatThrownBy(() -> GLOSSARY.bind(c, "finance"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("term 'sales_channel' local to domain 'sales'; the product's"
            + " domain is 'finance'");
  }

  @Test
  void bind_existingRuleWithTheTermRuleIdButAnotherPattern_fails() {
    DataContract c = DataContract.builder("c").schema(Schema.of(
        Field.required("customer", FieldType.STRING).withTerm("customer_id")))
        .rule(Rules.pattern("customer", "X.*").id("customer-term-pattern")).build();

    assertThatThrownBy(() -> GLOSSARY.bind(c, "sales"))
        .hasMessageContaining("rule 'customer-term-pattern' conflicts with the pattern of"
            + " glossary term 'customer_id'");
  }

  @Test
  void terms_validateNamesPrefixesAndPatterns() {
    assertThatThrownBy(() -> Term.global("Customer Id", FieldType.STRING))
        .hasMessageContaining("Invalid term name 'Customer Id'");
    assertThatThrownBy(() -> Term.local("sales", "channel", FieldType.STRING))
        .hasMessageContaining("must be named with the prefix 'sales_'");
    assertThatThrownBy(() -> Term.global("n", FieldType.INTEGER).withPattern("[0-9]"))
        .hasMessageContaining("only string terms have a format pattern");
    assertThatThrownBy(() -> Term.global("s", FieldType.STRING).withPattern("("))
        .hasMessageContaining("invalid pattern");
    assertThatThrownBy(() -> Glossary.of(Term.global("a", FieldType.STRING),
        Term.global("a", FieldType.INTEGER))).hasMessageContaining("declares term 'a' twice");
  }

  @Test
  void boundContract_writesTheTermAsAuthoritativeDefinition_andReadsItBack() {
    DataContract bound = GLOSSARY.bind(contract(
        Field.required("customer", FieldType.STRING).withTerm("customer_id")), "sales");

    String yaml = DataContracts.toYaml(bound);

    assertThat(yaml).contains("url: urn:dataproduct:glossary:customer_id");
    assertThat(DataContracts.fromYaml(yaml)).isEqualTo(bound);
  }
}
