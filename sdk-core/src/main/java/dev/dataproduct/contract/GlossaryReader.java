package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dataproduct.Classification;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a glossary file (see {@link Glossary#read}): a YAML document of kind {@code Glossary}
 * whose {@code terms} each have a name ({@code customer_id}, or {@code domain:term} for a
 * domain-local term), a {@code logicalType}, and optionally a {@code definition}, {@code owner},
 * {@code pattern}, {@code classification} and ODCS-style {@code authoritativeDefinitions}.
 */
final class GlossaryReader {
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "owner", "description",
      "terms");
  private static final Set<String> TERM = Set.of("name", "logicalType", "definition", "owner",
      "pattern", "classification", "authoritativeDefinitions");

  private GlossaryReader() {}

  static Glossary read(JsonNode json, String source) {
    Node root = Node.root(source, json).requireObject("a glossary").allowOnly(TOP, "a glossary");
    String kind = root.requireString("kind", "a glossary");
    if (!kind.equals("Glossary")) {
      throw root.fail("kind", "expected 'Glossary', found '" + kind + "'");
    }
    List<Term> terms = new ArrayList<>();
    for (Node t : root.array("terms")) {
      terms.add(term(t.requireObject("a term").allowOnly(TERM, "a term")));
    }
    try {
      return Glossary.of(terms.toArray(new Term[0]));
    } catch (IllegalArgumentException e) {
      throw new DescriptorException(source, "$.terms", e.getMessage());
    }
  }

  private static Term term(Node t) {
    String name = t.requireString("name", "a term");
    String typeName = t.requireString("logicalType", "term '" + name + "'");
    try {
      FieldType type = FieldType.fromLogicalType(typeName);
      int colon = name.indexOf(':');
      Term term = colon < 0 ? Term.global(name, type)
          : Term.local(name.substring(0, colon), localName(name, colon), type);
      if (t.string("definition").isPresent()) {
        term = term.withDescription(t.string("definition").get());
      }
      if (t.string("owner").isPresent()) {
        term = term.withOwner(t.string("owner").get());
      }
      if (t.string("pattern").isPresent()) {
        term = term.withPattern(t.string("pattern").get());
      }
      if (t.string("classification").isPresent()) {
        term = term.withClassification(Classification.parse(t.string("classification").get()));
      }
      for (Node d : t.array("authoritativeDefinitions")) {
        d.requireObject("an authoritative definition");
        term = term.withReference(d.requireString("url", "an authoritative definition"));
        break;
      }
      return term;
    } catch (IllegalArgumentException e) {
      throw t.fail(e.getMessage());
    }
  }

  /** {@code sales:discount_band} is the term {@code sales_discount_band} of domain sales. */
  private static String localName(String name, int colon) {
    String domain = name.substring(0, colon);
    String prefix = domain.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_";
    return prefix + name.substring(colon + 1);
  }
}
