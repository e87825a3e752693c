package dev.dataproduct.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;

/** Turns a rejected row into a {@link Quarantine#SCHEMA} record. */
public final class QuarantineRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setCharacterEscapes(new SurrogateEscapes());
  }

  /**
   * Standard JSON escapes, plus every UTF-16 surrogate as a JSON unicode escape: a record
   * holding an unpaired surrogate (the reason it was quarantined, perhaps) is kept exactly by
   * every store, UTF-8 ones included, and NUL is escaped as any control character.
   */
  private static final class SurrogateEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
        return new SerializedString(String.format("\\u%04X", ch));
      }
      return null;
    }
  }

  private QuarantineRecords() {}

  /**
   * The quarantine record for {@code row}, quarantined {@code at} (kept to the microsecond: every
   * store holds that exactly).
   */
  public static Row of(String runId, String product, String port, String ruleId, String reason,
      Instant at, Row row) {
    return Row.of(Quarantine.SCHEMA, runId, product, port, ruleId, reason, micros(at),
        toJson(row));
  }

  /**
   * {@code at} truncated to the microsecond, the finest fraction PostgreSQL, H2, Parquet and
   * Iceberg keep: the SDK's own timestamps never trip a store's {@code timestampPrecision}.
   */
  static Instant micros(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  /** The quarantine record of an input's record that could not be read as a row. */
  public static Row ofMalformed(String runId, String product, String port, String reason,
      Instant at, String raw) {
    StringWriter out = new StringWriter(raw == null ? 16 : raw.length() + 16);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(Quarantine.RAW, raw);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode a quarantined record", e);
    }
    return Row.of(Quarantine.SCHEMA, runId, product, port, Quarantine.MALFORMED_RULE_ID, reason,
        micros(at), out.toString());
  }

  /**
   * The row as a JSON object of field name to value; scalars as text (so a value of the wrong
   * type is kept as it came), maps and lists as JSON.
   */
  public static String toJson(Row row) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < row.size(); i++) {
        g.writeFieldName(row.schema().field(i).name());
        write(g, row.get(i));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode a quarantined row", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Collection) {
      g.writeStartArray();
      for (Object o : (Collection<?>) v) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof BigDecimal) {
      g.writeString(((BigDecimal) v).toPlainString());
    } else {
      g.writeString(v.toString());
    }
  }
}
