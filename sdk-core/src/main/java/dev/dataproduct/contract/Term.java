package dev.dataproduct.contract;

import dev.dataproduct.Classification;
import dev.dataproduct.FieldType;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A term of a {@link Glossary}: a shared definition (such as {@code customer_id}) with a logical
 * type, an optional format pattern, a description, an owner and an optional minimum
 * classification. Global terms are shared by every domain; domain-local terms belong to one
 * domain and are named with its prefix ({@code sales_discount_band} in domain {@code sales}).
 * Immutable.
 *
 * <pre>{@code
 * Term customerId = Term.global("customer_id", FieldType.STRING)
 *     .withPattern("C[0-9]{8}")
 *     .withDescription("The CRM's customer number")
 *     .withOwner("crm-team@corp.example")
 *     .withClassification(Classification.CONFIDENTIAL);
 * Term band = Term.local("sales", "sales_discount_band", FieldType.STRING);
 * }</pre>
 */
public final class Term {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");

  private final String name;
  private final FieldType type;
  private final String domain;
  private final String pattern;
  private final String description;
  private final String owner;
  private final Classification classification;
  private final String reference;

  private Term(String name, FieldType type, String domain, String pattern, String description,
      String owner, Classification classification) {
    this(name, type, domain, pattern, description, owner, classification, null);
  }

  private Term(String name, FieldType type, String domain, String pattern, String description,
      String owner, Classification classification, String reference) {
    this.name = name;
    this.type = type;
    this.domain = domain;
    this.pattern = pattern;
    this.description = description;
    this.owner = owner;
    this.classification = classification;
    this.reference = reference;
  }

  /** A term every domain may bind (lower-case snake_case name). */
  public static Term global(String name, FieldType type) {
    return new Term(checkName(name), Objects.requireNonNull(type, "type"), null, null, null,
        null, null);
  }

  /**
   * A term only products of {@code domain} may bind; its name starts with the domain and an
   * underscore ({@code sales_discount_band}).
   */
  public static Term local(String domain, String name, FieldType type) {
    Objects.requireNonNull(domain, "domain");
    checkName(name);
    String prefix = domain.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_";
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      throw new IllegalArgumentException("Domain-local term '" + name + "' of domain '" + domain
          + "' must be named with the prefix '" + prefix + "', e.g. '" + prefix + "code'");
    }
    return new Term(name, Objects.requireNonNull(type, "type"), domain, null, null, null, null);
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid term name '" + name
          + "': use lower-case letters, digits and _ (snake_case, at most 128 characters)");
    }
    return name;
  }

  /** Values must match {@code regex} entirely; binding adds a pattern rule. STRING terms only. */
  public Term withPattern(String regex) {
    Objects.requireNonNull(regex, "regex");
    if (type != FieldType.STRING) {
      throw new IllegalArgumentException("Term '" + name + "' is " + type.logicalTypeName()
          + "; only string terms have a format pattern");
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("Term '" + name + "' has an invalid pattern: "
          + e.getDescription(), e);
    }
    return new Term(name, type, domain, regex, description, owner, classification, reference);
  }

  public Term withDescription(String description) {
    return new Term(name, type, domain, pattern, Objects.requireNonNull(description,
        "description"), owner, classification, reference);
  }

  /** Who defines the term (a person, team or e-mail). */
  public Term withOwner(String owner) {
    return new Term(name, type, domain, pattern, description, Objects.requireNonNull(owner,
        "owner"), classification, reference);
  }

  /** Fields bound to the term are classified at least this sensitive. */
  public Term withClassification(Classification classification) {
    return new Term(name, type, domain, pattern, description, owner,
        Objects.requireNonNull(classification, "classification"), reference);
  }

  /**
   * Where the authoritative definition lives (a wiki or catalog page): the {@code url} of the
   * term's ODCS-style {@code authoritativeDefinitions} in a glossary file.
   */
  public Term withReference(String url) {
    return new Term(name, type, domain, pattern, description, owner, classification,
        Objects.requireNonNull(url, "url"));
  }

  public String name() {
    return name;
  }

  public FieldType type() {
    return type;
  }

  /** The domain of a domain-local term; empty for a global term. */
  public Optional<String> domain() {
    return Optional.ofNullable(domain);
  }

  public Optional<String> pattern() {
    return Optional.ofNullable(pattern);
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  public Optional<Classification> classification() {
    return Optional.ofNullable(classification);
  }

  /** The URL of the authoritative definition, if any. */
  public Optional<String> reference() {
    return Optional.ofNullable(reference);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Term)) {
      return false;
    }
    Term t = (Term) o;
    return name.equals(t.name) && type == t.type && Objects.equals(domain, t.domain)
        && Objects.equals(pattern, t.pattern) && Objects.equals(description, t.description)
        && Objects.equals(owner, t.owner) && classification == t.classification
        && Objects.equals(reference, t.reference);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, domain, pattern);
  }

  @Override
  public String toString() {
    return "Term{" + name + " " + type.logicalTypeName() + (domain == null ? "" : " of " + domain)
        + "}";
  }
}
