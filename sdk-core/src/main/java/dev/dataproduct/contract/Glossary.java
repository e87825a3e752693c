package dev.dataproduct.contract;

import dev.dataproduct.Classification;
import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.Rule;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.DescriptorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Global definitions products share: {@link Term}s such as {@code customer_id}. A field binds to
 * a term with {@link Field#withTerm}; a product built with {@code
 * DataProduct.Builder.glossary(glossary)} binds every output contract, which checks each bound
 * field's type against the term's (a conflict fails the build) and adds the term's rules. Terms
 * appear in the ODCS output as the fields' {@code authoritativeDefinitions}. Immutable.
 *
 * <pre>{@code
 * Glossary glossary = Glossary.of(
 *     Term.global("customer_id", FieldType.STRING).withPattern("C[0-9]{8}")
 *         .withDescription("The CRM's customer number").withOwner("crm-team"),
 *     Term.local("sales", "sales_channel", FieldType.STRING));
 *
 * Schema schema = Schema.of(
 *     Field.required("customer", FieldType.STRING).withTerm("customer_id"),
 *     Field.optional("channel", FieldType.STRING).withTerm("sales_channel"));
 *
 * DataProduct.builder("orders").domain("sales").glossary(glossary)...build();
 * }</pre>
 *
 * <p>Binding a field to term {@code t}:
 *
 * <ol>
 *   <li>the term must exist, and a domain-local term must belong to the product's domain;
 *   <li>the field's logical type must equal the term's;
 *   <li>a term pattern adds the rule {@code <field>-term-pattern} (action QUARANTINE);
 *   <li>a field without a description takes the term's; a field classified less sensitive than
 *       the term's classification is raised to it.
 * </ol>
 *
 * Binding is idempotent: binding a bound contract gives it back unchanged.
 */
public final class Glossary {
  private final Map<String, Term> terms;

  private Glossary(Map<String, Term> terms) {
    this.terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
  }

  /** A glossary of these terms; names must be unique. */
  public static Glossary of(Term... terms) {
    Objects.requireNonNull(terms, "terms");
    Map<String, Term> m = new LinkedHashMap<>();
    for (Term t : terms) {
      Objects.requireNonNull(t, "term");
      if (m.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("Glossary declares term '" + t.name() + "' twice");
      }
    }
    return new Glossary(m);
  }

  /**
   * Reads the glossary file a governance team owns, shared by every product of the mesh:
   *
   * <pre>
   * kind: Glossary
   * owner: data-governance@corp.example
   * terms:
   *   - name: customer_id                 # a global term
   *     logicalType: string
   *     definition: The CRM's customer number
   *     owner: crm-team@corp.example
   *     pattern: "C[0-9]{8}"
   *     classification: confidential
   *     authoritativeDefinitions:          # as in ODCS; the first url is kept
   *       - type: businessDefinition
   *         url: https://wiki.corp.example/glossary/customer
   *   - name: sales:discount_band          # domain:term, bound as sales_discount_band
   *     logicalType: string
   * </pre>
   *
   * @throws DescriptorException naming the file, the JSON path and the problem
   */
  public static Glossary read(Path file) {
    Objects.requireNonNull(file, "file");
    return GlossaryReader.read(Yaml.parse(file), file.toString());
  }

  /** Reads a glossary document held in a string (see {@link #read(Path)}). */
  public static Glossary fromYaml(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    return GlossaryReader.read(Yaml.parse(yaml, source), source);
  }

  /** This glossary with {@code more} terms added (names must stay unique). */
  public Glossary with(Term... more) {
    List<Term> all = new ArrayList<>(terms.values());
    all.addAll(List.of(more));
    return of(all.toArray(new Term[0]));
  }

  /** The terms, in declaration order. */
  public List<Term> terms() {
    return List.copyOf(terms.values());
  }

  public Optional<Term> term(String name) {
    return Optional.ofNullable(terms.get(name));
  }

  /**
   * Binds every field of {@code contract} that names a term (see the class description).
   *
   * @param domain the domain of the product publishing the contract
   * @throws IllegalArgumentException naming the field, the term and the conflict
   */
  public DataContract bind(DataContract contract, String domain) {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(domain, "domain");
    List<Field> fields = new ArrayList<>();
    List<RowRule> added = new ArrayList<>();
    Map<String, Rule> existing = new LinkedHashMap<>();
    contract.rules().forEach(r -> existing.put(r.id(), r));
    boolean changed = false;
    for (Field f : contract.schema().fields()) {
      if (f.term().isEmpty()) {
        fields.add(f);
        continue;
      }
      String where = "Field '" + f.name() + "' of contract '" + contract.id() + "'";
      Term t = terms.get(f.term().get());
      if (t == null) {
        throw new IllegalArgumentException(where + " is bound to term '" + f.term().get()
            + "', which the glossary does not define; terms are " + terms.keySet());
      }
      if (t.domain().isPresent() && !t.domain().get().equals(domain)) {
        throw new IllegalArgumentException(where + " is bound to term '" + t.name()
            + "' local to domain '" + t.domain().get() + "'; the product's domain is '" + domain
            + "'");
      }
      if (f.type() != t.type()) {
        throw new IllegalArgumentException(where + " is " + f.type().logicalTypeName()
            + " but glossary term '" + t.name() + "' is " + t.type().logicalTypeName());
      }
      Field g = f;
      if (g.description().isEmpty() && t.description().isPresent()) {
        g = g.withDescription(t.description().get());
      }
      Optional<Classification> c = t.classification();
      if (c.isPresent() && g.classification().compareTo(c.get()) < 0) {
        g = g.withClassification(c.get());
      }
      changed |= !g.equals(f);
      fields.add(g);
      if (t.pattern().isPresent()) {
        RowRule rule = Rules.pattern(f.name(), t.pattern().get()).id(f.name() + "-term-pattern")
            .description("format of glossary term " + t.name());
        Rule present = existing.get(rule.id());
        if (present == null) {
          added.add(rule);
        } else if (!(present instanceof RowRule)
            || ((RowRule) present).kind() != RowRule.Kind.PATTERN
            || !t.pattern().get().equals(((RowRule) present).pattern())) {
          throw new IllegalArgumentException(where + ": rule '" + rule.id()
              + "' conflicts with the pattern of glossary term '" + t.name() + "'");
        }
      }
    }
    if (!changed && added.isEmpty()) {
      return contract;
    }
    return contract.toBuilder().schema(Schema.of(fields)).rules(added).build();
  }

  @Override
  public String toString() {
    return "Glossary" + terms.keySet();
  }
}
