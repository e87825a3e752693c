package dev.dataproduct;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An ordered list of uniquely named {@link Field}s. Immutable and thread-safe.
 *
 * <pre>{@code
 * Schema orders = Schema.of(
 *     Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
 *     Field.required("country", FieldType.STRING).withMaxLength(2),
 *     Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));
 *
 * record Order(long orderId, String country, BigDecimal amount) {}
 * Schema derived = Schema.fromRecord(Order.class);
 * }</pre>
 */
public final class Schema {
  private final List<Field> fields;
  private final Map<String, Integer> index;

  private Schema(List<Field> fields) {
    this.fields = List.copyOf(fields);
    Map<String, Integer> idx = new HashMap<>(fields.size() * 2);
    for (int i = 0; i < this.fields.size(); i++) {
      Field f = this.fields.get(i);
      if (idx.put(f.name(), i) != null) {
        throw new IllegalArgumentException("Duplicate field name '" + f.name() + "' in schema "
            + names(this.fields));
      }
    }
    this.index = Collections.unmodifiableMap(idx);
  }

  /** A schema of the given fields, in order. Field names must be unique. */
  public static Schema of(Field... fields) {
    Objects.requireNonNull(fields, "fields");
    return new Schema(List.of(fields));
  }

  /** A schema of the given fields, in order. Field names must be unique. */
  public static Schema of(Collection<Field> fields) {
    Objects.requireNonNull(fields, "fields");
    return new Schema(new ArrayList<>(fields));
  }

  /**
   * Derives a schema from a Java record: one field per component, named after it in snake_case
   * ({@code orderId} becomes {@code order_id}). Primitive components are required, reference
   * components optional.
   *
   * @throws IllegalArgumentException when a component's type has no logical type
   */
  public static Schema fromRecord(Class<? extends Record> type) {
    Objects.requireNonNull(type, "type");
    List<Field> fields = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Class<?> t = c.getType();
      FieldType ft = logicalTypeOf(t);
      if (ft == null) {
        throw new IllegalArgumentException("Record " + type.getSimpleName() + " component '"
            + c.getName() + "' has type " + t.getName()
            + ", which maps to no logical type; use String, numbers, Boolean, LocalDate, Instant,"
            + " Map or List");
      }
      String name = snakeCase(c.getName());
      fields.add(t.isPrimitive() ? Field.required(name, ft) : Field.optional(name, ft));
    }
    return new Schema(fields);
  }

  static FieldType logicalTypeOf(Class<?> t) {
    if (t == String.class || t == char.class || t == Character.class || t == UUID.class) {
      return FieldType.STRING;
    }
    if (t == long.class || t == Long.class || t == int.class || t == Integer.class
        || t == short.class || t == Short.class || t == byte.class || t == Byte.class
        || t == BigInteger.class) {
      return FieldType.INTEGER;
    }
    if (t == double.class || t == Double.class || t == float.class || t == Float.class
        || t == BigDecimal.class) {
      return FieldType.NUMBER;
    }
    if (t == boolean.class || t == Boolean.class) {
      return FieldType.BOOLEAN;
    }
    if (t == LocalDate.class) {
      return FieldType.DATE;
    }
    if (t == Instant.class || t == OffsetDateTime.class || t == ZonedDateTime.class) {
      return FieldType.TIMESTAMP;
    }
    if (Map.class.isAssignableFrom(t)) {
      return FieldType.OBJECT;
    }
    if (List.class.isAssignableFrom(t)) {
      return FieldType.ARRAY;
    }
    return null;
  }

  static String snakeCase(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        if (i > 0) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /** The fields, in order. */
  public List<Field> fields() {
    return fields;
  }

  /** The number of fields. */
  public int size() {
    return fields.size();
  }

  /** The field at {@code index}. */
  public Field field(int index) {
    return fields.get(index);
  }

  /**
   * The field named {@code name}.
   *
   * @throws IllegalArgumentException naming the field and the schema's fields
   */
  public Field field(String name) {
    return fields.get(indexOf(name));
  }

  /** The field named {@code name}, if present. */
  public Optional<Field> findField(String name) {
    Integer i = index.get(name);
    return i == null ? Optional.empty() : Optional.of(fields.get(i));
  }

  /**
   * The position of the field named {@code name}.
   *
   * @throws IllegalArgumentException naming the field and the schema's fields
   */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "No field '" + name + "'; fields are " + names(fields));
    }
    return i;
  }

  /** Whether a field named {@code name} exists. */
  public boolean contains(String name) {
    return index.containsKey(name);
  }

  /** The field names, in order. */
  public List<String> fieldNames() {
    return fields.stream().map(Field::name).collect(Collectors.toUnmodifiableList());
  }

  /** The primary-key fields, in order (empty when none is declared). */
  public List<Field> primaryKey() {
    return fields.stream().filter(Field::isPrimaryKey).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The keys whose values must be unique within one publication, each a list of fields: every
   * field unique on its own (declared unique, or the single field of the primary key) as a key of
   * one field, then a composite primary key as one key over all its fields (its fields are not
   * unique one by one, unless declared so). Null values never collide.
   *
   * <pre>{@code
   * Schema s = Schema.of(Field.required("day", FieldType.DATE).asPrimaryKey(),
   *     Field.required("country", FieldType.STRING).asPrimaryKey(),
   *     Field.optional("ref", FieldType.STRING).asUnique());
   * s.uniqueKeys();   // [[ref], [day, country]]
   * }</pre>
   */
  public List<List<Field>> uniqueKeys() {
    List<Field> key = primaryKey();
    List<List<Field>> keys = new ArrayList<>();
    for (Field f : fields) {
      boolean alone = f.isPrimaryKey() ? key.size() == 1 || f.isDeclaredUnique() : f.isUnique();
      if (alone) {
        keys.add(List.of(f));
      }
    }
    if (key.size() > 1) {
      keys.add(key);
    }
    return List.copyOf(keys);
  }

  /** Whether values of {@code field} must be unique on their own: a key of {@link #uniqueKeys}. */
  public boolean isUniqueAlone(Field field) {
    return uniqueKeys().contains(List.of(field));
  }

  /** A new schema with {@code field} appended. */
  public Schema with(Field field) {
    List<Field> copy = new ArrayList<>(fields);
    copy.add(Objects.requireNonNull(field, "field"));
    return new Schema(copy);
  }

  /** A new schema without the field named {@code name}. */
  public Schema without(String name) {
    indexOf(name);
    List<Field> copy = new ArrayList<>(fields);
    copy.removeIf(f -> f.name().equals(name));
    return new Schema(copy);
  }

  /** A new schema where the field of the same name is replaced by {@code field}. */
  public Schema replace(Field field) {
    int i = indexOf(field.name());
    List<Field> copy = new ArrayList<>(fields);
    copy.set(i, field);
    return new Schema(copy);
  }

  private static String names(List<Field> fields) {
    return fields.stream().map(Field::name).collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Schema && fields.equals(((Schema) o).fields));
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
