package dev.dataproduct.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names the SDK's spans, attributes, events and meters use. They are public API: dashboards
 * and alerts depend on them, so they change only with a major version.
 *
 * <table>
 *   <caption>Spans (tracer scope {@value #INSTRUMENTATION_SCOPE})</caption>
 *   <tr><td>{@code dataproduct.run {product}}</td><td>one {@code run()}</td></tr>
 *   <tr><td>{@code dataproduct.read {port}}</td><td>one input port read</td></tr>
 *   <tr><td>{@code dataproduct.transform}</td><td>the transform</td></tr>
 *   <tr><td>{@code dataproduct.write {port}}</td><td>writing one output port, through commit</td></tr>
 *   <tr><td>{@code dataproduct.consume {port}}</td><td>a consumer read through an output port</td></tr>
 * </table>
 *
 * <p>Meters are Micrometer names; each registry renders them in its own convention. In a
 * Prometheus scrape (micrometer-registry-prometheus) they read:
 *
 * <table>
 *   <caption>Meters and their Prometheus names</caption>
 *   <tr><th>meter</th><th>type</th><th>Prometheus</th></tr>
 *   <tr><td>{@value #METER_RUN_DURATION}</td><td>timer, tag {@code outcome}</td>
 *       <td>{@code dataproduct_run_duration_seconds_count}, {@code _sum}, {@code _max}</td></tr>
 *   <tr><td>{@value #METER_ROWS_READ}</td><td>counter</td>
 *       <td>{@code dataproduct_rows_read_total}</td></tr>
 *   <tr><td>{@value #METER_ROWS_WRITTEN}</td><td>counter</td>
 *       <td>{@code dataproduct_rows_written_total}</td></tr>
 *   <tr><td>{@value #METER_ROWS_QUARANTINED}</td><td>counter</td>
 *       <td>{@code dataproduct_rows_quarantined_total}</td></tr>
 *   <tr><td>{@value #METER_BYTES_WRITTEN}</td><td>counter, only for stores that count bytes</td>
 *       <td>{@code dataproduct_bytes_written_total}</td></tr>
 *   <tr><td>{@value #METER_POLICY_VIOLATIONS}</td><td>counter, tag {@code rule}</td>
 *       <td>{@code dataproduct_policy_violations_total}</td></tr>
 *   <tr><td>{@value #METER_FRESHNESS}</td><td>gauge, seconds since the last publication</td>
 *       <td>{@code dataproduct_freshness_seconds}</td></tr>
 *   <tr><td>{@value #METER_FRESHNESS_OBJECTIVE}</td><td>gauge, seconds the latest publication
 *       may age (the contract's freshness objective), for ports that declare one</td>
 *       <td>{@code dataproduct_freshness_objective_seconds}</td></tr>
 *   <tr><td>{@value #METER_FRESHNESS_BREACHES}</td><td>counter, runs that found the latest
 *       publication older than the objective</td>
 *       <td>{@code dataproduct_freshness_breaches_total}</td></tr>
 *   <tr><td>{@value #METER_CONSUMER_READS}</td><td>counter, tags {@code role}, {@code outcome}</td>
 *       <td>{@code dataproduct_consumer_reads_total}</td></tr>
 * </table>
 *
 * <p>The row and byte counters carry no Micrometer base unit: their unit is a word of the name,
 * and micrometer-registry-prometheus appends a base unit to a name that does not end with it
 * ({@code dataproduct_rows_read_rows_total}). Every meter has tags {@code product} and {@code
 * port} (the run timer {@code product} only); tags are low-cardinality only.
 */
public final class TelemetryNames {
  private TelemetryNames() {}

  /** Tracer and meter scope. */
  public static final String INSTRUMENTATION_SCOPE = "dev.dataproduct";

  // spans: the full name is "<prefix> <product or port>"
  public static final String SPAN_RUN = "dataproduct.run";
  public static final String SPAN_READ = "dataproduct.read";
  public static final String SPAN_TRANSFORM = "dataproduct.transform";
  public static final String SPAN_WRITE = "dataproduct.write";
  public static final String SPAN_CONSUME = "dataproduct.consume";

  // span attributes
  public static final AttributeKey<String> PRODUCT_NAME = AttributeKey.stringKey("dataproduct.name");
  public static final AttributeKey<String> PRODUCT_VERSION =
      AttributeKey.stringKey("dataproduct.version");
  public static final AttributeKey<String> PRODUCT_DOMAIN =
      AttributeKey.stringKey("dataproduct.domain");
  public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("dataproduct.run.id");
  public static final AttributeKey<String> PORT = AttributeKey.stringKey("dataproduct.port");
  public static final AttributeKey<String> PORT_TYPE =
      AttributeKey.stringKey("dataproduct.port.type");
  public static final AttributeKey<Long> PUBLICATION_ID =
      AttributeKey.longKey("dataproduct.publication.id");
  public static final AttributeKey<Long> ROWS = AttributeKey.longKey("dataproduct.rows");
  public static final AttributeKey<Long> ROWS_QUARANTINED =
      AttributeKey.longKey("dataproduct.rows.quarantined");

  // span events
  /** Event on a run or write span: one per violated rule, with its id and count. */
  public static final String EVENT_POLICY_VIOLATION = "dataproduct.policy.violation";
  public static final AttributeKey<String> RULE_ID = AttributeKey.stringKey("dataproduct.rule.id");
  public static final AttributeKey<Long> VIOLATION_COUNT =
      AttributeKey.longKey("dataproduct.violation.count");
  public static final AttributeKey<String> RULE_ACTION =
      AttributeKey.stringKey("dataproduct.rule.action");
  /**
   * Event on a run span: the run failed after some output ports had committed; it names the
   * ports whose publication is visible and those whose is not.
   */
  public static final String EVENT_PARTIALLY_PUBLISHED = "dataproduct.run.partially_published";
  public static final AttributeKey<java.util.List<String>> PORTS_PUBLISHED =
      AttributeKey.stringArrayKey("dataproduct.ports.published");
  public static final AttributeKey<java.util.List<String>> PORTS_NOT_PUBLISHED =
      AttributeKey.stringArrayKey("dataproduct.ports.not_published");
  /**
   * Event on a run span: a port's store could not tell whether its commit took effect ({@code
   * RunOutcome.COMMIT_UNKNOWN}); {@link #PORT} names it, {@link #PORTS_PUBLISHED} the ports
   * committed before it.
   */
  public static final String EVENT_COMMIT_UNKNOWN = "dataproduct.run.commit_unknown";
  /**
   * Event on a run span: the run found an output port's latest publication older than the
   * port's freshness objective ({@code DataContract.freshnessObjective()}); {@link #PORT} names
   * the port, {@link #FRESHNESS_AGE} and {@link #FRESHNESS_OBJECTIVE} give both in seconds.
   */
  public static final String EVENT_FRESHNESS_BREACH = "dataproduct.freshness.breach";
  /** Seconds since the port's latest publication, when the run started. */
  public static final AttributeKey<Double> FRESHNESS_AGE =
      AttributeKey.doubleKey("dataproduct.freshness.age");
  /** The port's freshness objective, in seconds. */
  public static final AttributeKey<Double> FRESHNESS_OBJECTIVE =
      AttributeKey.doubleKey("dataproduct.freshness.objective");
  /**
   * Event on a consume span: the access decision. The consumer's principal id is on the span and
   * the event ({@link #CONSUMER}), never on a meter.
   */
  public static final String EVENT_ACCESS_DECISION = "dataproduct.access.decision";
  public static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("dataproduct.consumer");
  public static final AttributeKey<String> ACCESS_OUTCOME =
      AttributeKey.stringKey("dataproduct.access.outcome");

  // meters
  public static final String METER_RUN_DURATION = "dataproduct.run.duration";
  public static final String METER_ROWS_READ = "dataproduct.rows.read";
  public static final String METER_ROWS_WRITTEN = "dataproduct.rows.written";
  public static final String METER_ROWS_QUARANTINED = "dataproduct.rows.quarantined";
  public static final String METER_BYTES_WRITTEN = "dataproduct.bytes.written";
  public static final String METER_POLICY_VIOLATIONS = "dataproduct.policy.violations";
  public static final String METER_FRESHNESS = "dataproduct.freshness";
  public static final String METER_FRESHNESS_OBJECTIVE = "dataproduct.freshness.objective";
  public static final String METER_FRESHNESS_BREACHES = "dataproduct.freshness.breaches";
  public static final String METER_CONSUMER_READS = "dataproduct.consumer.reads";

  // meter tags: low cardinality only
  public static final String TAG_PRODUCT = "product";
  public static final String TAG_PORT = "port";
  public static final String TAG_RULE = "rule";
  public static final String TAG_OUTCOME = "outcome";
  /**
   * Tag of {@link #METER_CONSUMER_READS}: the policy role that decided the read (a role named by
   * the matching allow or deny policy), {@code *} for a read granted by {@code
   * AccessPolicy.allowAll()}, {@code none} when no policy role decided (no grant, no policies).
   * Bounded by the roles the owner's policies name; the principal's id is never a tag.
   */
  public static final String TAG_ROLE = "role";
}
