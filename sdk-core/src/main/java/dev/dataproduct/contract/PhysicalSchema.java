package dev.dataproduct.contract;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a contract's schema is stored: the ODCS {@code physicalName} and {@code physicalType} of
 * the schema object (a table {@code daily_revenue} of type {@code table}, a key prefix of type
 * {@code file}, a topic of type {@code topic}) and the {@code physicalType} of each property (the
 * column types the store creates: {@code numeric(14,2)}, {@code varchar(2)}, {@code decimal(14,
 * 2)}). Stores say theirs through {@link dev.dataproduct.spi.PublicationStore#physicalSchema};
 * the port's ODCS document writes it, and reading the document back keeps it ({@link
 * DataContract#physical()}). Immutable.
 *
 * <pre>{@code
 * PhysicalSchema.of("daily_revenue", "table", Map.of("day", "date", "revenue", "numeric(14,2)"));
 * }</pre>
 */
public final class PhysicalSchema {
  private final String name;
  private final String type;
  private final Map<String, String> columnTypes;

  private PhysicalSchema(String name, String type, Map<String, String> columnTypes) {
    this.name = name;
    this.type = type;
    this.columnTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
  }

  /**
   * A physical schema.
   *
   * @param name the object's physical name (table, key prefix, topic), or null when not known
   * @param type the object's physical type ({@code table}, {@code topic}, {@code file}), or null
   * @param columnTypes the physical type per field name; fields without one are left out
   * @throws IllegalArgumentException when everything is empty, or a name or type is blank
   */
  public static PhysicalSchema of(String name, String type, Map<String, String> columnTypes) {
    Objects.requireNonNull(columnTypes, "columnTypes");
    check(name, "physical name");
    check(type, "physical type");
    columnTypes.forEach((field, t) -> {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(t, field);
      check(t, "physical type of field '" + field + "'");
    });
    if (name == null && type == null && columnTypes.isEmpty()) {
      throw new IllegalArgumentException("A physical schema needs a name, a type or column"
          + " types");
    }
    return new PhysicalSchema(name, type, columnTypes);
  }

  private static void check(String value, String what) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException("The " + what + " must not be blank");
    }
  }

  /** The object's physical name: a table, a key prefix, a topic. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The object's physical type: {@code table}, {@code topic}, {@code file}. */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** The physical type of each field that has one, by field name, in the schema's order. */
  public Map<String, String> columnTypes() {
    return columnTypes;
  }

  /** The physical type of {@code field}, if declared. */
  public Optional<String> columnType(String field) {
    return Optional.ofNullable(columnTypes.get(field));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PhysicalSchema p && Objects.equals(name, p.name)
        && Objects.equals(type, p.type) && columnTypes.equals(p.columnTypes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, columnTypes);
  }

  @Override
  public String toString() {
    return "PhysicalSchema{" + name + ", " + type + ", " + columnTypes + "}";
  }
}
