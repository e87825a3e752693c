package dev.dataproduct.internal;

import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A consumer read through an output port: the access decision, the publication chosen, column
 * masking, row filters and projection, and the consume span and meter. Every adapter gets this
 * by implementing {@link dev.dataproduct.spi.PublicationStore#read} only.
 */
public final class Consumption {
  private Consumption() {}

  /**
   * What a principal may see of a port.
   *
   * @param role what the {@code role} tag of {@code dataproduct.consumer.reads} says: the policy
   *     role that decided (a role of the matching allow or deny policy), {@link #ANY_ROLE} for
   *     {@link AccessPolicy#allowAll()}, {@link #NO_ROLE} when no policy decided. Bounded by the
   *     roles the owner's policies name, never the principal's id.
   */
  public record Decision(boolean granted, String reason, String role, Masking[] masks,
      List<AccessPolicy.RowFilter> filters) {

    /** A denial no policy role decided (no grant, no policies, unreadable policies). */
    static Decision denied(String reason) {
      return new Decision(false, reason, NO_ROLE, null, List.of());
    }
  }

  /** The {@code role} tag of a read no policy role decided. */
  public static final String NO_ROLE = "none";
  /** The {@code role} tag of a read granted by {@link AccessPolicy#allowAll()}. */
  public static final String ANY_ROLE = "*";

  /** Decides, by the rules documented on {@link AccessPolicy}. */
  public static Decision decide(List<AccessPolicy> policies, Principal principal, Schema schema,
      String port) {
    for (AccessPolicy p : policies) {
      if (p.effect() == AccessPolicy.Effect.DENY
          && principal.roles().stream().anyMatch(p.roles()::contains)) {
        String role = principal.roles().stream().filter(p.roles()::contains).sorted()
            .findFirst().orElseThrow();
        return new Decision(false, "principal '" + principal.id() + "' is denied on port '"
            + port + "' by a deny policy on role '" + role + "'", role, null, List.of());
      }
    }
    List<AccessPolicy> allows = policies.stream()
        .filter(p -> p.effect() == AccessPolicy.Effect.ALLOW).collect(Collectors.toList());
    List<AccessPolicy> matching = allows.stream().filter(p -> p.matches(principal))
        .collect(Collectors.toList());
    if (allows.isEmpty()) {
      return Decision.denied("port '" + port + "' declares no access yet, so principal '"
          + principal.id() + "' may not read it; its owner grants access with"
          + " .policy(AccessPolicy.allow(\"some-role\")) on the product (or accessPolicy(...) on"
          + " the port), or opens it to everyone with AccessPolicy.allowAll()");
    }
    if (matching.isEmpty()) {
      String grants = allows.stream()
          .map(p -> (p.everyone() ? "any role" : "role " + p.roles())
              + (p.purposes().isEmpty() ? "" : " with purpose "
              + p.purposes()))
          .collect(Collectors.joining(" or "));
      return Decision.denied("principal '" + principal.id() + "' (roles "
          + principal.roles().stream().sorted().collect(Collectors.toList()) + ", purposes "
          + principal.purposes().stream().sorted().collect(Collectors.toList())
          + ") has no grant on port '" + port + "'; it needs " + grants);
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
    // the first of the principal's roles a matching policy names; allowAll names none
    String role = principal.roles().stream()
        .filter(r -> matching.stream().anyMatch(p -> p.roles().contains(r)))
        .sorted().findFirst().orElse(ANY_ROLE);
    return new Decision(true, "granted", role, masks, filters);
  }

  /**
   * What a read goes through: the port, its storage, and either the access policies and contract
   * bound in this JVM ({@link #bound}) or, when they are null, those stored with the publication
   * read ({@link #published}).
   */
  public record Source(String product, String port, String type, PublicationStore store,
      DataContract contract, List<AccessPolicy> policies, String salt, Telemetry telemetry) {}

  /** A port whose contract and policies are at hand (an {@link OutputPort}). */
  public static Source bound(String product, String port, String type, PublicationStore store,
      DataContract contract, List<AccessPolicy> policies, String salt, Telemetry telemetry) {
    return new Source(product, port, type, Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(contract, "contract"), Objects.requireNonNull(policies, "policies"),
        salt, telemetry);
  }

  /**
   * A port known only by its storage: the contract and the access policies are those stored with
   * the publication read ({@link PublishedAccess}), and a publication without them is denied.
   */
  public static Source published(String port, String type, PublicationStore store,
      Telemetry telemetry) {
    return new Source(null, port, type, Objects.requireNonNull(store, "store"), null, null, null,
        telemetry);
  }

  /** See {@link OutputPort#read}. */
  public static BatchReader read(Source source, Principal principal, ReadOptions options) {
    Instruments tel = new Instruments(source.telemetry());
    String port = source.port();
    Span span = tel.startSpan(TelemetryNames.SPAN_CONSUME + " " + port, Context.current(),
        SpanKind.INTERNAL, Attributes.builder()
            .put(TelemetryNames.PRODUCT_NAME, source.product() == null ? "" : source.product())
            .put(TelemetryNames.PORT, port)
            .put(TelemetryNames.PORT_TYPE, source.type())
            .put(TelemetryNames.CONSUMER, principal.id())
            .build());
    try {
      return source.policies() != null ? readBound(source, principal, options, tel, span)
          : readPublished(source, principal, options, tel, span);
    } catch (RuntimeException e) {
      Instruments.fail(span, e);
      Instruments.end(span);
      throw e;
    }
  }

  /**
   * Refuses a read before any policy is evaluated (e.g. a quarantine read by someone who is not
   * an owner), with the same span, decision event and count as any denial.
   *
   * @throws AccessDeniedException always, with {@code reason}
   */
  public static AccessDeniedException deny(Source source, Principal principal, String reason) {
    Instruments tel = new Instruments(source.telemetry());
    Span span = tel.startSpan(TelemetryNames.SPAN_CONSUME + " " + source.port(),
        Context.current(), SpanKind.INTERNAL, Attributes.builder()
            .put(TelemetryNames.PRODUCT_NAME, source.product() == null ? "" : source.product())
            .put(TelemetryNames.PORT, source.port())
            .put(TelemetryNames.PORT_TYPE, source.type())
            .put(TelemetryNames.CONSUMER, principal.id())
            .build());
    try {
      audit(tel, span, source.product(), source.port(), principal,
          Decision.denied(reason));
      throw new IllegalStateException("unreachable");
    } catch (AccessDeniedException e) {
      Instruments.fail(span, e);
      Instruments.end(span);
      return e;
    }
  }

  private static BatchReader readBound(Source source, Principal principal, ReadOptions options,
      Instruments tel, Span span) {
    Schema schema = source.contract().schema();
    if (options.contractMajor().isEmpty() && options.publicationId().isEmpty()) {
      checkColumns(source.port(), schema, options);
    }
    Decision d = decide(source.policies(), principal, schema, source.port());
    audit(tel, span, source.product(), source.port(), principal, d);
    Publication pub = choose(source, options);
    Instruments.safely(span, s -> s.setAttribute(TelemetryNames.PUBLICATION_ID, pub.id()));
    // only now, after the grant and the choice: a denied read never claims a storage location
    Instruments.adapterAttributes(span, () -> source.store().readAttributes(pub));
    // rows come in the schema of the contract the publication was checked against: a reader
    // pinned to an older major gets that major's columns, not the current contract's
    Optional<DataContract> published = source.store().contractOf(pub);
    Schema stored = published.map(DataContract::schema).orElse(schema);
    for (String c : options.columns()) {
      if (!stored.contains(c)) {
        throw new IllegalArgumentException("Publication " + pub.id() + " of port '"
            + source.port() + "' has no column '" + c + "'; its columns are "
            + stored.fieldNames());
      }
    }
    Schema classified = strictest(stored, schema, published);
    if (classified != schema) {
      d = decide(source.policies(), principal, classified, source.port());
    }
    BatchReader raw = source.store().read(pub, stored, options.batchSize());
    return new GuardedReader(raw, classified, d, principal, options.columns(), source.salt(),
        span);
  }

  private static BatchReader readPublished(Source source, Principal principal,
      ReadOptions options, Instruments tel, Span span) {
    // the policies are the publication's: choose it first (metadata only), then decide
    Publication pub = choose(source, options);
    Instruments.safely(span, s -> s.setAttribute(TelemetryNames.PUBLICATION_ID, pub.id()));
    String what = "publication " + pub.id() + " of port '" + source.port() + "'";
    Optional<DataContract> contract = source.store().contractOf(pub);
    PublishedAccess access = null;
    String unknown = null;
    if (contract.isEmpty()) {
      unknown = what + " has no stored contract, so the owner's access policies are unknown";
    } else {
      try {
        access = PublishedAccess.of(contract.get()).orElse(null);
        if (access == null) {
          unknown = what + " carries no access policies (it was published by an SDK that did"
              + " not record them); the owner publishes again to record them";
        }
      } catch (DataProductException e) {
        unknown = what + " carries access policies that cannot be read (" + e.getMessage()
            + ")";
      }
    }
    if (unknown != null) {
      Decision d = Decision.denied("principal '" + principal.id() + "' may not read " + what
          + ": " + unknown);
      audit(tel, span, null, source.port(), principal, d);
      throw new AccessDeniedException(d.reason());
    }
    String product = access.product();
    Instruments.safely(span, s -> s.setAttribute(TelemetryNames.PRODUCT_NAME, product));
    Schema schema = contract.get().schema();
    checkColumns(source.port(), schema, options);
    Decision d = decide(access.policies(), principal, schema, source.port());
    if (d.granted()) {
      for (AccessPolicy.RowFilter f : d.filters()) {
        if (f.field() == null) {
          d = Decision.denied("principal '" + principal.id() + "' may not read " + what
              + " of product '" + product + "': the row filter '" + f.name() + "' of its policy"
              + " is Java code, which does not travel with a publication; read through the"
              + " owner's product in its JVM, or ask the owner for an attribute row filter"
              + " (filterRowsByAttribute)");
          break;
        }
      }
    }
    audit(tel, span, product, source.port(), principal, d);
    Instruments.adapterAttributes(span, () -> source.store().readAttributes(pub));
    BatchReader raw = source.store().read(pub, schema, options.batchSize());
    return new GuardedReader(raw, schema, d, principal, options.columns(),
        "dataproduct:" + product, span);
  }

  private static void checkColumns(String port, Schema schema, ReadOptions options) {
    for (String c : options.columns()) {
      if (!schema.contains(c)) {
        throw new IllegalArgumentException("Port '" + port + "' has no column '" + c
            + "'; columns are " + schema.fieldNames());
      }
    }
  }

  /**
   * The decision as a span event (with the principal's id) and a count (tagged with the deciding
   * policy role, never the id: bounded, and no personal data in metrics); a denial then throws.
   */
  private static void audit(Instruments tel, Span span, String product, String port,
      Principal principal, Decision d) {
    String outcome = d.granted() ? "granted" : "denied";
    Instruments.safely(span, s -> s.addEvent(TelemetryNames.EVENT_ACCESS_DECISION,
        Attributes.of(TelemetryNames.CONSUMER, principal.id(), TelemetryNames.ACCESS_OUTCOME,
            outcome)));
    Instruments.increment(tel.consumerReads(product == null ? "" : product, port, d.role(),
        outcome), 1);
    if (!d.granted()) {
      throw new AccessDeniedException(d.reason());
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

  private static Publication choose(Source port, ReadOptions options) {
    List<Publication> all = port.store().publications();
    if (options.publicationId().isPresent()) {
      long id = options.publicationId().getAsLong();
      Optional<Publication> p = all.stream().filter(x -> x.id() == id).findFirst();
      return p.orElseThrow(() -> new DataProductException("Port '" + port.port()
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
    throw new DataProductException("Port '" + port.port() + "' has no publication"
        + (options.contractMajor().isPresent()
            ? " under contract major version " + options.contractMajor().getAsInt() : "")
        + " yet");
  }
}
