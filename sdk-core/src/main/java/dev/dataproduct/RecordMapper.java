package dev.dataproduct;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Maps Java records to {@link Row}s and back, through the schema {@link Schema#fromRecord}
 * derives. Create one per record type and reuse it: it is immutable and thread-safe.
 *
 * <pre>{@code
 * record Order(long orderId, String country, BigDecimal amount) {}
 * RecordMapper<Order> orders = RecordMapper.of(Order.class);
 * Row row = orders.toRow(new Order(1, "DE", new BigDecimal("9.90")));
 * Order back = orders.fromRow(row);
 * }</pre>
 *
 * @param <T> the record type
 */
public final class RecordMapper<T extends Record> {
  private final Class<T> type;
  private final Schema schema;
  private final MethodHandle[] accessors;
  private final Class<?>[] componentTypes;
  private final MethodHandle constructor;

  private RecordMapper(Class<T> type) {
    this.type = type;
    this.schema = Schema.fromRecord(type);
    RecordComponent[] components = type.getRecordComponents();
    this.accessors = new MethodHandle[components.length];
    this.componentTypes = new Class<?>[components.length];
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      for (int i = 0; i < components.length; i++) {
        components[i].getAccessor().setAccessible(true);
        accessors[i] = lookup.unreflect(components[i].getAccessor());
        componentTypes[i] = components[i].getType();
      }
      var ctor = type.getDeclaredConstructor(componentTypes);
      ctor.setAccessible(true);
      this.constructor =
          lookup.unreflectConstructor(ctor).asSpreader(Object[].class, components.length)
              .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Record " + type.getName() + " cannot be mapped: " + e.getMessage(), e);
    }
  }

  /** A mapper for {@code type}; fails fast when a component type has no logical type. */
  public static <T extends Record> RecordMapper<T> of(Class<T> type) {
    return new RecordMapper<>(Objects.requireNonNull(type, "type"));
  }

  /** The schema derived from the record, see {@link Schema#fromRecord}. */
  public Schema schema() {
    return schema;
  }

  /** The row holding the record's values, converted to the canonical Java types. */
  public Row toRow(T record) {
    Objects.requireNonNull(record, "record");
    Object[] values = new Object[accessors.length];
    try {
      for (int i = 0; i < accessors.length; i++) {
        values[i] = toCanonical(accessors[i].invoke(record));
      }
    } catch (Throwable t) {
      throw new DataProductException("Cannot read record " + type.getSimpleName(), t);
    }
    return Row.of(schema, values);
  }

  /**
   * The record holding the row's values. The row may be bound to another schema: values are
   * taken by field name.
   *
   * @throws DataProductException naming the field when a value does not fit its component
   */
  public T fromRow(Row row) {
    Objects.requireNonNull(row, "row");
    Object[] args = new Object[accessors.length];
    for (int i = 0; i < args.length; i++) {
      String name = schema.field(i).name();
      Object v = row.schema() == schema ? row.get(i) : row.get(name);
      args[i] = fromCanonical(v, componentTypes[i], name);
    }
    try {
      return type.cast(constructor.invoke(args));
    } catch (Throwable t) {
      throw new DataProductException("Cannot create record " + type.getSimpleName()
          + " from row with fields " + row.schema().fieldNames(), t);
    }
  }

  private static Object toCanonical(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float) {
      return ((Float) v).doubleValue();
    }
    if (v instanceof Character || v instanceof UUID) {
      return v.toString();
    }
    if (v instanceof OffsetDateTime) {
      return ((OffsetDateTime) v).toInstant();
    }
    if (v instanceof ZonedDateTime) {
      return ((ZonedDateTime) v).toInstant();
    }
    if (v instanceof BigInteger) {
      return ((BigInteger) v).longValueExact();
    }
    return v;
  }

  private Object fromCanonical(Object v, Class<?> target, String field) {
    if (v == null) {
      if (target.isPrimitive()) {
        throw new DataProductException("Field '" + field + "' is null but record "
            + type.getSimpleName() + " declares it " + target.getName());
      }
      return null;
    }
    Class<?> boxed = box(target);
    if (boxed.isInstance(v)) {
      return v;
    }
    if (v instanceof Number) {
      Number n = (Number) v;
      if (boxed == Long.class) {
        return n.longValue();
      }
      if (boxed == Integer.class) {
        return Math.toIntExact(n.longValue());
      }
      if (boxed == Short.class) {
        return n.shortValue();
      }
      if (boxed == Byte.class) {
        return n.byteValue();
      }
      if (boxed == Double.class) {
        return n.doubleValue();
      }
      if (boxed == Float.class) {
        return n.floatValue();
      }
      if (boxed == BigDecimal.class) {
        return new BigDecimal(n.toString());
      }
      if (boxed == BigInteger.class) {
        return BigInteger.valueOf(n.longValue());
      }
    }
    if (v instanceof String) {
      String s = (String) v;
      if (boxed == UUID.class) {
        return UUID.fromString(s);
      }
      if (boxed == Character.class && s.length() == 1) {
        return s.charAt(0);
      }
    }
    if (v instanceof Instant) {
      if (boxed == OffsetDateTime.class) {
        return ((Instant) v).atOffset(ZoneOffset.UTC);
      }
      if (boxed == ZonedDateTime.class) {
        return ((Instant) v).atZone(ZoneOffset.UTC);
      }
    }
    throw new DataProductException("Field '" + field + "' holds a " + v.getClass().getSimpleName()
        + " which does not fit record component type " + target.getSimpleName());
  }

  private static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return MethodType.methodType(c).wrap().returnType();
  }
}
