package dev.dataproduct.internal;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Principal;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Applies masks, row filters and projection to the store's batches. Row filters see the row as
 * the principal may see it (masked), so that a filter on a masked field cannot confirm a
 * guessed value: a masked value never equals what the principal asserts.
 */
final class GuardedReader implements BatchReader {
  private final BatchReader raw;
  private final Consumption.Decision decision;
  private final Principal principal;
  private final int[] projection;
  private final Schema visibleSchema;
  private final Schema schema;
  private final Masking[] masks;
  private final boolean masking;
  private final boolean identity;
  private final String salt;
  private final Span span;
  private MessageDigest sha;
  private long rows;
  private boolean closed;

  GuardedReader(BatchReader raw, Schema source, Consumption.Decision decision, Principal principal,
      List<String> columns, String salt, Span span) {
    this.raw = raw;
    this.decision = decision;
    this.principal = principal;
    this.salt = salt;
    this.span = span;
    this.masks = decision.masks();
    boolean any = false;
    List<Field> visible = new ArrayList<>(source.size());
    for (int i = 0; i < source.size(); i++) {
      any |= masks[i] != null;
      visible.add(maskedField(source.field(i), masks[i]));
    }
    this.masking = any;
    this.visibleSchema = any ? Schema.of(visible) : source;
    List<String> names = columns.isEmpty() ? source.fieldNames() : columns;
    this.projection = new int[names.size()];
    List<Field> fields = new ArrayList<>();
    boolean same = names.size() == source.size();
    for (int i = 0; i < projection.length; i++) {
      int from = source.indexOf(names.get(i));
      projection[i] = from;
      same &= from == i;
      fields.add(visibleSchema.field(from));
    }
    this.identity = same;
    this.schema = same ? visibleSchema : Schema.of(fields);
  }

  private static Field maskedField(Field f, Masking m) {
    if (m == null) {
      return f;
    }
    FieldType type = m.kind() == Masking.Kind.NULL ? f.type() : FieldType.STRING;
    Field out = Field.optional(f.name(), type).withClassification(f.classification());
    return f.description().map(out::withDescription).orElse(out);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<Row> next() {
    while (true) {
      List<Row> batch = raw.next();
      if (batch.isEmpty()) {
        return batch;
      }
      List<Row> out = new ArrayList<>(batch.size());
      for (Row r : batch) {
        Row seen = masking ? masked(r) : r;
        if (visible(seen)) {
          out.add(project(seen));
        }
      }
      rows += out.size();
      if (!out.isEmpty()) {
        return out;
      }
    }
  }

  private boolean visible(Row r) {
    for (AccessPolicy.RowFilter f : decision.filters()) {
      try {
        if (!f.predicate().test(r, principal)) {
          return false;
        }
      } catch (RuntimeException e) {
        return false; // a failing filter hides the row rather than leaking it
      }
    }
    return true;
  }

  /** The row as the principal may see it: every field, masked. */
  private Row masked(Row r) {
    Object[] v = new Object[masks.length];
    for (int i = 0; i < v.length; i++) {
      Object x = r.get(i);
      v[i] = masks[i] == null || x == null ? x : mask(masks[i], x);
    }
    return Row.of(visibleSchema, v);
  }

  private Row project(Row r) {
    if (identity && r.schema() == schema) {
      return r;
    }
    Object[] v = new Object[projection.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(projection[i]);
    }
    return Row.of(schema, v);
  }

  private Object mask(Masking m, Object value) {
    switch (m.kind()) {
      case HASH:
        if (sha == null) {
          try {
            sha = MessageDigest.getInstance("SHA-256");
          } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
          }
        }
        sha.reset();
        sha.update(salt.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
      case PARTIAL:
        String s = String.valueOf(value);
        int visible = s.length() > m.visibleSuffix() ? m.visibleSuffix() : 0;
        return "*".repeat(s.length() - visible) + s.substring(s.length() - visible);
      case NULL:
      default:
        return null;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      raw.close();
    } finally {
      Instruments.safely(span, s -> s.setAttribute(TelemetryNames.ROWS, rows));
      Instruments.end(span);
    }
  }
}
