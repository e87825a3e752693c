package dev.dataproduct.internal;

import dev.dataproduct.ContractViolationException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.InputCounts;
import dev.dataproduct.InputPort;
import dev.dataproduct.OnNonConforming;
import dev.dataproduct.OutputCounts;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunListener;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.TransformContext;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.DatasetStats;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.policy.Violation;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.ReadContext;
import dev.dataproduct.spi.WriteContext;
import dev.dataproduct.telemetry.TelemetryNames;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a product: reads, transforms, enforces, quarantines, publishes. Single-threaded;
 * a new instance per {@link DataProduct#run()}, so concurrent runs share nothing but the ports.
 *
 * <p>Order of a run: open a publication per output port (after the compatibility gate); run the
 * transform, which pulls input batches (conformance and expectations applied) and emits rows
 * (checked per batch, accepted rows written); check dataset rules; check row accounting; commit
 * the quarantine records, then each port's publication. Any failure aborts every publication not
 * yet committed; quarantine records are still committed for diagnosis.
 */
public final class Runner {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

  private final DataProduct product;
  private final Instruments tel;
  private final String runId = UUID.randomUUID().toString();
  private final Instant startedAt;
  private final int batchSize;
  private final Map<String, InputRun> inputs = new LinkedHashMap<>();
  private final Map<String, OutputRun> outputs = new LinkedHashMap<>();
  private final Map<PublicationStore, QuarantineSink> quarantines = new IdentityHashMap<>();
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private long filtered;
  private Context runContext;
  /** The first FAIL violation; sticky, so a transform that catches it cannot publish anyway. */
  private ContractViolationException failure;
  /** An input port's post-commit hook (e.g. storing a watermark) failed. */
  private boolean postCommitProblem;

  public Runner(DataProduct product) {
    this.product = product;
    this.tel = new Instruments(product.telemetry());
    this.startedAt = product.clock().instant();
    this.batchSize = product.batchSize();
  }

  public RunResult run() {
    Span runSpan = tel.startSpan(TelemetryNames.SPAN_RUN + " " + product.name(), Context.current(),
        SpanKind.INTERNAL, Attributes.builder()
            .put(TelemetryNames.PRODUCT_NAME, product.name())
            .put(TelemetryNames.PRODUCT_VERSION, product.version().toString())
            .put(TelemetryNames.PRODUCT_DOMAIN, product.domain())
            .put(TelemetryNames.RUN_ID, runId)
            .build());
    runContext = Context.current().with(runSpan);
    RunListener.Start start = notifyStart(runSpan);
    Throwable error = null;
    Map<String, Publication> publications = new LinkedHashMap<>();
    try (Scope ignored = runContext.makeCurrent()) {
      execute(publications);
    } catch (Throwable t) {
      error = t;
      abortAll(t);
      Instruments.fail(runSpan, t);
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      LOG.warn("Run {} of product {} failed: {}", runId, product.name(), describe(t));
    } finally {
      closeInputs();
    }
    boolean warnings = postCommitProblem || tallies.values().stream().anyMatch(v -> v.count > 0);
    RunOutcome outcome = error != null ? RunOutcome.FAILED
        : warnings ? RunOutcome.SUCCEEDED_WITH_WARNINGS : RunOutcome.SUCCEEDED;
    Instant endedAt = product.clock().instant();
    RunResult result = result(outcome, endedAt, publications, error);
    Instruments.safely(runSpan, s -> {
      s.setAttribute(TelemetryNames.ROWS, result.rowsWritten());
      s.setAttribute(TelemetryNames.ROWS_QUARANTINED, result.rowsQuarantined());
    });
    Instruments.end(runSpan);
    tel.runDuration(product.name(), outcome.name().toLowerCase(java.util.Locale.ROOT),
        result.duration());
    notifyComplete(start, result);
    return result;
  }

  private RunListener.Start notifyStart(Span runSpan) {
    io.opentelemetry.api.trace.SpanContext sc = runSpan.getSpanContext();
    RunListener.Start start = new RunListener.Start(product, runId, startedAt, sc.getTraceId(),
        sc.getSpanId());
    for (RunListener l : product.listeners()) {
      try {
        l.onStart(start);
      } catch (RuntimeException e) {
        LOG.warn("Run listener {} failed on the start of run {} of {}",
            l.getClass().getName(), runId, product.name(), e);
      }
    }
    return start;
  }

  private void notifyComplete(RunListener.Start start, RunResult result) {
    for (RunListener l : product.listeners()) {
      try {
        l.onComplete(start, result);
      } catch (RuntimeException e) {
        LOG.warn("Run listener {} failed on the end of run {} of {}",
            l.getClass().getName(), runId, product.name(), e);
      }
    }
  }

  private static String describe(Throwable t) {
    // only the SDK's own messages are known to be free of classified values
    return t instanceof DataProductException ? t.getMessage() : t.getClass().getName();
  }

  private void execute(Map<String, Publication> publications) throws Exception {
    for (InputPort in : product.inputs().values()) {
      inputs.put(in.name(), new InputRun(in, product.expectations().getOrDefault(in.name(),
          List.of())));
    }
    for (OutputPort out : product.outputs().values()) {
      outputs.put(out.name(), new OutputRun(out));
    }
    for (OutputRun out : outputs.values()) {
      out.open();
    }
    for (OutputRun out : outputs.values()) {
      out.openWriter();
    }

    Span transformSpan = tel.startSpan(TelemetryNames.SPAN_TRANSFORM, runContext,
        SpanKind.INTERNAL, Attributes.of(TelemetryNames.PRODUCT_NAME, product.name(),
            TelemetryNames.RUN_ID, runId));
    try (Scope ignored = runContext.with(transformSpan).makeCurrent()) {
      product.transform().apply(new Context_());
      if (failure != null) {
        throw failure;
      }
    } catch (Throwable t) {
      Instruments.fail(transformSpan, t);
      throw t;
    } finally {
      Instruments.end(transformSpan);
    }
    closeInputs();
    for (OutputRun out : outputs.values()) {
      out.flush();
    }
    for (OutputRun out : outputs.values()) {
      out.checkDataset();
    }
    if (failure != null) {
      throw failure;
    }
    List<String> problems = Accounting.problems(inputCounts(), outputCounts(true),
        product.transform().isRowWise());
    if (!problems.isEmpty()) {
      LOG.error("Row accounting of run {} of {} does not balance: {}", runId, product.name(),
          problems);
      throw new IllegalStateException("Row accounting does not balance: " + problems);
    }
    // quarantine first: if it cannot be stored, nothing is published and nothing is lost
    for (QuarantineSink q : quarantines.values()) {
      q.commit();
    }
    for (OutputRun out : outputs.values()) {
      publications.put(out.port.name(), out.commit());
    }
    for (InputRun in : inputs.values()) {
      try {
        in.committed();
      } catch (RuntimeException e) {
        // the publications are visible already: the run succeeded, with a warning
        postCommitProblem = true;
        LOG.warn("Run {} of {}: input port {} failed after the commit: {}", runId,
            product.name(), in.port.name(), describe(e));
      }
    }
  }

  private void abortAll(Throwable cause) {
    for (OutputRun out : outputs.values()) {
      out.abort(cause);
    }
    for (QuarantineSink q : quarantines.values()) {
      try {
        q.commit();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
        LOG.error("Run {} of {}: {} quarantined rows could not be stored: {}", runId,
            product.name(), q.total, describe(e));
      }
    }
  }

  private void closeInputs() {
    for (InputRun in : inputs.values()) {
      in.close();
    }
  }

  private Map<String, InputCounts> inputCounts() {
    Map<String, InputCounts> m = new LinkedHashMap<>();
    for (InputRun in : inputs.values()) {
      m.put(in.port.name(), new InputCounts(in.port.name(), in.read, in.quarantined,
          in.delivered));
    }
    return m;
  }

  /**
   * Per output port counts. Before commit, accepted rows count as written (they are about to
   * be); after, only rows of a committed publication do, the rest of the accepted rows are
   * discarded.
   */
  private Map<String, OutputCounts> outputCounts(boolean beforeCommit) {
    Map<String, OutputCounts> m = new LinkedHashMap<>();
    for (OutputRun out : outputs.values()) {
      long written = beforeCommit || out.publication != null ? out.accepted : 0;
      long discarded = beforeCommit ? 0 : out.received - out.quarantined - written;
      m.put(out.port.name(), new OutputCounts(out.port.name(), out.received, written,
          out.quarantined, discarded, filtered));
    }
    return m;
  }

  private RunResult result(RunOutcome outcome, Instant endedAt,
      Map<String, Publication> publications, Throwable error) {
    List<Violation> violations = new ArrayList<>();
    for (Tally t : tallies.values()) {
      violations.add(new Violation(t.port, t.ruleId, t.action, t.count, t.example));
    }
    return new RunResult(runId, product.name(), product.version().toString(), outcome, startedAt,
        endedAt, inputCounts(), outputCounts(false), product.transform().isRowWise(),
        publications, violations, java.util.Optional.ofNullable(error));
  }

  /**
   * Runs {@code checks} on a conforming row in order. WARN violations are tallied and checking
   * goes on; the first QUARANTINE or FAIL violation stops it.
   *
   * @return the check that rejects the row, or {@code null} when the row is accepted
   */
  private RowCheck firstRejecting(RowCheck[] checks, Row row, String port) {
    for (RowCheck c : checks) {
      if (!c.test(row)) {
        if (c.rule().action() != Action.WARN) {
          return c;
        }
        tally(port, c.rule().id(), Action.WARN, c.reason(row));
      }
    }
    return null;
  }

  private ContractViolationException fail(String message) {
    if (failure == null) {
      failure = new ContractViolationException(message);
    }
    return failure;
  }

  private Tally tally(String port, String ruleId, Action action, String reason) {
    Tally t = tallies.computeIfAbsent(port + "\u0000" + ruleId,
        k -> new Tally(port, ruleId, action, reason));
    t.count++;
    return t;
  }

  private QuarantineSink quarantineFor(PublicationStore store, String port) {
    return quarantines.computeIfAbsent(store, s -> new QuarantineSink(s, port));
  }

  /** Violations of one rule on one port. */
  private static final class Tally {
    final String port;
    final String ruleId;
    final Action action;
    final String example;
    long count;
    long reported;

    Tally(String port, String ruleId, Action action, String example) {
      this.port = port;
      this.ruleId = ruleId;
      this.action = action;
      this.example = example;
    }
  }

  private void reportTallies(String port, Span span) {
    for (Tally t : tallies.values()) {
      if (!t.port.equals(port) || t.count == t.reported) {
        continue;
      }
      long delta = t.count - t.reported;
      t.reported = t.count;
      Instruments.increment(tel.violations(product.name(), port, t.ruleId), delta);
      Instruments.safely(span, s -> s.addEvent(TelemetryNames.EVENT_POLICY_VIOLATION,
          Attributes.of(TelemetryNames.RULE_ID, t.ruleId, TelemetryNames.VIOLATION_COUNT,
              t.count, TelemetryNames.RULE_ACTION, t.action.name())));
    }
  }

  // ---------------------------------------------------------------------------------------
  // quarantine

  private final class QuarantineSink {
    final PublicationStore store;
    final String port;
    final List<Row> buffer = new ArrayList<>();
    PublicationWriter writer;
    long total;
    boolean done;

    QuarantineSink(PublicationStore store, String port) {
      this.store = store;
      this.port = port;
    }

    void add(Row record) {
      buffer.add(record);
      total++;
      if (buffer.size() >= batchSize) {
        flush();
      }
    }

    void flush() {
      if (buffer.isEmpty()) {
        return;
      }
      if (writer == null) {
        writer = store.open(new WriteCtx(port, QUARANTINE_CONTRACT, Span.getInvalid()));
      }
      writer.write(List.copyOf(buffer));
      buffer.clear();
    }

    void commit() {
      if (done) {
        return;
      }
      done = true;
      flush();
      if (writer != null) {
        writer.commit();
      }
    }
  }

  private static final DataContract QUARANTINE_CONTRACT =
      DataContract.builder("quarantine").version("1.0.0").schema(Quarantine.SCHEMA).build();

  /**
   * A row rejected on a port: tallied, sent to the port's quarantine sink (also for FAIL, so a
   * failed run can be diagnosed), and for FAIL the run's sticky failure is thrown.
   */
  private void reject(String kind, String port, PublicationStore sink, Row row, String ruleId,
      Action action, String reason) {
    tally(port, ruleId, action, reason);
    quarantineFor(sink, port).add(QuarantineRecords.of(runId, product.name(), port, ruleId,
        action == Action.FAIL ? "FAIL: " + reason : reason, product.clock().instant(), row));
    if (action == Action.FAIL) {
      throw fail(kind + " port '" + port + "': rule '" + ruleId + "' (action FAIL) violated: "
          + reason);
    }
  }

  // ---------------------------------------------------------------------------------------
  // inputs

  private final class InputRun implements ReadContext {
    final InputPort port;
    final Conformance conformance;
    final RowCheck[] checks;
    final Counter readCounter;
    final Counter quarantinedCounter;
    Span span;
    BatchReader reader;
    boolean opened;
    boolean exhausted;
    long read;
    long quarantined;
    long delivered;

    InputRun(InputPort port, List<RowRule> expectations) {
      this.port = port;
      this.conformance = new Conformance(port.schema());
      this.checks = RowChecks.compileAll(ordered(expectations), port.schema(), startedAt);
      this.readCounter = tel.rowsRead(product.name(), port.name());
      this.quarantinedCounter = tel.rowsQuarantined(product.name(), port.name());
    }

    Iterator<List<Row>> batches() {
      if (opened) {
        throw new IllegalStateException(
            "Input port '" + port.name() + "' can be iterated once per run");
      }
      opened = true;
      span = tel.startSpan(TelemetryNames.SPAN_READ + " " + port.name(), runContext,
          SpanKind.INTERNAL, Attributes.builder()
              .put(TelemetryNames.PRODUCT_NAME, product.name())
              .put(TelemetryNames.RUN_ID, runId)
              .put(TelemetryNames.PORT, port.name())
              .put(TelemetryNames.PORT_TYPE, port.type())
              .build());
      try {
        reader = port.read(this);
      } catch (RuntimeException e) {
        Instruments.fail(span, e);
        Instruments.end(span);
        span = null;
        throw e;
      }
      return new Iterator<>() {
        List<Row> next;

        @Override
        public boolean hasNext() {
          while (next == null && !exhausted) {
            List<Row> raw = reader.next();
            if (raw.isEmpty()) {
              exhausted = true;
              close();
              break;
            }
            List<Row> accepted = accept(raw);
            if (!accepted.isEmpty()) {
              next = accepted;
            }
          }
          return next != null;
        }

        @Override
        public List<Row> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          List<Row> b = next;
          next = null;
          return b;
        }
      };
    }

    private List<Row> accept(List<Row> raw) {
      List<Row> accepted = new ArrayList<>(raw.size());
      long before = read;
      long quarantinedBefore = quarantined;
      try {
        for (Row row : raw) {
          read++;
          Row r = conformance.conform(row);
          if (r == null) {
            reject(row, Quarantine.SCHEMA_RULE_ID, Action.QUARANTINE, conformance.reason());
            continue;
          }
          RowCheck rejecting = firstRejecting(checks, r, port.name());
          if (rejecting == null) {
            accepted.add(r);
          } else {
            reject(r, rejecting.rule().id(), rejecting.rule().action(), rejecting.reason(r));
          }
        }
      } finally {
        delivered += accepted.size();
        Instruments.increment(readCounter, read - before);
        Instruments.increment(quarantinedCounter, quarantined - quarantinedBefore);
      }
      return Collections.unmodifiableList(accepted);
    }

    private void reject(Row row, String ruleId, Action action, String reason) {
      quarantined++;
      Runner.this.reject("Input", port.name(), product.inputQuarantine(), row, ruleId, action,
          reason);
    }

    /** A record the port's reader could not read as a row: read, and quarantined. */
    @Override
    public void quarantine(String reason, String record) {
      Objects.requireNonNull(reason, "reason");
      if (!opened) {
        throw new IllegalStateException("Input port '" + port.name() + "' quarantined a record"
            + " before it was read");
      }
      read++;
      quarantined++;
      Instruments.increment(readCounter, 1);
      Instruments.increment(quarantinedCounter, 1);
      tally(port.name(), Quarantine.MALFORMED_RULE_ID, Action.QUARANTINE, reason);
      quarantineFor(product.inputQuarantine(), port.name()).add(QuarantineRecords.ofMalformed(
          runId, product.name(), port.name(), reason, product.clock().instant(), record));
    }

    void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (RuntimeException e) {
          LOG.debug("Closing input {} failed", port.name(), e);
        }
        reader = null;
      }
      if (span != null) {
        Span s = span;
        span = null;
        reportTallies(port.name(), s);
        Instruments.safely(s, x -> {
          x.setAttribute(TelemetryNames.ROWS, read);
          x.setAttribute(TelemetryNames.ROWS_QUARANTINED, quarantined);
        });
        Instruments.end(s);
      }
    }

    void committed() {
      port.onRunCommitted(this);
    }

    @Override
    public String productName() {
      return product.name();
    }

    @Override
    public String productVersion() {
      return product.version().toString();
    }

    @Override
    public String portName() {
      return port.name();
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public int batchSize() {
      return batchSize;
    }

    @Override
    public void setAttribute(String key, String value) {
      Span s = span;
      if (s != null) {
        Instruments.adapterAttribute(s, key, value);
      }
    }
  }

  /** Rules in evaluation order: uniqueness last, so a rejected row never claims its key. */
  private static List<RowRule> ordered(List<RowRule> rules) {
    List<RowRule> out = new ArrayList<>(rules.size());
    for (RowRule r : rules) {
      if (r.kind() != RowRule.Kind.UNIQUE) {
        out.add(r);
      }
    }
    for (RowRule r : rules) {
      if (r.kind() == RowRule.Kind.UNIQUE) {
        out.add(r);
      }
    }
    return out;
  }

  /** Id of the implied rule checking a composite primary key. */
  static final String PRIMARY_KEY_RULE_ID = "primary-key-unique";

  /**
   * The contract's row rules plus the uniqueness its schema implies: each field declared unique,
   * a single-field primary key, and a composite primary key as one rule over the whole key (its
   * fields are not unique one by one). A fresh list per run: the uniqueness state lives in it.
   * Uniqueness is checked last, so a row rejected by another rule never claims its key.
   */
  static List<RowRule> effectiveRules(DataContract contract) {
    List<RowRule> rules = new ArrayList<>(contract.rowRules());
    Set<String> uniqueAlready = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    for (RowRule r : rules) {
      ids.add(r.id());
      if (r.kind() == RowRule.Kind.UNIQUE) {
        r.field().ifPresent(uniqueAlready::add);
      }
    }
    List<dev.dataproduct.Field> key = contract.schema().primaryKey();
    for (dev.dataproduct.Field f : contract.schema().fields()) {
      boolean alone = f.isPrimaryKey() ? key.size() == 1 : f.isUnique();
      if (alone && !uniqueAlready.contains(f.name())) {
        RowRule implied = Rules.unique(f.name());
        if (!ids.contains(implied.id())) {
          rules.add(implied);
        }
      }
    }
    List<RowRule> out = ordered(rules);
    if (key.size() > 1 && !ids.contains(PRIMARY_KEY_RULE_ID)) {
      out.add(compositeKeyRule(contract.schema(), key));
    }
    return out;
  }

  private static RowRule compositeKeyRule(dev.dataproduct.Schema schema,
      List<dev.dataproduct.Field> key) {
    int[] index = new int[key.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = schema.indexOf(key.get(i).name());
    }
    Set<List<Object>> seen = new java.util.HashSet<>();
    return Rules.custom(PRIMARY_KEY_RULE_ID, row -> {
      Object[] k = new Object[index.length];
      for (int i = 0; i < index.length; i++) {
        Object v = row.get(index[i]);
        k[i] = v instanceof java.math.BigDecimal ? ((java.math.BigDecimal) v).stripTrailingZeros()
            : v;
      }
      return seen.add(java.util.Arrays.asList(k));
    }).description("primary key " + key.stream().map(dev.dataproduct.Field::name)
        .collect(java.util.stream.Collectors.joining(", ", "(", ")"))
        + " unique within the publication");
  }

  // ---------------------------------------------------------------------------------------
  // outputs

  private final class OutputRun {
    final OutputPort port;
    final Conformance conformance;
    final RowCheck[] checks;
    final List<Row> buffer;
    final Counter quarantinedCounter;
    final Counter bytesCounter;
    java.util.concurrent.atomic.AtomicLong freshness;
    Span span;
    PublicationWriter writer;
    Representability representable;
    Publication publication;
    long received;
    long accepted;
    long quarantined;
    long bytesReported;

    OutputRun(OutputPort port) {
      this.port = port;
      DataContract contract = port.contract();
      this.conformance = new Conformance(contract.schema());
      this.checks = RowChecks.compileAll(effectiveRules(contract), contract.schema(), startedAt);
      this.buffer = new ArrayList<>(Math.min(batchSize, 65_536));
      this.quarantinedCounter = tel.rowsQuarantined(product.name(), port.name());
      this.bytesCounter = tel.bytesWritten(product.name(), port.name());
      seedFreshness();
    }

    /** Freshness counts from the port's last publication, even one of an earlier process. */
    private void seedFreshness() {
      freshness = tel.freshness(product.name(), port.name(), product.clock());
      java.util.concurrent.atomic.AtomicLong last = freshness;
      if (last.get() == Long.MIN_VALUE) {
        try {
          port.latest().ifPresent(p -> last.compareAndSet(Long.MIN_VALUE,
              p.committedAt().toEpochMilli()));
        } catch (RuntimeException e) {
          LOG.debug("Could not read the latest publication of {}", port.name(), e);
        }
      }
    }

    void open() {
      span = tel.startSpan(TelemetryNames.SPAN_WRITE + " " + port.name(), runContext,
          SpanKind.INTERNAL, Attributes.builder()
              .put(TelemetryNames.PRODUCT_NAME, product.name())
              .put(TelemetryNames.RUN_ID, runId)
              .put(TelemetryNames.PORT, port.name())
              .put(TelemetryNames.PORT_TYPE, port.type())
              .build());
      // compatibility gate: fails before any publication of the run is opened
      ContractGate.check(port);
    }

    void openWriter() {
      writer = port.store().open(new WriteCtx(port.name(), port.contract(), span));
      representable = Representability.compile(port.contract().schema(),
          port.store().valueDomain());
    }

    void emit(Row row) {
      if (failure != null) {
        throw failure;
      }
      received++;
      buffer.add(row);
      if (buffer.size() >= batchSize) {
        flush();
      }
    }

    void flush() {
      if (buffer.isEmpty()) {
        return;
      }
      List<Row> batch = new ArrayList<>(buffer.size());
      int processed = 0;
      long quarantinedBefore = quarantined;
      try {
        for (Row row : buffer) {
          processed++;
          Row r = conformance.conform(row);
          if (r == null) {
            Action action = port.onNonConforming() == OnNonConforming.FAIL
                ? Action.FAIL : Action.QUARANTINE;
            reject(row, Quarantine.SCHEMA_RULE_ID, action, conformance.reason());
            continue;
          }
          String unrepresentable = representable.check(r);
          if (unrepresentable != null) {
            reject(r, Quarantine.REPRESENTABLE_RULE_ID, port.onNonConforming()
                == OnNonConforming.FAIL ? Action.FAIL : Action.QUARANTINE, unrepresentable);
            continue;
          }
          RowCheck rejecting = firstRejecting(checks, r, port.name());
          if (rejecting == null) {
            batch.add(r);
          } else {
            reject(r, rejecting.rule().id(), rejecting.rule().action(), rejecting.reason(r));
          }
        }
      } finally {
        buffer.subList(0, processed).clear();
        Instruments.increment(quarantinedCounter, quarantined - quarantinedBefore);
      }
      if (!batch.isEmpty()) {
        writer.write(Collections.unmodifiableList(batch));
        accepted += batch.size();
      }
      reportBytes();
    }

    private void reportBytes() {
      long bytes = writer.bytesWritten();
      if (bytes > bytesReported) {
        Instruments.increment(bytesCounter, bytes - bytesReported);
        bytesReported = bytes;
      }
    }

    private void reject(Row row, String ruleId, Action action, String reason) {
      quarantined++;
      Runner.this.reject("Output", port.name(), port.quarantine(), row, ruleId, action, reason);
    }

    void checkDataset() {
      Map<String, Long> byRule = new LinkedHashMap<>();
      for (Tally t : tallies.values()) {
        if (t.port.equals(port.name())) {
          byRule.put(t.ruleId, t.count);
        }
      }
      DatasetStats stats = new DatasetStats(port.name(), accepted, quarantined, byRule);
      for (DatasetRule rule : port.contract().datasetRules()) {
        java.util.Optional<String> reason;
        try {
          reason = rule.evaluate(stats);
        } catch (RuntimeException e) {
          reason = java.util.Optional.of("dataset rule '" + rule.id() + "' threw "
              + e.getClass().getSimpleName());
        }
        if (reason.isPresent()) {
          tally(port.name(), rule.id(), rule.action(), reason.get());
          if (rule.action() == Action.FAIL) {
            throw fail("Output port '" + port.name() + "': rule '" + rule.id()
                + "' (action FAIL) violated: " + reason.get());
          }
        }
      }
    }

    Publication commit() {
      publication = writer.commit();
      reportBytes();
      writer = null;
      reportTallies(port.name(), span);
      Instruments.increment(tel.rowsWritten(product.name(), port.name()), publication.rows());
      freshness.accumulateAndGet(publication.committedAt().toEpochMilli(), Math::max);
      Publication p = publication;
      Instruments.safely(span, s -> {
        s.setAttribute(TelemetryNames.PUBLICATION_ID, p.id());
        s.setAttribute(TelemetryNames.ROWS, p.rows());
        s.setAttribute(TelemetryNames.ROWS_QUARANTINED, quarantined);
      });
      Instruments.end(span);
      if (p.rows() != accepted) {
        LOG.warn("Port {} committed {} rows but {} were written", port.name(), p.rows(),
            accepted);
      }
      return p;
    }

    void abort(Throwable cause) {
      if (writer != null) {
        try {
          writer.abort();
        } catch (RuntimeException e) {
          cause.addSuppressed(e);
        }
        writer = null;
      }
      if (span != null && publication == null) {
        reportTallies(port.name(), span);
        Instruments.fail(span, cause);
        Instruments.end(span);
      }
    }
  }

  private final class WriteCtx implements WriteContext {
    private final String port;
    private final DataContract contract;
    private final Span span;

    WriteCtx(String port, DataContract contract, Span span) {
      this.port = port;
      this.contract = contract;
      this.span = span;
    }

    @Override
    public String productName() {
      return product.name();
    }

    @Override
    public String productVersion() {
      return product.version().toString();
    }

    @Override
    public String portName() {
      return port;
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public DataContract contract() {
      return contract;
    }

    @Override
    public void setAttribute(String key, String value) {
      Instruments.adapterAttribute(span, key, value);
    }
  }

  // ---------------------------------------------------------------------------------------
  // the transform's view

  private final class Context_ implements TransformContext {
    @Override
    public Set<String> inputs() {
      return product.inputs().keySet();
    }

    @Override
    public Set<String> outputs() {
      return product.outputs().keySet();
    }

    private InputRun input(String name) {
      InputRun in = Runner.this.inputs.get(name);
      if (in == null) {
        throw new IllegalArgumentException("Product '" + product.name()
            + "' has no input port '" + name + "'; input ports are " + inputs());
      }
      return in;
    }

    @Override
    public Iterable<List<Row>> batches(String inputPort) {
      InputRun in = input(inputPort);
      return in::batches;
    }

    @Override
    public Iterable<Row> rows(String inputPort) {
      InputRun in = input(inputPort);
      return () -> new Iterator<>() {
        final Iterator<List<Row>> batches = in.batches();
        Iterator<Row> current = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && batches.hasNext()) {
            current = batches.next().iterator();
          }
          return current.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }

    @Override
    public void emit(String outputPort, Row row) {
      OutputRun out = Runner.this.outputs.get(outputPort);
      if (out == null) {
        throw new IllegalArgumentException("Product '" + product.name()
            + "' has no output port '" + outputPort + "'; output ports are " + outputs());
      }
      out.emit(java.util.Objects.requireNonNull(row, "row"));
    }

    @Override
    public void emit(Row row) {
      if (Runner.this.outputs.size() != 1) {
        throw new IllegalStateException("Product '" + product.name() + "' has "
            + Runner.this.outputs.size() + " output ports " + outputs()
            + "; name the port in emit(port, row)");
      }
      Runner.this.outputs.values().iterator().next().emit(java.util.Objects.requireNonNull(row,
          "row"));
    }

    @Override
    public void countFiltered(long rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("Filtered row count must be >= 0, was " + rows);
      }
      filtered += rows;
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public Instant runStartedAt() {
      return startedAt;
    }
  }
}
