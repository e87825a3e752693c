package dev.dataproduct.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The key of a record, from the contract's primary key, so that all versions of one entity land
 * in one partition, in order:
 *
 * <ul>
 *   <li>no primary key: no key (the producer spreads records over the partitions);
 *   <li>one key field: the UTF-8 bytes of its value's canonical text: a string as is, an integer
 *       in decimal, a decimal as plain text without trailing zeros ({@code 12.5}), a date or
 *       timestamp in ISO-8601 ({@code 2026-03-01}, {@code 2026-03-01T12:00:00Z}), a boolean as
 *       {@code true}/{@code false};
 *   <li>several key fields: a JSON array of those texts, in key order: {@code ["EU","42"]};
 *   <li>any key field classified pii, confidential or restricted: the lower-case hex SHA-256 of
 *       the salt, a NUL character and the text above. Equal keys still go to one partition, but
 *       the value never leaves in clear.
 * </ul>
 */
final class RecordKeys {
  private final int[] index;
  private final byte[] salt;
  private final MessageDigest sha256;

  private RecordKeys(int[] index, byte[] salt) {
    this.index = index;
    this.salt = salt;
    try {
      this.sha256 = salt == null ? null : MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Keys for rows of {@code schema}; {@code salt} is used for classified keys only. */
  static RecordKeys of(Schema schema, String salt) {
    List<Field> key = schema.primaryKey();
    int[] index = new int[key.size()];
    boolean sensitive = false;
    for (int i = 0; i < index.length; i++) {
      index[i] = schema.indexOf(key.get(i).name());
      sensitive |= key.get(i).isSensitive();
    }
    return new RecordKeys(index, sensitive ? salt.getBytes(StandardCharsets.UTF_8) : null);
  }

  /** Whether the key is hashed because a key field is classified. */
  boolean hashed() {
    return salt != null;
  }

  /** The key bytes of {@code row}, or null when the schema has no primary key. */
  byte[] key(Row row) {
    if (index.length == 0) {
      return null;
    }
    String text;
    if (index.length == 1) {
      text = canonical(row.get(index[0]));
    } else {
      List<String> parts = new ArrayList<>(index.length);
      for (int i : index) {
        parts.add(canonical(row.get(i)));
      }
      try {
        text = JsonRecordFormat.MAPPER.writeValueAsString(parts);
      } catch (JsonProcessingException e) {
        throw new DataProductException("Encoding a composite key failed");
      }
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (salt == null) {
      return bytes;
    }
    sha256.reset();
    sha256.update(salt);
    sha256.update((byte) 0);
    return HexFormat.of().formatHex(sha256.digest(bytes)).getBytes(StandardCharsets.US_ASCII);
  }

  /** The canonical text of a key value (see the class comment); "" for null. */
  static String canonical(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }
}
