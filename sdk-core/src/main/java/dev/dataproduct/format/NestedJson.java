package dev.dataproduct.format;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of OBJECT and ARRAY values, the same as inside JSON Lines and CSV files, for
 * adapters that store nested values as text (a Parquet or Iceberg JSON column, a database's json
 * column, a message header).
 *
 * <pre>{@code
 * String json = NestedJson.write(Map.of("tags", List.of("a", "b")));   // {"tags":["a","b"]}
 * Object back = NestedJson.read(json);                                 // a Map again
 * }</pre>
 *
 * <p>Numbers are exact both ways: integers read back as {@link Long} (or {@link
 * java.math.BigInteger} beyond 64 bits), other numbers as {@link Double} when the text is exactly
 * how Java prints that double, else as an exact {@link java.math.BigDecimal}; decimals are never
 * written in scientific notation; dates and instants are written as ISO-8601 text.
 */
public final class NestedJson {
  private NestedJson() {}

  /**
   * The JSON text of a nested value: maps as objects (keys as text), collections and arrays as
   * arrays, numbers exactly, dates and instants as ISO-8601 text, {@code null} as {@code null}.
   */
  public static String write(Object value) {
    return JsonValues.toJson(value);
  }

  /**
   * The value a JSON text holds: a {@link Map} for an object, a {@link List} for an array, or the
   * scalar.
   *
   * @throws IllegalArgumentException when the text is not one JSON value; the message describes
   *     the problem without quoting the text
   */
  public static Object read(String json) {
    try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
      if (p.nextToken() == null) {
        throw new IllegalArgumentException("Not JSON: the text is empty");
      }
      Object value = JsonValues.read(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("Not one JSON value: there is more after it");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("Not JSON: " + JsonValues.problem(e));
    }
  }
}
