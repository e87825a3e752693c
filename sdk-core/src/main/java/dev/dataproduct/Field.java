package dev.dataproduct;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One named, typed column of a {@link Schema}. Immutable; every {@code with...} method returns a
 * new field.
 *
 * <pre>{@code
 * Field id = Field.required("order_id", FieldType.INTEGER).asPrimaryKey();
 * Field amount = Field.required("amount", FieldType.NUMBER).withDecimal(12, 2);
 * Field email = Field.optional("email", FieldType.STRING).withMaxLength(320)
 *     .withClassification(Classification.PII);
 * }</pre>
 */
public final class Field {
  private static final int MAX_NAME_LENGTH = 128;

  private final String name;
  private final FieldType type;
  private final boolean required;
  private final boolean primaryKey;
  private final boolean unique;
  private final Integer precision;
  private final Integer scale;
  private final Integer maxLength;
  private final Classification classification;
  private final String description;
  private final String term;

  private Field(
      String name,
      FieldType type,
      boolean required,
      boolean primaryKey,
      boolean unique,
      Integer precision,
      Integer scale,
      Integer maxLength,
      Classification classification,
      String description,
      String term) {
    this.name = name;
    this.type = type;
    this.required = required;
    this.primaryKey = primaryKey;
    this.unique = unique;
    this.precision = precision;
    this.scale = scale;
    this.maxLength = maxLength;
    this.classification = classification;
    this.description = description;
    this.term = term;
  }

  /** A field whose value may never be {@code null}. */
  public static Field required(String name, FieldType type) {
    return new Field(checkName(name), Objects.requireNonNull(type, "type"), true, false, false,
        null, null, null, Classification.INTERNAL, null, null);
  }

  /** A field whose value may be {@code null}. */
  public static Field optional(String name, FieldType type) {
    return new Field(checkName(name), Objects.requireNonNull(type, "type"), false, false, false,
        null, null, null, Classification.INTERNAL, null, null);
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "Field name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank: '" + name
              + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException("Field name contains a control character: '"
            + name.replaceAll("\\p{Cntrl}", "?") + "'");
      }
    }
    return name;
  }

  public String name() {
    return name;
  }

  public FieldType type() {
    return type;
  }

  /** Whether {@code null} is refused. Primary-key fields are always required. */
  public boolean isRequired() {
    return required;
  }

  public boolean isPrimaryKey() {
    return primaryKey;
  }

  /**
   * Whether values must be unique within one publication: declared unique, or (part of) the
   * primary key. A field of a composite key is unique only together with the other key fields;
   * the runtime checks the key as a whole.
   */
  public boolean isUnique() {
    return unique || primaryKey;
  }

  /** Whether the field was declared unique on its own ({@link #asUnique()}), key or not. */
  boolean isDeclaredUnique() {
    return unique;
  }

  /** Total number of digits of a decimal NUMBER, if declared. */
  public OptionalInt precision() {
    return precision == null ? OptionalInt.empty() : OptionalInt.of(precision);
  }

  /** Digits after the decimal point of a decimal NUMBER, if declared. */
  public OptionalInt scale() {
    return scale == null ? OptionalInt.empty() : OptionalInt.of(scale);
  }

  /** Maximum number of characters of a STRING, if declared. */
  public OptionalInt maxLength() {
    return maxLength == null ? OptionalInt.empty() : OptionalInt.of(maxLength);
  }

  public Classification classification() {
    return classification;
  }

  /** Whether values of this field must stay out of telemetry, logs and messages. */
  public boolean isSensitive() {
    return classification.isSensitive();
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The glossary term this field is bound to, if any. */
  public Optional<String> term() {
    return Optional.ofNullable(term);
  }

  public Field asRequired() {
    return new Field(name, type, true, primaryKey, unique, precision, scale, maxLength,
        classification, description, term);
  }

  public Field asOptional() {
    if (primaryKey) {
      throw new IllegalArgumentException("Primary-key field '" + name + "' cannot be optional");
    }
    return new Field(name, type, false, false, unique, precision, scale, maxLength,
        classification, description, term);
  }

  /** Marks the field as (part of) the primary key; implies required and unique. */
  public Field asPrimaryKey() {
    return new Field(name, type, true, true, unique, precision, scale, maxLength, classification,
        description, term);
  }

  /** Values must be unique within one publication. */
  public Field asUnique() {
    return new Field(name, type, required, primaryKey, true, precision, scale, maxLength,
        classification, description, term);
  }

  /** A decimal NUMBER with at most {@code precision} digits, {@code scale} after the point. */
  public Field withDecimal(int precision, int scale) {
    if (type != FieldType.NUMBER) {
      throw new IllegalArgumentException(
          "Field '" + name + "' is " + type + "; only NUMBER fields have precision and scale");
    }
    if (precision < 1 || scale < 0 || scale > precision) {
      throw new IllegalArgumentException("Field '" + name + "': invalid decimal(" + precision
          + ", " + scale + "); need precision >= 1 and 0 <= scale <= precision");
    }
    return new Field(name, type, required, primaryKey, unique, precision, scale, maxLength,
        classification, description, term);
  }

  /** A STRING of at most {@code maxLength} characters. */
  public Field withMaxLength(int maxLength) {
    if (type != FieldType.STRING) {
      throw new IllegalArgumentException(
          "Field '" + name + "' is " + type + "; only STRING fields have a max length");
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException(
          "Field '" + name + "': max length must be >= 1, was " + maxLength);
    }
    return new Field(name, type, required, primaryKey, unique, precision, scale, maxLength,
        classification, description, term);
  }

  public Field withClassification(Classification classification) {
    return new Field(name, type, required, primaryKey, unique, precision, scale, maxLength,
        Objects.requireNonNull(classification, "classification"), description, term);
  }

  public Field withDescription(String description) {
    return new Field(name, type, required, primaryKey, unique, precision, scale, maxLength,
        classification, Objects.requireNonNull(description, "description"), term);
  }

  /** Binds the field to a glossary term (see {@code dev.dataproduct.contract.Glossary}). */
  public Field withTerm(String term) {
    return new Field(name, type, required, primaryKey, unique, precision, scale, maxLength,
        classification, description, Objects.requireNonNull(term, "term"));
  }

  /** The same field under another name. */
  public Field withName(String newName) {
    return new Field(checkName(newName), type, required, primaryKey, unique, precision, scale,
        maxLength, classification, description, term);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Field)) {
      return false;
    }
    Field f = (Field) o;
    return required == f.required
        && primaryKey == f.primaryKey
        && unique == f.unique
        && name.equals(f.name)
        && type == f.type
        && Objects.equals(precision, f.precision)
        && Objects.equals(scale, f.scale)
        && Objects.equals(maxLength, f.maxLength)
        && classification == f.classification
        && Objects.equals(description, f.description)
        && Objects.equals(term, f.term);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, required, primaryKey, unique, precision, scale, maxLength,
        classification, description, term);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(' ').append(type.logicalTypeName());
    if (precision != null) {
      sb.append('(').append(precision).append(',').append(scale).append(')');
    }
    if (maxLength != null) {
      sb.append('(').append(maxLength).append(')');
    }
    sb.append(required ? " required" : " optional");
    if (primaryKey) {
      sb.append(" pk");
    }
    if (classification != Classification.INTERNAL) {
      sb.append(' ').append(classification.odcsName());
    }
    return sb.toString();
  }
}
