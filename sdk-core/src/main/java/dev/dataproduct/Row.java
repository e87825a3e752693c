package dev.dataproduct;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable array of values bound to a {@link Schema}. Index access ({@link #get(int)}) is the
 * fast path; name access ({@link #get(String)}) the convenient one. Rows travel in batches ({@code
 * List<Row>}); nothing in the runtime holds a whole dataset.
 *
 * <pre>{@code
 * Row row = Row.of(schema, 42L, "DE", new BigDecimal("19.99"));
 * long id = row.getLong(0);
 * String country = row.getString("country");
 * }</pre>
 *
 * <p>{@link #toString()} prints values of sensitive fields as {@code ***}, so a row that reaches a
 * log line does not leak them.
 */
public final class Row {
  static {
    dev.dataproduct.internal.RowAccess.register(new dev.dataproduct.internal.RowAccess.Accessor() {
      @Override
      public Row conformed(Schema schema, Object[] values) {
        return new Row(schema, values, schema);
      }

      @Override
      public Row rebind(Row row, Schema schema) {
        return new Row(schema, row.values, schema);
      }

      @Override
      public Schema conformedTo(Row row) {
        return row.conformedTo;
      }
    });
  }

  private final Schema schema;
  private final Object[] values;
  /** The schema the runtime checked these values against, or null (never set by users). */
  private final Schema conformedTo;

  private Row(Schema schema, Object[] values) {
    this(schema, values, null);
  }

  private Row(Schema schema, Object[] values, Schema conformedTo) {
    this.schema = schema;
    this.values = values;
    this.conformedTo = conformedTo;
  }

  /**
   * A row of {@code values}, one per field of {@code schema}, in order. The values are not checked
   * against the field types here: that is schema conformance, done by the runtime before a row
   * reaches an output port.
   *
   * @throws IllegalArgumentException when the number of values differs from the number of fields
   */
  public static Row of(Schema schema, Object... values) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(values, "values");
    if (values.length != schema.size()) {
      throw new IllegalArgumentException("Schema has " + schema.size() + " fields "
          + schema.fieldNames() + " but " + values.length + " values were given");
    }
    return new Row(schema, values.clone());
  }

  /** A row from a map of field name to value; absent fields are {@code null}. */
  public static Row fromMap(Schema schema, Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    for (String key : values.keySet()) {
      schema.indexOf(key);
    }
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(schema.field(i).name());
    }
    return new Row(schema, v);
  }

  /** A reusable builder that fills a row by index without copying the value array. */
  public static Builder builder(Schema schema) {
    return new Builder(Objects.requireNonNull(schema, "schema"));
  }

  public Schema schema() {
    return schema;
  }

  /** The number of values, equal to the number of fields. */
  public int size() {
    return values.length;
  }

  /** The value at {@code index}, possibly {@code null}. */
  public Object get(int index) {
    return values[index];
  }

  /**
   * The value of the field named {@code name}, possibly {@code null}.
   *
   * @throws IllegalArgumentException when the schema has no such field
   */
  public Object get(String name) {
    return values[schema.indexOf(name)];
  }

  public String getString(int index) {
    return as(index, String.class);
  }

  public String getString(String name) {
    return getString(schema.indexOf(name));
  }

  /** The INTEGER value at {@code index} as a {@link Long}, or {@code null}. */
  public Long getLong(int index) {
    Object v = values[index];
    if (v == null || v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    throw typeError(index, Long.class);
  }

  public Long getLong(String name) {
    return getLong(schema.indexOf(name));
  }

  /** The NUMBER value at {@code index} as a {@link BigDecimal}, or {@code null}. */
  public BigDecimal getDecimal(int index) {
    Object v = values[index];
    if (v == null || v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return BigDecimal.valueOf(((Number) v).doubleValue());
    }
    throw typeError(index, BigDecimal.class);
  }

  public BigDecimal getDecimal(String name) {
    return getDecimal(schema.indexOf(name));
  }

  /** The NUMBER value at {@code index} as a {@link Double}, or {@code null}. */
  public Double getDouble(int index) {
    Object v = values[index];
    if (v == null || v instanceof Double) {
      return (Double) v;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    throw typeError(index, Double.class);
  }

  public Double getDouble(String name) {
    return getDouble(schema.indexOf(name));
  }

  public Boolean getBoolean(int index) {
    return as(index, Boolean.class);
  }

  public Boolean getBoolean(String name) {
    return getBoolean(schema.indexOf(name));
  }

  public LocalDate getDate(int index) {
    return as(index, LocalDate.class);
  }

  public LocalDate getDate(String name) {
    return getDate(schema.indexOf(name));
  }

  public Instant getTimestamp(int index) {
    return as(index, Instant.class);
  }

  public Instant getTimestamp(String name) {
    return getTimestamp(schema.indexOf(name));
  }

  private <T> T as(int index, Class<T> type) {
    Object v = values[index];
    if (v == null || type.isInstance(v)) {
      return type.cast(v);
    }
    throw typeError(index, type);
  }

  private IllegalStateException typeError(int index, Class<?> wanted) {
    // the value itself is never in the message: it may be classified
    Field f = schema.field(index);
    return new IllegalStateException("Field '" + f.name() + "' holds a "
        + values[index].getClass().getSimpleName() + ", not a " + wanted.getSimpleName());
  }

  /** A copy of this row with the value at {@code index} replaced. */
  public Row with(int index, Object value) {
    Object[] copy = values.clone();
    copy[index] = value;
    return new Row(schema, copy);
  }

  /** A copy of this row with the value of field {@code name} replaced. */
  public Row with(String name, Object value) {
    return with(schema.indexOf(name), value);
  }

  /** The values by field name, in schema order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(schema.field(i).name(), values[i]);
    }
    return m;
  }

  /** A copy of the values, in schema order. */
  public Object[] toArray() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Row)) {
      return false;
    }
    Row r = (Row) o;
    return schema.equals(r.schema) && Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    return 31 * schema.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Row{");
    for (int i = 0; i < values.length; i++) {
      Field f = schema.field(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(f.name()).append('=');
      sb.append(f.isSensitive() && values[i] != null ? "***" : values[i]);
    }
    return sb.append('}').toString();
  }

  /**
   * Fills rows by index. Reusable: {@link #build()} hands the filled array to the row and starts
   * a fresh one, so no copy is made. Not thread-safe.
   */
  public static final class Builder {
    private final Schema schema;
    private Object[] values;

    private Builder(Schema schema) {
      this.schema = schema;
      this.values = new Object[schema.size()];
    }

    /** Sets the value at {@code index}. */
    public Builder set(int index, Object value) {
      values[index] = value;
      return this;
    }

    /** Sets the value of the field named {@code name}. */
    public Builder set(String name, Object value) {
      values[schema.indexOf(name)] = value;
      return this;
    }

    /** The row; the builder starts over with all values {@code null}. */
    public Row build() {
      Row row = new Row(schema, values);
      values = new Object[schema.size()];
      return row;
    }
  }
}
