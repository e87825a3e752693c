package dev.dataproduct;

import java.util.Locale;

/**
 * How sensitive a field's values are. Values of {@link #CONFIDENTIAL}, {@link #RESTRICTED} and
 * {@link #PII} fields never reach spans, meters, logs or exception messages; {@link #PII} and
 * {@link #RESTRICTED} fields are masked on read for principals without an explicit grant.
 */
public enum Classification {
  PUBLIC,
  INTERNAL,
  CONFIDENTIAL,
  RESTRICTED,
  PII;

  /** Whether values of this class must be kept out of telemetry, logs and messages. */
  public boolean isSensitive() {
    return this == CONFIDENTIAL || this == RESTRICTED || this == PII;
  }

  /** Whether values of this class are masked for principals without an explicit grant. */
  public boolean isMaskedByDefault() {
    return this == RESTRICTED || this == PII;
  }

  /** The ODCS spelling, lower case. */
  public String odcsName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a classification, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Classification parse(String value) {
    if (value != null) {
      for (Classification c : values()) {
        if (c.name().equalsIgnoreCase(value.trim())) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unknown classification '" + value
            + "'; expected one of public, internal, confidential, restricted, pii");
  }
}
