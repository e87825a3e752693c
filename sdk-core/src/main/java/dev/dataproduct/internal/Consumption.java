package dev.dataproduct.internal;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A consumer read through an output port: the access decision, the publication chosen, column
 * masking, row filters and projection, and the consume span and meter. Every adapter gets this
 * by implementing {@link dev.dataproduct.spi.PublicationStore#read} only.
 */
public final class Consumption {
  private Consumption() {}

  /** What a principal may see of a port. */
  public record Decision(boolean granted, String reason, Masking[] masks,
      List<AccessPolicy.RowFilter> filters) {}

  /** Decides, by the rules documented on {@link AccessPolicy}. */
  public static Decision decide(List<AccessPolicy> policies, Principal principal, Schema schema,
      String port) {
    for (AccessPolicy p : policies) {
      if (p.effect() == AccessPolicy.Effect.DENY
          && principal.roles().stream().anyMatch(p.roles()::contains)) {
        String role = principal.roles().stream().filter(p.roles()::contains).sorted()
            .findFirst().orElseThrow();
        return new Decision(false, "principal '" + principal.id() + "' is denied on port '"
            + port + "' by a deny policy on role '" + role + "'", null, List.of());
      }
    }
    List<AccessPolicy> allows = policies.stream()
        .filter(p -> p.effect() == AccessPolicy.Effect.ALLOW).collect(Collectors.toList());
    List<AccessPolicy> matching = allows.stream().filter(p -> p.matches(principal))
        .collect(Collectors.toList());
    if (!allows.isEmpty() && matching.isEmpty()) {
      String grants = allows.stream()
          .map(p -> "role " + p.roles() + (p.purposes().isEmpty() ? "" : " with purpose "
              + p.purposes()))
          .collect(Collectors.joining(" or "));
      return new Decision(false, "principal '" + principal.id() + "' (roles "
          + principal.roles().stream().sorted().collect(Collectors.toList()) + ", purposes "
          + principal.purposes().stream().sorted().collect(Collectors.toList())
          + ") has no grant on port '" + port + "'; it needs " + grants, null, List.of());
    }
    Masking[] masks = new Masking[schema.size()];
    for (int i = 0; i < masks.length; i++) {
      Field f = schema.field(i);
      Masking m = null;
      boolean unmasked = false;
      for (AccessPolicy p : matching) {
        if (m == null && p.masks().containsKey(f.name())) {
          m = p.masks().get(f.name());
        }
        unmasked |= p.unmasked().contains(f.name());
      }
      if (m == null && f.classification().isMaskedByDefault() && !unmasked) {
        m = Masking.nullify();
      }
      masks[i] = m;
    }
    List<AccessPolicy.RowFilter> filters = new ArrayList<>();
    matching.forEach(p -> filters.addAll(p.rowFilters()));
    return new Decision(true, "granted", masks, filters);
  }

  /** See {@link OutputPort#read}. */
  public static BatchReader read(OutputPort port, Principal principal, ReadOptions options,
      Telemetry telemetry, String product, String salt) {
    Instruments tel = new Instruments(telemetry);
    String productTag = product == null ? "" : product;
    Span span = tel.startSpan(TelemetryNames.SPAN_CONSUME + " " + port.name(), Context.current(),
        SpanKind.INTERNAL, Attributes.builder()
            .put(TelemetryNames.PRODUCT_NAME, productTag)
            .put(TelemetryNames.PORT, port.name())
            .put(TelemetryNames.PORT_TYPE, port.type())
            .put(TelemetryNames.CONSUMER, principal.id())
            .build());
    try {
      Schema schema = port.contract().schema();
      for (String c : options.columns()) {
        if (!schema.contains(c) && options.contractMajor().isEmpty()
            && options.publicationId().isEmpty()) {
          throw new IllegalArgumentException("Port '" + port.name() + "' has no column '" + c
              + "'; columns are " + schema.fieldNames());
        }
      }
      Decision d = decide(port.accessPolicies(), principal, schema, port.name());
      String outcome = d.granted() ? "granted" : "denied";
      Instruments.safely(span, s -> s.addEvent(TelemetryNames.EVENT_ACCESS_DECISION,
          Attributes.of(TelemetryNames.CONSUMER, principal.id(), TelemetryNames.ACCESS_OUTCOME,
              outcome)));
      Instruments.increment(tel.consumerReads(productTag, port.name(), principal.id(), outcome),
          1);
      if (!d.granted()) {
        throw new AccessDeniedException(d.reason());
      }
      Publication pub = choose(port, options);
      Instruments.safely(span, s -> s.setAttribute(TelemetryNames.PUBLICATION_ID, pub.id()));
      // only now, after the grant and the choice: a denied read never claims a storage location
      Instruments.adapterAttributes(span, () -> port.store().readAttributes(pub));
      // rows come in the schema of the contract the publication was checked against: a reader
      // pinned to an older major gets that major's columns, not the current contract's
      Optional<dev.dataproduct.contract.DataContract> published = port.store().contractOf(pub);
      Schema stored = published.map(c -> c.schema()).orElse(schema);
      for (String c : options.columns()) {
        if (!stored.contains(c)) {
          throw new IllegalArgumentException("Publication " + pub.id() + " of port '"
              + port.name() + "' has no column '" + c + "'; its columns are "
              + stored.fieldNames());
        }
      }
      Schema classified = strictest(stored, schema, published);
      if (classified != schema) {
        d = decide(port.accessPolicies(), principal, classified, port.name());
      }
      BatchReader raw = port.store().read(pub, stored, options.batchSize());
      return new Guarded(raw, classified, d, principal, options.columns(), salt, span);
    } catch (RuntimeException e) {
      Instruments.fail(span, e);
      Instruments.end(span);
      throw e;
    }
  }

  /**
   * The schema of the publication read ({@code stored}) with each field classified at least as
   * the port's current contract classifies it, and at least as the publication's own contract
   * did: values published as pii stay masked when a later contract lowers the field's
   * classification, and a field the current contract raised is masked in old publications too.
   * {@code current} itself when nothing differs.
   */
  private static Schema strictest(Schema stored, Schema current,
      Optional<dev.dataproduct.contract.DataContract> published) {
    if (published.isEmpty() || stored.equals(current)) {
      return published.isEmpty() ? current : raised(current, stored);
    }
    return raised(stored, current);
  }

  /** {@code base} with each field classified at least as the field of the same name in {@code other}. */
  private static Schema raised(Schema base, Schema other) {
    List<Field> fields = new ArrayList<>(base.size());
    boolean raised = false;
    for (Field f : base.fields()) {
      Optional<Field> then = other.findField(f.name());
      if (then.isPresent() && then.get().classification().compareTo(f.classification()) > 0) {
        fields.add(f.withClassification(then.get().classification()));
        raised = true;
      } else {
        fields.add(f);
      }
    }
    return raised ? Schema.of(fields) : base;
  }

  private static Publication choose(OutputPort port, ReadOptions options) {
    List<Publication> all = port.store().publications();
    if (options.publicationId().isPresent()) {
      long id = options.publicationId().getAsLong();
      Optional<Publication> p = all.stream().filter(x -> x.id() == id).findFirst();
      return p.orElseThrow(() -> new DataProductException("Port '" + port.name()
          + "' has no publication " + id + "; retained publications are "
          + all.stream().map(Publication::id).collect(Collectors.toList())));
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Publication p = all.get(i);
      if (options.contractMajor().isEmpty()
          || p.contractMajor() == options.contractMajor().getAsInt()) {
        return p;
      }
    }
    throw new DataProductException("Port '" + port.name() + "' has no publication"
        + (options.contractMajor().isPresent()
            ? " under contract major version " + options.contractMajor().getAsInt() : "")
        + " yet");
  }

  /** Applies row filters, masks and projection to the store's batches. */
  private static final class Guarded implements BatchReader {
    private final BatchReader raw;
    private final Decision decision;
    private final Principal principal;
    private final int[] projection;
    private final Schema schema;
    private final Masking[] masks;
    private final String salt;
    private final Span span;
    private MessageDigest sha;
    private long rows;
    private boolean closed;

    Guarded(BatchReader raw, Schema source, Decision decision, Principal principal,
        List<String> columns, String salt, Span span) {
      this.raw = raw;
      this.decision = decision;
      this.principal = principal;
      this.salt = salt;
      this.span = span;
      List<String> names = columns.isEmpty() ? source.fieldNames() : columns;
      this.projection = new int[names.size()];
      this.masks = new Masking[names.size()];
      List<Field> fields = new ArrayList<>();
      for (int i = 0; i < projection.length; i++) {
        int from = source.indexOf(names.get(i));
        projection[i] = from;
        masks[i] = decision.masks()[from];
        fields.add(maskedField(source.field(from), masks[i]));
      }
      this.schema = Schema.of(fields);
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
          if (visible(r)) {
            out.add(apply(r));
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

    private Row apply(Row r) {
      Object[] v = new Object[projection.length];
      for (int i = 0; i < v.length; i++) {
        Object x = r.get(projection[i]);
        v[i] = masks[i] == null || x == null ? x : mask(masks[i], x);
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
}
