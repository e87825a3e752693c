package dev.dataproduct;

import java.util.Locale;

/**
 * The logical types of ODCS v3. Each has one canonical Java representation, which is what a
 * {@link Row} holds after its values passed schema conformance:
 *
 * <table>
 *   <caption>Logical types and their Java values</caption>
 *   <tr><th>type</th><th>Java value</th><th>also accepted and converted</th></tr>
 *   <tr><td>STRING</td><td>{@link String}</td><td>{@link Character}, {@link java.util.UUID}</td></tr>
 *   <tr><td>INTEGER</td><td>{@link Long}</td><td>Integer, Short, Byte, BigInteger in range</td></tr>
 *   <tr><td>NUMBER</td><td>{@link java.math.BigDecimal} when the field has a scale, else
 *       {@link Double} or {@link java.math.BigDecimal}</td><td>any integral, Float</td></tr>
 *   <tr><td>BOOLEAN</td><td>{@link Boolean}</td><td></td></tr>
 *   <tr><td>DATE</td><td>{@link java.time.LocalDate}</td><td>java.sql.Date</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@link java.time.Instant}</td><td>OffsetDateTime, ZonedDateTime,
 *       java.util.Date, LocalDateTime (read as UTC)</td></tr>
 *   <tr><td>OBJECT</td><td>{@link java.util.Map}</td><td></td></tr>
 *   <tr><td>ARRAY</td><td>{@link java.util.List}</td><td>arrays</td></tr>
 * </table>
 */
public enum FieldType {
  STRING,
  INTEGER,
  NUMBER,
  BOOLEAN,
  DATE,
  TIMESTAMP,
  OBJECT,
  ARRAY;

  /** The ODCS {@code logicalType} name: {@code string}, {@code integer}, ... */
  public String logicalTypeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an ODCS {@code logicalType} name.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static FieldType fromLogicalType(String name) {
    if (name != null) {
      for (FieldType t : values()) {
        if (t.logicalTypeName().equals(name.trim().toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unknown logicalType '" + name + "'; expected one of string, integer, number, boolean,"
            + " date, timestamp, object, array");
  }
}
